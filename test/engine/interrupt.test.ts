/**
 * Stopping a search from outside: the async searches give the event loop a
 * turn every few dozen milliseconds, so an AbortSignal (aborted by a timer
 * here, by a SIGINT handler in the CLI) stops them with a partial report,
 * and the worker threads of a parallel search stay usable. Also the time
 * limit, and progress from inside a long level.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore, exploreAsync, type Progress } from '../../src/engine/explore.ts';
import { exploreParallel, exploreParallelAsync } from '../../src/engine/parallel.ts';
import { threadsStarted } from '../../src/engine/worker-pool.ts';
import { allSet, cube, small } from '../toy/cube.ts';

/** 16.7 million states: no search here gets to the end of it. */
const N = 24;
const cubeSource = (n: number) => ({ module: new URL('../toy/cube-source.ts', import.meta.url).href, args: { n } });

function expectPartial(r: Awaited<ReturnType<typeof exploreAsync<number, number>>>, why: string) {
  expect([r.stoppedBecause, r.complete, r.countsVary]).toEqual([why, false, true]);
  expect(r.states).toBeGreaterThan(0);
  expect(r.states).toBeLessThan(2 ** N);
  expect(r.transitions).toBeGreaterThan(0);
  expect(r.depth).toBeGreaterThan(0);
  expect(r.properties.map((p) => [p.verdict, p.final])).toEqual([['holds', false]]);
  // The counts are of the states found so far: every transition of coverage among them.
  expect(r.coverage!.reduce((n, c) => n + c.taken, 0)).toBe(r.transitions);
}

describe('an interrupted search', () => {
  it('one thread: stops when the signal is aborted, having let the event loop run meanwhile', async () => {
    // Aborted by a timer that must have fired five times: the search let the event loop turn.
    const controller = new AbortController();
    let ticks = 0;
    const timer = setInterval(() => ++ticks === 5 && controller.abort(), 10);
    try {
      const r = await exploreAsync(cube(N), [small], { signal: controller.signal });
      expectPartial(r, 'interrupted');
      expect(ticks).toBeGreaterThanOrEqual(5);
    } finally {
      clearInterval(timer);
    }
  });

  it('one thread: stops when a progress callback aborts, even searching synchronously', () => {
    const controller = new AbortController();
    const r = explore(cube(N), [small], { signal: controller.signal, progressInterval: 50, onProgress: () => controller.abort() });
    expectPartial(r, 'interrupted');
  });

  it('several threads: stops in the middle of a level, and the worker threads are kept for the next search', async () => {
    // Aborted once the worker thread has joined.
    const controller = new AbortController();
    const onProgress = (p: Progress) => p.threads === 2 && controller.abort();
    const r = await exploreParallelAsync(cube(N), [small], cubeSource(N), 2, { signal: controller.signal, progressInterval: 20, onProgress });
    expectPartial(r, 'interrupted');
    expect(r.threads).toBe(2);
    // Not the states of whole levels: level k of the cube holds C(N, k) states.
    const ends = [1];
    for (let k = 1, c = 1; k <= N; k++) ends.push(ends[k - 1] + (c = (c * (N - k + 1)) / k));
    expect(ends).not.toContain(r.states);
    const started = threadsStarted();
    const again = exploreParallel(cube(16), [small], cubeSource(16), 2);
    expect([again.states, again.complete, again.countsVary]).toEqual([2 ** 16, true, false]);
    expect(threadsStarted()).toBe(started);
  });

  it('stops at the time limit, with one thread and with several', () => {
    expectPartial(explore(cube(N), [small], { timeLimitSeconds: 0.3 }), 'time-limit');
    expectPartial(exploreParallel(cube(N), [small], cubeSource(N), 2, { timeLimitSeconds: 0.3 }), 'time-limit');
  });

  it('stops with liveness on too: the eventually verdicts are only so far', async () => {
    const controller = new AbortController();
    const onProgress = (p: Progress) => p.threads === 2 && p.depth > 2 && controller.abort();
    const live = { ...cubeSource(N), args: { n: N, live: true } };
    const r = await exploreParallelAsync(cube(N), [small, allSet(N)], live, 2, { signal: controller.signal, progressInterval: 20, onProgress });
    expect([r.stoppedBecause, r.complete]).toEqual(['interrupted', false]);
    expect(r.properties.map((p) => [p.name, p.verdict, p.final])).toEqual([
      ['small', 'holds', false],
      ['allSet', 'holds', false],
    ]);
    const one = await exploreAsync(cube(N), [small, allSet(N)], { timeLimitSeconds: 0.3 });
    expect([one.stoppedBecause, one.properties[1].final]).toEqual(['time-limit', false]);
  });

  it('says the counts of a complete search, or one stopped at a state count by one thread, do not vary', () => {
    expect(explore(cube(10), [small]).countsVary).toBe(false);
    expect(explore(cube(10), [small], { maxStates: 100 }).countsVary).toBe(false);
    expect(exploreParallel(cube(10), [small], cubeSource(10), 2, { maxStates: 100 }).countsVary).toBe(true);
  });
});

describe('progress with several threads', () => {
  it('comes at a steady pace from inside a level, with states per second', () => {
    const seen: Progress[] = [];
    exploreParallel(cube(22), [small], cubeSource(22), 2, { timeLimitSeconds: 2.5, progressInterval: 100, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(5);
    // Two reports in the same level, the second with more states: the level had not ended.
    const within = seen.some((p, i) => i > 0 && p.depth === seen[i - 1].depth && p.states > seen[i - 1].states);
    expect(within).toBe(true);
    expect(seen.every((p) => p.statesPerSecond >= 0)).toBe(true);
    expect(seen.some((p) => p.statesPerSecond > 0)).toBe(true);
    expect(seen.every((p, i) => i === 0 || p.transitions >= seen[i - 1].transitions)).toBe(true);
  });
});

describe('SIGINT to a process running a search', () => {
  const script = fileURLToPath(new URL('./fixtures/interrupt-run.ts', import.meta.url));

  async function interrupt(workers: number) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(workers)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // Under way (and, with workers, long enough for them to join), then Ctrl-C.
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('searching')) resolve();
        });
        child.on('exit', () => reject(new Error(`the search ended before it was interrupted: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, 200));
      process.kill(child.pid!, 'SIGINT');
      const code = await exited;
      return { code, report: JSON.parse(stdout) };
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
    }
  }

  it('prints the partial report of a one-thread search and exits', async () => {
    const { code, report } = await interrupt(1);
    expect(code).toBe(0);
    expect(report).toMatchObject({ stoppedBecause: 'interrupted', complete: false, countsVary: true, final: false });
    expect(report.states).toBeGreaterThan(0);
  }, 60_000);

  it('prints the partial report of a two-thread search and exits, its worker thread stopped', async () => {
    const { code, report } = await interrupt(2);
    expect(code).toBe(0);
    expect(report).toMatchObject({ stoppedBecause: 'interrupted', complete: false, countsVary: true, threads: 2 });
    expect(report.states).toBeGreaterThan(0);
  }, 60_000);
});
