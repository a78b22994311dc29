/**
 * Coverage: per action type the model names, how many transitions took it,
 * and the types no transition took (dead). Counted independently here, by
 * enumerating the toy's reachable states, and compared across the
 * one-thread, the parallel and the random search.
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { fuzz } from '../../src/engine/fuzz.ts';
import { exploreParallel } from '../../src/engine/parallel.ts';
import { cube, small } from '../toy/cube.ts';
import { countedJugs, four, jugs, notFour, six, tidy, type JugAction, type Jugs } from '../toy/jugs.ts';

/** Transitions per action over every reachable state, by a plain search of its own. */
function countByHand(): Map<JugAction, number> {
  const seen = new Set<string>();
  const todo: Jugs[] = [{ small: 0, big: 0 }];
  const counts = new Map<JugAction, number>();
  while (todo.length > 0) {
    const s = todo.pop()!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.add(key);
    for (const a of jugs.actions(s)) {
      counts.set(a, (counts.get(a) ?? 0) + 1);
      todo.push(jugs.next(s, a));
    }
  }
  return counts;
}

const cubeSource = (n: number) => ({ module: new URL('../toy/cube-source.ts', import.meta.url).href, args: { n } });

describe('coverage of action types', () => {
  it('counts the transitions of each type, and names the dead one, in a one-thread search', () => {
    const r = explore(countedJugs, [notFour, four, tidy, six]);
    const byHand = countByHand();
    expect(r.coverage).toEqual([...countedJugs.actionTypes!].map((action) => ({ action, taken: byHand.get(action as JugAction) ?? 0 })));
    expect(r.dead).toEqual(['spill']);
    expect(r.coverage!.reduce((n, c) => n + c.taken, 0)).toBe(r.transitions);
  });

  it('reports none for a model that names no action types', () => {
    const r = explore(jugs, [tidy]);
    expect([r.coverage, r.dead]).toEqual([undefined, undefined]);
  });

  it('sums every thread’s counts in a parallel search, to the one-thread counts', () => {
    const n = 18;
    const one = explore(cube(n), [small]);
    const two = exploreParallel(cube(n), [small], cubeSource(n), 2);
    // Long enough for the worker thread to have joined and counted its share.
    expect(two.threads).toBe(2);
    expect(two.states).toBe(2 ** n);
    expect(two.coverage).toEqual(one.coverage);
    // Every state flips every bit once: 2^n transitions per type, none for `never`.
    expect(one.coverage!.slice(0, n).every((c) => c.taken === 2 ** n)).toBe(true);
    expect(two.dead).toEqual(['never']);
  });

  it('counts what the runs of a random search took', () => {
    const r = fuzz(countedJugs, [tidy, six], { runs: 200, maxSteps: 20, seed: 7 });
    expect(r.dead).toEqual(['spill']);
    expect(r.coverage!.filter((c) => c.action !== 'spill').every((c) => c.taken > 0)).toBe(true);
    expect(r.coverage!.reduce((n, c) => n + c.taken, 0)).toBeGreaterThanOrEqual(200);
  });

  it('counts only what a search took before it stopped', () => {
    const r = explore(countedJugs, [tidy], { maxStates: 3 });
    expect(r.coverage!.reduce((n, c) => n + c.taken, 0)).toBe(r.transitions);
    expect(r.dead!.length).toBeGreaterThan(1);
  });
});
