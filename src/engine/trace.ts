/**
 * Traces: a run of the model as the actions taken and the states they led to.
 * The explorer remembers only parent numbers and action indices; a trace is
 * rebuilt by replaying those indices from the initial state, so it is the
 * model itself, not a cache, that says what each state was. The types and
 * the replay itself live in path.ts; this module adds what reads a trace.
 */
import { followIndices, followLasso, rebuildPath, type Lasso, type Step, type Trace } from './path.ts';

export type { Lasso, Step, Trace };
export { rebuildPath };

/** Applies the i-th enabled action at each step (see `followIndices`). */
export const replayIndices = followIndices;

/** Replays prefix then cycle indices and splits the steps (see `followLasso`). */
export const replayLasso = followLasso;

export function finalState<S, A>(trace: Trace<S, A>): S {
  return trace.steps.length === 0 ? trace.initial : trace.steps[trace.steps.length - 1].state;
}

export function isLasso<S, A>(t: Trace<S, A> | Lasso<S, A>): t is Lasso<S, A> {
  return 'cycle' in t;
}

/** A safety trace, or an error when given a lasso. */
export function linear<S, A>(t: Trace<S, A> | Lasso<S, A> | undefined): Trace<S, A> {
  if (!t || isLasso(t)) throw new Error('expected a linear trace');
  return t;
}

/** Steps from an initial state to state `id`, following parent numbers (negative: an initial state). */
export function depthOf(parent: Int32Array, id: number): number {
  let d = 0;
  for (let i = id; i >= 0; i = parent[i]) d++;
  return Math.max(d - 1, 0);
}
