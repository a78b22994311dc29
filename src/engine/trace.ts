/**
 * Traces: a run of the model as the actions taken and the states they led to.
 * The explorer remembers only parent numbers and action indices; a trace is
 * rebuilt by replaying those indices from the initial state, so it is the
 * model itself, not a cache, that says what each state was.
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

/** The run that reaches state `id`, from the parent and action-index columns. */
export function rebuildPath<S, A>(
  model: Model<S, A>,
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
  const initial = inits[-1 - i];
  return replayIndices(model, initial, indices);
}

/** Applies the i-th enabled action at each step. */
export function replayIndices<S, A>(model: Model<S, A>, initial: S, indices: readonly number[]): Trace<S, A> {
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

export function finalState<S, A>(trace: Trace<S, A>): S {
  return trace.steps.length === 0 ? trace.initial : trace.steps[trace.steps.length - 1].state;
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

export function isLasso<S, A>(t: Trace<S, A> | Lasso<S, A>): t is Lasso<S, A> {
  return 'cycle' in t;
}

/** Replays prefix then cycle indices and splits the steps. */
export function replayLasso<S, A>(
  model: Model<S, A>,
  initial: S,
  prefix: readonly number[],
  cycle: readonly number[],
): Lasso<S, A> {
  const run = replayIndices(model, initial, [...prefix, ...cycle]);
  return { initial, prefix: run.steps.slice(0, prefix.length), cycle: run.steps.slice(prefix.length) };
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
