/**
 * The fairness handling itself, on toy models small enough to reason about
 * by hand, and an independent check of every lasso the engine returns.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { eventually, type Model } from '../../src/engine/model.ts';
import { isLasso, type Lasso } from '../../src/engine/trace.ts';
import { checkLasso } from '../helpers/lasso.ts';

interface Toy {
  x: number;
  done: boolean;
}

/** A counter mod 2 that can flip forever, and `finish`, which reaches the goal. */
function toy(opts: { finishFair: boolean; finishOnlyWhenOdd?: boolean; dead?: boolean }): Model<Toy, string> {
  return {
    init: () => [{ x: 0, done: false }],
    actions: (s) => {
      if (s.done || (opts.dead && s.x === 1)) return [];
      const out = ['flip'];
      if (!opts.finishOnlyWhenOdd || s.x === 1) out.push('finish');
      return out;
    },
    next: (s, a) => (a === 'flip' ? { x: 1 - s.x, done: false } : { x: s.x, done: true }),
    fairness: (_s, a) => (a === 'flip' || opts.finishFair ? a : null),
  };
}

const finished = eventually<Toy>('finished', 'finish happens', (s) => s.done);

function verdict(model: Model<Toy, string>) {
  return explore(model, [finished]).properties[0];
}

describe('eventually under weak fairness', () => {
  it('holds when the goal is avoided only by an unfair cycle', () => {
    // flip, flip, … forever leaves `finish` enabled and untaken: not fair.
    const r = verdict(toy({ finishFair: true }));
    expect(r).toMatchObject({ verdict: 'holds', final: true });
  });

  it('is violated by a fair cycle that avoids the goal', () => {
    const model = toy({ finishFair: false });
    const r = verdict(model);
    expect(r.verdict).toBe('violated');
    expect(isLasso(r.trace!)).toBe(true);
    const lasso = r.trace as Lasso<Toy, string>;
    expect(lasso.cycle.map((s) => s.action)).toEqual(['flip', 'flip']);
    checkLasso(model, lasso, (s) => s.done);
  });

  it('is violated when the fair action is enabled only on part of the cycle (weak, not strong, fairness)', () => {
    const model = toy({ finishFair: true, finishOnlyWhenOdd: true });
    const r = verdict(model);
    expect(r.verdict).toBe('violated');
    checkLasso(model, r.trace as Lasso<Toy, string>, (s) => s.done);
  });

  it('is violated by a run that gets stuck before the goal', () => {
    const model = toy({ finishFair: true, finishOnlyWhenOdd: true, dead: true });
    const r = verdict(model);
    expect(r.verdict).toBe('violated');
    const lasso = r.trace as Lasso<Toy, string>;
    expect(lasso.cycle).toEqual([]);
    expect(lasso.prefix.map((s) => s.action)).toEqual(['flip']);
    checkLasso(model, lasso, (s) => s.done);
  });

  it('is not decided by a search stopped at --max-states', () => {
    const r = explore(toy({ finishFair: false }), [finished], { maxStates: 1 }).properties[0];
    expect(r).toMatchObject({ verdict: 'holds', final: false });
  });

  it('needs the path to the cycle to avoid the goal too', () => {
    // The only cycle lies beyond the goal: from done, one can flip back and forth.
    const model: Model<Toy, string> = {
      init: () => [{ x: 0, done: false }],
      actions: (s) => (s.done ? ['flip'] : ['finish']),
      next: (s, a) => (a === 'flip' ? { x: 1 - s.x, done: s.done } : { x: s.x, done: true }),
      fairness: (_s, a) => a,
    };
    expect(explore(model, [finished]).properties[0].verdict).toBe('holds');
  });
});
