/**
 * The one interface every search in lockstep uses. A model is a pure,
 * deterministic transition system: initial states, the actions enabled in a
 * state (in a fixed order, never a disabled one), and the next state. The
 * engine knows nothing else about it, so a two-phase-commit model or a water
 * jug puzzle is checked by the same code as the replication protocol.
 */
import type { ByteReader, ByteWriter } from './bytes.ts';

export interface Model<S, A> {
  /** Initial states, in a fixed order. */
  init(): readonly S[];
  /** Enabled actions in a fixed order. */
  actions(state: S): A[];
  /** The successor of `state` under an enabled `action`. Must not mutate `state`. */
  next(state: S, action: A): S;
  /**
   * Optional fast path: apply `action` to `state` in place. The engine calls
   * it only on a private copy it has just decoded, so the result must equal
   * `next(state, action)`; a model built with immer passes its recipe here.
   */
  nextInPlace?(state: S, action: A): void;
  /**
   * Optional: a copy of `state` that `nextInPlace` may change without
   * touching the original (objects it never changes may be shared). The fast
   * path then clones the parent instead of decoding it again per successor.
   */
  cloneForUpdate?(state: S): S;
  /**
   * A canonical, compact encoding: two states are the same state exactly when
   * their encodings are equal. Without it the engine falls back to JSON.
   */
  encode?(state: S, out: ByteWriter): void;
  /** The inverse of `encode`. */
  decode?(input: ByteReader): S;
  /**
   * Optional symmetry reduction: bytes that are equal for two states exactly
   * when the model's symmetries map one onto the other (for example the
   * smallest encoding over all renamings of interchangeable identities). The
   * search then keeps one state per class, and fingerprints these bytes
   * instead of `encode`'s; it still stores and replays real states. Sound
   * for safety properties only, whose verdicts must not change under the
   * symmetries; a search with `eventually` properties refuses it. The
   * search passes `encode`'s bytes for the state as `encoded`, so that a
   * model need not make them again.
   */
  canonical?(state: S, out: ByteWriter, encoded: ByteWriter): void;
  /**
   * The weak-fairness class of `action` in `state`, or null when the action
   * is not weakly fair there (faults, timeouts without a cause).
   */
  fairness?(state: S, action: A): string | null;
  /**
   * Whether an action is a fault the environment injects (a crash, a cut).
   * Random search makes faults likely enough to matter, and shrinks a
   * counterexample to as few of them as it can before it shortens it.
   */
  isFault?(action: A): boolean;
  /**
   * Optional, for coverage: the names of the model's types of action, and
   * the type of an action as an index into them. The searches then count
   * per type how many transitions took it, and report the types no
   * transition took as dead: a model whose action never fires can pass its
   * checks vacuously. Called once per transition: keep it a lookup.
   */
  readonly actionTypes?: readonly string[];
  actionType?(action: A): number;
}

export type PropertyKind = 'always' | 'sometimes' | 'eventually';

/**
 * A named predicate over states. `always`: must hold in every reachable
 * state. `sometimes`: must hold in at least one (a witness, so a model that
 * does nothing fails). `eventually`: every fair behaviour must reach a state
 * where it holds.
 */
export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description: string;
  holds(state: S): boolean;
}

export function always<S>(name: string, description: string, holds: (s: S) => boolean): Property<S> {
  return { name, kind: 'always', description, holds };
}

export function sometimes<S>(name: string, description: string, holds: (s: S) => boolean): Property<S> {
  return { name, kind: 'sometimes', description, holds };
}

export function eventually<S>(name: string, description: string, holds: (s: S) => boolean): Property<S> {
  return { name, kind: 'eventually', description, holds };
}
