/**
 * Replaying a run given by its actions, as a stored trace does: from the
 * initial state, each action must be enabled when it is taken, and, where the
 * trace recorded fingerprints, each state must be the one it recorded. A run
 * that cannot be replayed says at which step and why, with what was enabled
 * instead: a stale trace, or a model whose semantics changed.
 *
 * `judge` then says what a run shows about a property, on the run itself.
 */
import { ByteWriter } from './bytes.ts';
import { codecOf } from './codec.ts';
import type { Verdict } from './results.ts';
import { fingerprint } from './fingerprint.ts';
import type { Model, Property } from './model.ts';
import { actionKey, follow, type Lasso, type Replayed, type ReplayProblem, type Trace } from './path.ts';

export { actionKey };
export type { Replayed, ReplayProblem };

/** A function from states to their fingerprints as 16 hex digits, reusing its buffers. */
export function fingerprinter<S, A>(model: Model<S, A>): (state: S) => string {
  const codec = codecOf(model);
  const w = new ByteWriter();
  const fp = new Int32Array(2);
  return (state) => {
    w.reset();
    codec.encode(state, w);
    fingerprint(w.buf, w.length, fp);
    return (fp[0] >>> 0).toString(16).padStart(8, '0') + (fp[1] >>> 0).toString(16).padStart(8, '0');
  };
}

export function stateFingerprint<S, A>(model: Model<S, A>, state: S): string {
  return fingerprinter(model)(state);
}

/** Replays actions strictly from the model's first initial state, checking fingerprints where given (see `follow`). */
export function replayActions<S, A>(
  model: Model<S, A>,
  actions: readonly A[],
  fingerprints?: readonly string[],
): Replayed<S, A> {
  return follow(model, model.init()[0], actions, { fingerprints, fingerprint: fingerprints ? fingerprinter(model) : undefined });
}

export interface Judgement {
  verdict: Verdict;
  /** The step at which it was decided (0: the initial state). */
  step?: number;
  /** Why a lasso does not show a violation. */
  reason?: string;
}

/** What a linear run shows about an always or sometimes property. */
export function judgeRun<S, A>(property: Property<S>, trace: Trace<S, A>): Judgement {
  const states = [trace.initial, ...trace.steps.map((s) => s.state)];
  if (property.kind === 'always') {
    const i = states.findIndex((s) => !property.holds(s));
    return i < 0 ? { verdict: 'holds' } : { verdict: 'violated', step: i };
  }
  if (property.kind === 'sometimes') {
    const i = states.findIndex((s) => property.holds(s));
    return i < 0 ? { verdict: 'not-witnessed' } : { verdict: 'witnessed', step: i };
  }
  return { verdict: 'holds', reason: 'an eventually property needs a lasso (prefix and cycle)' };
}

/**
 * Whether a lasso shows a violation of an eventually property: the goal never
 * holds, and the run is stuck at its end or its cycle closes and is weakly
 * fair (every class enabled in all of its states is taken in it).
 */
export function judgeLasso<S, A>(model: Model<S, A>, property: Property<S>, lasso: Lasso<S, A>): Judgement {
  const all = [lasso.initial, ...lasso.prefix.map((s) => s.state), ...lasso.cycle.map((s) => s.state)];
  const reached = all.findIndex((s) => property.holds(s));
  if (reached >= 0) return { verdict: 'holds', step: reached, reason: `the goal holds after step ${reached}` };
  const loopStart = lasso.prefix.length === 0 ? lasso.initial : lasso.prefix[lasso.prefix.length - 1].state;
  if (lasso.cycle.length === 0) {
    return model.actions(loopStart).length === 0
      ? { verdict: 'violated', step: lasso.prefix.length }
      : { verdict: 'holds', reason: 'the run ends, but actions are still enabled there' };
  }
  const end = lasso.cycle[lasso.cycle.length - 1].state;
  if (stateFingerprint(model, end) !== stateFingerprint(model, loopStart)) {
    return { verdict: 'holds', reason: 'the cycle does not return to the state it starts from' };
  }
  const fair = model.fairness?.bind(model) ?? (() => null);
  const cycleStates = [loopStart, ...lasso.cycle.slice(0, -1).map((s) => s.state)];
  const classesAt = (s: S) => new Set(model.actions(s).map((a) => fair(s, a)).filter((c): c is string => c !== null));
  const taken = new Set(lasso.cycle.map((step, i) => fair(cycleStates[i], step.action)));
  const sets = cycleStates.map(classesAt);
  for (const c of sets[0]) {
    if (sets.every((set) => set.has(c)) && !taken.has(c)) {
      return { verdict: 'holds', reason: `the cycle is not fair: ${c} is enabled throughout and never taken` };
    }
  }
  return { verdict: 'violated', step: lasso.prefix.length + lasso.cycle.length };
}
