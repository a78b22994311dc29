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
