/**
 * The parallel search gives the one-worker answer: the same distinct states,
 * transitions, depth and verdicts, and counterexamples just as short, on the
 * toy model and on the protocol's whole matrix.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDesign, runMatrix } from '../../protocol/builtin.ts';
import { explore } from '../../src/engine/explore.ts';
import { exploreParallel } from '../../src/engine/parallel.ts';
import { judgeLasso, judgeRun } from '../../src/engine/replay.ts';
import { isLasso } from '../../src/engine/trace.ts';
import { propertiesFor } from '../../properties/index.ts';
import { protocolModel } from '../../spec/model.ts';
import { bundled } from '../../src/engine/worker-bundle.ts';
import { threadsStarted } from '../../src/engine/worker-pool.ts';
import { four, jugs, notFour, six, tidy } from '../toy/jugs.ts';

const jugsSource = (broken = false) => ({ module: new URL('../toy/jugs-source.ts', import.meta.url).href, args: { broken } });

describe('exploreParallel on the jugs', () => {
  it('finds the 16 states and the 6-step counterexample with 2 and 3 workers', () => {
    for (const workers of [2, 3]) {
      const r = exploreParallel(jugs, [notFour, four, tidy, six], jugsSource(), workers);
      expect(r.states).toBe(16);
      expect(r.properties.map((p) => [p.verdict, p.length])).toEqual([
        ['violated', 6],
        ['witnessed', 6],
        ['holds', undefined],
        ['not-witnessed', undefined],
      ]);
    }
  });

  it('also runs its workers through tsx when they cannot be bundled', () => {
    process.env.LOCKSTEP_WORKER_TSX = '1';
    try {
      const r = exploreParallel(jugs, [notFour, four, tidy, six], jugsSource(), 2);
      expect([r.states, r.properties[0].length]).toEqual([16, 6]);
      // A search long enough for a worker started through tsx to join it.
      const { report } = checkDesign({ knobs: ['no-drain'] }, { workers: 2, liveness: false });
      expect([report.states, report.threads]).toEqual([884_645, 2]);
    } finally {
      delete process.env.LOCKSTEP_WORKER_TSX;
    }
  });

  it('stops at --max-states with exactly that many states and verdicts marked so-far', () => {
    for (const max of [1, 5, 12]) {
      const r = exploreParallel(jugs, [tidy, six], jugsSource(), 2, { maxStates: max });
      expect([r.states, r.complete, r.stoppedBecause]).toEqual([max, false, 'max-states']);
      expect(r.properties.map((p) => [p.verdict, p.final])).toEqual([
        ['holds', false],
        ['not-witnessed', false],
      ]);
    }
  });

  it('keeps its worker threads for the next search, and ends those of a search that failed', () => {
    const first = exploreParallel(jugs, [notFour, four, tidy, six], jugsSource(), 3);
    const started = threadsStarted();
    const again = exploreParallel(jugs, [notFour, four, tidy, six], jugsSource(), 3);
    expect(threadsStarted()).toBe(started);
    expect([again.states, again.properties.map((p) => p.verdict)]).toEqual([first.states, first.properties.map((p) => p.verdict)]);
    // The failed search's one worker is ended; the next search with two workers starts one anew.
    expect(() => exploreParallel(jugs, [tidy], jugsSource(true), 2)).toThrow(/a search worker failed/);
    exploreParallel(jugs, [tidy], jugsSource(), 3);
    expect(threadsStarted()).toBe(started + 1);
  });

  it('reports a worker that fails, as an error', () => {
    expect(() => exploreParallel(jugs, [tidy], jugsSource(true), 2)).toThrow(/a search worker failed: this model does not build/);
  });
});

describe('the worker bundle', () => {
  it('is reused while its sources are unchanged, and made again when one changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-bundle-test-'));
    try {
      const file = join(dir, 'source.ts');
      writeFileSync(file, 'export function build() { return { answer: 41 }; }\n');
      const source = { module: pathToFileURL(file).href, args: {} };
      const first = bundled(source)!;
      expect(readFileSync(first, 'utf8')).toContain('41');
      expect(bundled(source)!.href).toBe(first.href);
      writeFileSync(file, 'export function build() { return { answer: 42 }; }\n');
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      const second = bundled(source)!;
      expect(second.href).not.toBe(first.href);
      expect(readFileSync(second, 'utf8')).toContain('42');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the protocol with 2 workers', () => {
  it('matches one worker on every design of the matrix (2 requests, 1 crash, no cut)', () => {
    const bounds = { requests: 2, crashes: 1, cuts: 0 };
    const one = runMatrix(bounds, () => ({ workers: 1 }));
    const two = runMatrix(bounds, () => ({ workers: 2 }));
    const summary = (rows: typeof one) =>
      rows.map((r) => [r.design, r.report.states, r.report.transitions, r.report.depth, r.cells.map((c) => [c.verdict, c.result.length])]);
    expect(summary(two)).toEqual(summary(one));
    // Searches long enough (a second or so) for the worker thread to have joined.
    const long = two.filter((r) => r.report.states > 100_000);
    expect(long.length).toBeGreaterThanOrEqual(4);
    expect(long.map((r) => r.report.threads)).toEqual(long.map(() => 2));
  });

  it('stops at --max-states with liveness on, without waiting for states it dropped', () => {
    const { report } = checkDesign({}, { workers: 2, maxStates: 50_000 });
    expect([report.states, report.complete]).toEqual([50_000, false]);
    const live = report.properties.find((p) => p.name === 'atLeastOnce')!;
    expect(live.final).toBe(false);
  });

  it('reduces by symmetry to the states, transitions and verdicts of one worker', () => {
    const summary = (workers: number) => {
      const { report } = checkDesign({ knobs: ['no-drain'], cuts: 0 }, { workers, liveness: false, symmetry: true });
      return [report.states, report.transitions, report.depth, report.properties.map((p) => [p.verdict, p.length])];
    };
    expect(summary(2)).toEqual(summary(1));
  });

  it('matches the pinned count at the defaults, and its traces replay to their verdicts', () => {
    const { config, report } = checkDesign({ knobs: ['ignore-retransmissions'] }, { workers: 2 });
    const sequential = explore(protocolModel(config), propertiesFor(config));
    expect([report.states, report.transitions, report.depth]).toEqual([176_745, 1_076_455, sequential.depth]);
    // The worker thread joined the search: both threads did part of it.
    expect(report.threads).toBe(2);
    // The shared table grew as the one-thread table does (3/4 full, then doubled), in the middle of levels.
    expect(report.tableBytes).toBe(sequential.tableBytes);
    const model = protocolModel(config);
    for (const p of report.properties) {
      const seq = sequential.properties.find((x) => x.name === p.name)!;
      expect([p.verdict, p.length]).toEqual([seq.verdict, seq.length]);
      if (!p.trace) continue;
      const property = propertiesFor(config).find((x) => x.name === p.name)!;
      const j = isLasso(p.trace) ? judgeLasso(model, property, p.trace) : judgeRun(property, p.trace);
      expect(j.verdict).toBe(p.verdict);
    }
  });
});
