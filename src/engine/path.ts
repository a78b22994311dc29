/**
 * Paths: a run of the model as the actions taken and the states they led
 * to, and the one way of following a run from its initial state, by action
 * indices (what the explorer remembers per state) or by actions (what a
 * stored trace holds). Every replay in lockstep goes through `followIndices`
 * or `follow`: the search rebuilding a counterexample, `replay` checking a
 * stored trace, random search shrinking a run (leniently: skipping what is
 * no longer enabled), and the explorer page in the browser, so this module
 * imports nothing at run time.
 */
import type { Model } from './model.ts';

export interface Step<S, A> {
  action: A;
  state: S;
}

export interface Trace<S, A> {
  initial: S;
  steps: Step<S, A>[];
}

/**
 * A run that never reaches a goal: a prefix from the initial state, then a
 * cycle that returns to the state the prefix ends in and repeats forever.
 * An empty cycle means the run is stuck: no action is enabled.
 */
export interface Lasso<S, A> {
  initial: S;
  prefix: Step<S, A>[];
  cycle: Step<S, A>[];
}

/** What following a run needs of a model: its enabled actions and successors. */
export type Steps<S, A> = Pick<Model<S, A>, 'actions' | 'next'>;

/** Applies the i-th enabled action at each step. */
export function followIndices<S, A>(model: Steps<S, A>, initial: S, indices: readonly number[]): Trace<S, A> {
  const steps: Step<S, A>[] = [];
  let state = initial;
  for (const k of indices) {
    const actions = model.actions(state);
    if (k >= actions.length) throw new Error(`action index ${k} out of range at step ${steps.length + 1}`);
    const action = actions[k];
    state = model.next(state, action);
    steps.push({ action, state });
  }
  return { initial, steps };
}

/** The run that reaches state `id`, from the parent and action-index columns of a search. */
export function rebuildPath<S, A>(
  model: Steps<S, A>,
  inits: readonly S[],
  parent: Int32Array,
  via: Uint16Array,
  id: number,
): Trace<S, A> {
  const indices: number[] = [];
  let i = id;
  while (i >= 0) {
    indices.push(via[i]);
    i = parent[i];
  }
  indices.pop(); // the initial state's own entry
  indices.reverse();
  return followIndices(model, inits[-1 - i], indices);
}

/** Follows prefix then cycle indices and splits the steps. */
export function followLasso<S, A>(model: Steps<S, A>, initial: S, prefix: readonly number[], cycle: readonly number[]): Lasso<S, A> {
  const run = followIndices(model, initial, [...prefix, ...cycle]);
  return { initial, prefix: run.steps.slice(0, prefix.length), cycle: run.steps.slice(prefix.length) };
}

/** Canonical key of a flat action object: key order does not matter. */
export function actionKey(a: unknown): string {
  return JSON.stringify(sortedKeys(a));
}

/** The value with every object's keys in sorted order, at every depth (an action may carry a message object). */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortedKeys((v as Record<string, unknown>)[k]);
  return out;
}

export interface ReplayProblem<A> {
  /** 1-based. */
  step: number;
  action: A;
  kind: 'not-enabled' | 'fingerprint';
  enabled: A[];
  expected?: string;
  actual?: string;
}

export interface Replayed<S, A> extends Trace<S, A> {
  /** Why the run could not be followed to its end (strict mode only). */
  problem?: ReplayProblem<A>;
}

export interface FollowOptions<S, A> {
  /** Skip an action not enabled when its turn comes (how shrinking edits a run), instead of stopping with a problem. */
  lenient?: boolean;
  /** End the run at the first state, the initial one included, for which this is true. */
  stop?: (state: S) => boolean;
  /** Fingerprints the run must pass through, per step (missing entries are not checked), and how to compute one. */
  fingerprints?: readonly (string | undefined)[];
  fingerprint?: (state: S) => string;
  /** A faster successor function equal to `model.next` (the engine's stepper). */
  next?: (state: S, action: A) => S;
}

/**
 * Follows `actions` from `initial`: each must be enabled when it is taken
 * (matched by `actionKey`, so a parsed action finds the model's own), and
 * where fingerprints are given, each state must be the one recorded. The
 * first step that fails is the result's `problem`, with what was enabled
 * instead; in lenient mode such an action is skipped.
 */
export function follow<S, A>(model: Steps<S, A>, initial: S, actions: readonly A[], options: FollowOptions<S, A> = {}): Replayed<S, A> {
  const { lenient = false, stop, fingerprints, fingerprint } = options;
  const next = options.next ?? ((s: S, a: A) => model.next(s, a));
  const steps: Step<S, A>[] = [];
  let state = initial;
  if (stop?.(state)) return { initial, steps };
  for (let i = 0; i < actions.length; i++) {
    const enabled = model.actions(state);
    const key = actionKey(actions[i]);
    const match = enabled.find((a) => actionKey(a) === key);
    if (match === undefined) {
      if (lenient) continue;
      return { initial, steps, problem: { step: i + 1, action: actions[i], kind: 'not-enabled', enabled } };
    }
    state = next(state, match);
    steps.push({ action: match, state });
    const expected = fingerprints?.[i];
    if (expected !== undefined && fingerprint) {
      const actual = fingerprint(state);
      if (actual !== expected) {
        return { initial, steps, problem: { step: i + 1, action: match, kind: 'fingerprint', enabled, expected, actual } };
      }
    }
    if (stop?.(state)) break;
  }
  return { initial, steps };
}
