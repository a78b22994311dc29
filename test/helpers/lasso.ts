/** Test helper: checks a lasso against the model, independently of the engine's liveness code. */
import { expect } from 'vitest';
import type { Model } from '../../src/engine/model.ts';
import type { Lasso } from '../../src/engine/trace.ts';

/** Independently of the engine: the lasso avoids the goal, closes, and its cycle is weakly fair. */
export function checkLasso<S, A>(model: Model<S, A>, lasso: Lasso<S, A>, goal: (s: S) => boolean): void {
  const key = (s: S) => JSON.stringify(s);
  const states = [lasso.initial, ...lasso.prefix.map((s) => s.state), ...lasso.cycle.map((s) => s.state)];
  expect(states.some(goal)).toBe(false);
  let s = lasso.initial;
  for (const step of [...lasso.prefix, ...lasso.cycle]) {
    expect(model.actions(s).map((a) => JSON.stringify(a))).toContain(JSON.stringify(step.action));
    s = model.next(s, step.action);
    expect(key(s)).toBe(key(step.state));
  }
  const loopStart = lasso.prefix.length === 0 ? lasso.initial : lasso.prefix[lasso.prefix.length - 1].state;
  if (lasso.cycle.length === 0) {
    expect(model.actions(loopStart)).toEqual([]);
    return;
  }
  expect(key(lasso.cycle[lasso.cycle.length - 1].state)).toBe(key(loopStart));
  const cycleStates = [loopStart, ...lasso.cycle.slice(0, -1).map((x) => x.state)];
  const classesAt = (st: S) => new Set(model.actions(st).map((a) => model.fairness?.(st, a)).filter((c) => c != null));
  const taken = new Set(lasso.cycle.map((step, i) => model.fairness?.(cycleStates[i], step.action)).filter((c) => c != null));
  const everywhere = [...classesAt(cycleStates[0])].filter((c) => cycleStates.every((st) => classesAt(st).has(c)));
  for (const c of everywhere) expect(taken, `fair class ${c} is enabled throughout the cycle but never taken`).toContain(c);
}

