/**
 * How a random search says it ended (all runs, a failure, the time limit, a
 * signal), and `fuzzAsync`, which a signal handler can stop.
 */
import { describe, expect, it } from 'vitest';
import { fuzz, fuzzAsync } from '../../src/engine/fuzz.ts';
import { cube, small } from '../toy/cube.ts';
import { always } from '../../src/engine/model.ts';
import { countedJugs, notFour, tidy } from '../toy/jugs.ts';

const zero = always<number>('zero', 'no bit is ever set', (s) => s === 0);

const many = { runs: 1_000_000, maxSteps: 100, seed: 3 };

describe('how a random search ends', () => {
  it('runs all its runs, or stops at a failure: both complete', () => {
    expect(fuzz(countedJugs, [tidy], { runs: 50, maxSteps: 10, seed: 1 })).toMatchObject({ stoppedBecause: 'runs-done', complete: true, runs: 50 });
    expect(fuzz(cube(4), [zero], { runs: 1000, maxSteps: 20, seed: 1 })).toMatchObject({ stoppedBecause: 'violated', complete: true });
  });

  it('stops at its time limit: incomplete', () => {
    const r = fuzz(cube(16), [small], { ...many, timeLimitSeconds: 0.2 });
    expect([r.stoppedBecause, r.complete, r.interrupted]).toEqual(['time-limit', false, true]);
    expect(r.runs).toBeLessThan(many.runs);
  });

  it('stops when the signal is aborted, letting the event loop run meanwhile', async () => {
    // Aborted by a timer that must have fired five times: the search let the event loop turn.
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ++ticks === 5 && controller.abort(), 10);
    try {
      const r = await fuzzAsync(cube(16), [small], { ...many, signal: controller.signal });
      expect([r.stoppedBecause, r.complete, r.interrupted]).toEqual(['interrupted', false, true]);
      expect(r.runs).toBeGreaterThan(0);
      expect(r.runs).toBeLessThan(many.runs);
      expect(r.properties.map((p) => [p.verdict, p.final])).toEqual([['holds', false]]);
      expect(ticks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(timer);
    }
  });

  it('gives the same report async as sync, for the same seed', async () => {
    const options = { runs: 300, maxSteps: 20, seed: 11 };
    const strip = (r: { seconds: number }) => ({ ...r, seconds: 0 });
    expect(strip(await fuzzAsync(countedJugs, [notFour, tidy], options))).toEqual(strip(fuzz(countedJugs, [notFour, tidy], options)));
  });
});
