/**
 * The design matrix at the default bounds: the correct design holds, every
 * knob breaks exactly the properties the brief's table lists, and the
 * state-space numbers are pinned so that an unintended change of semantics
 * shows up as a changed count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReview, matrixTraces, reviewMarkdown, runMatrix, savedTraceText, traceFileName, type MatrixRow } from '../protocol/builtin.ts';
import { traceJson } from '../src/trace/file.ts';
import { finalState, isLasso, linear, type Lasso } from '../src/engine/trace.ts';
import { judgeRun, replayActions } from '../src/engine/replay.ts';
import { protocolModel } from '../spec/model.ts';
import type { Action } from '../spec/action.ts';
import type { State } from '../spec/state.ts';
import { checkLasso } from '../test/helpers/lasso.ts';
import { KNOBS, KNOB_NAMES } from '../spec/knobs.ts';
import { propertiesFor } from './index.ts';

const PROPERTIES = propertiesFor({ requests: 2 });

let rows: MatrixRow[];
const row = (design: string) => rows.find((r) => r.design === design)!;

beforeAll(() => {
  rows = runMatrix({ requests: 2, crashes: 1, cuts: 1 });
});

describe('the correct design at the defaults', () => {
  it('holds every property over the whole reachable space', () => {
    const r = row('correct');
    expect(r.report.complete).toBe(true);
    expect(r.cells.map((c) => [c.property, c.verdict])).toEqual([
      ['noSplitBrain', 'holds'],
      ['outputRule', 'holds'],
      ['consistentOutput', 'holds'],
      ['duplicatesHappen', 'witnessed'],
      ['atLeastOnce', 'holds'],
    ]);
  });

  it('reaches the failover duplicate: the same output from p, then from b', () => {
    const witness = linear(row('correct').cells[3].result.trace);
    const got = finalState(witness).client.received;
    expect(got.filter((o) => o.from === 'p')).toHaveLength(1);
    expect(got.filter((o) => o.from === 'b')).toHaveLength(1);
    expect(witness.steps.some((s) => s.action.type === 'goLive')).toBe(true);
  });
});

describe('each knob alone', () => {
  it.each(KNOB_NAMES)('%s breaks exactly its row of the brief', (knob) => {
    const r = row(knob);
    const checked = new Set(PROPERTIES.map((p) => p.name));
    const violated = r.cells.filter((c) => c.verdict === 'violated').map((c) => c.property);
    expect(violated).toEqual(KNOBS[knob].breaks.filter((p) => checked.has(p)));
    expect(r.cells.every((c) => c.ok)).toBe(true);
  });

  it.each(KNOB_NAMES)('%s: each counterexample ends at the first violating state', (knob) => {
    for (const c of row(knob).cells) {
      if (c.verdict !== 'violated' || c.result.kind !== 'always') continue;
      const p = PROPERTIES.find((x) => x.name === c.property)!;
      const trace = linear(c.result.trace);
      expect(trace.steps).toHaveLength(c.result.length!);
      expect(p.holds(trace.initial)).toBe(true);
      trace.steps.forEach((step, i) => expect(p.holds(step.state)).toBe(i === trace.steps.length - 1 ? false : true));
    }
  });
});

describe('atLeastOnce', () => {
  it('holds for the correct design at the defaults', () => {
    expect(row('correct').cells.find((c) => c.property === 'atLeastOnce')!.verdict).toBe('holds');
  });

  it.each(['ignore-retransmissions', 'no-test-and-set', 'loser-keeps-running'])('%s: the lasso is a fair run that never answers', (knob) => {
    const cell = row(knob).cells.find((c) => c.property === 'atLeastOnce')!;
    expect(cell.verdict).toBe('violated');
    expect(isLasso(cell.result.trace!)).toBe(true);
    const model = protocolModel(row(knob).config);
    const goal = PROPERTIES.find((p) => p.name === 'atLeastOnce')!;
    checkLasso(model, cell.result.trace as Lasso<State, Action>, (s) => goal.holds(s));
  });
});

describe('counterexamples/', () => {
  it('holds exactly what `lockstep matrix --save counterexamples` writes: none is stale', () => {
    const dir = fileURLToPath(new URL('../counterexamples/', import.meta.url));
    for (const t of matrixTraces(rows, 'counterexamples')) {
      const name = traceFileName(t.config, t.property);
      const committed = existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '(missing)';
      expect(committed, `${name} is stale: regenerate with npx lockstep matrix --save counterexamples`).toBe(savedTraceText(dir, t));
    }
  });
});

describe('spec/design-review.md', () => {
  const root = fileURLToPath(new URL('../', import.meta.url));
  // Times differ from run to run; everything else must match exactly.
  const timeless = (md: string) => md.replace(/\b\d+(\.\d+)? s\b/g, '… s');

  it('is what `npm run review` generates now: not stale', () => {
    const traces = matrixTraces(rows, 'counterexamples');
    const review = buildReview(rows, traces, join(root, 'counterexamples'));
    const command = 'lockstep review --requests 2 --crashes 1 --cuts 1 --workers 1 --out spec/design-review.md --traces counterexamples';
    const fresh = reviewMarkdown(review, traces, join(root, 'spec'), command);
    const committed = readFileSync(join(root, 'spec/design-review.md'), 'utf8');
    expect(timeless(committed), 'spec/design-review.md is stale: regenerate it with npm run review').toBe(timeless(fresh));
    expect(review.ok).toBe(true);
  });

  it('ticks every item, and every trace link resolves', () => {
    const md = readFileSync(join(root, 'spec/design-review.md'), 'utf8');
    expect(md.match(/^- \[x\]/gm)).toHaveLength(KNOB_NAMES.length + 1);
    expect(md).not.toMatch(/^- \[ \]/m);
    const links = [...md.matchAll(/\]\((\.\.\/counterexamples\/[^)]+)\)/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThanOrEqual(12);
    for (const l of links) expect(existsSync(join(root, 'spec', l)), l).toBe(true);
    expect(md.match(/```mermaid/g)).toHaveLength(KNOB_NAMES.length);
  });
});

describe('pinned state-space numbers', () => {
  // Distinct states, transitions and the length of each shortest
  // counterexample (0 where the property holds or is witnessed).
  it('are unchanged', () => {
    const numbers = Object.fromEntries(
      rows.map((r) => [
        r.design,
        [r.report.states, r.report.transitions, ...r.cells.filter((c) => c.verdict === 'violated').map((c) => c.result.length)],
      ]),
    );
    expect(numbers).toMatchInlineSnapshot(`
      {
        "correct": [
          340825,
          2026663,
        ],
        "ignore-retransmissions": [
          176745,
          1076455,
          13,
        ],
        "loser-keeps-running": [
          1278030,
          6879215,
          6,
          12,
          13,
        ],
        "no-drain": [
          884645,
          5212391,
          11,
        ],
        "no-output-rule": [
          837345,
          5184967,
          2,
          9,
        ],
        "no-test-and-set": [
          628420,
          3386616,
          4,
          10,
          11,
        ],
        "unlogged-nondeterminism": [
          699065,
          4275643,
          10,
        ],
      }
    `);
  });
});

describe('symmetry reduction over request identities (safety properties)', () => {
  let reduced: MatrixRow[];
  beforeAll(() => {
    reduced = runMatrix({ requests: 2, crashes: 1, cuts: 1 }, () => ({ liveness: false, symmetry: true }));
  });

  it('gives every design the verdicts and shortest lengths it has without reduction', () => {
    const cells = (r: MatrixRow) => r.cells.filter((c) => c.property !== 'atLeastOnce').map((c) => [c.property, c.verdict, c.result.length]);
    for (const r of reduced) expect([r.design, ...cells(r)]).toEqual([r.design, ...cells(row(r.design))]);
  });

  it('reports counterexamples and witnesses that are runs of the unreduced model', () => {
    for (const r of reduced) {
      const model = protocolModel(r.config);
      for (const c of r.cells) {
        if (c.verdict !== 'violated' && c.verdict !== 'witnessed') continue;
        const trace = linear(c.result.trace);
        const replayed = replayActions(model, trace.steps.map((s) => s.action));
        expect(replayed.problem).toBeUndefined();
        const p = PROPERTIES.find((x) => x.name === c.property)!;
        expect(judgeRun(p, replayed).verdict).toBe(c.verdict);
      }
    }
  });

  it('keeps about half the states at two requests (pinned)', () => {
    expect(Object.fromEntries(reduced.map((r) => [r.design, r.report.states]))).toMatchInlineSnapshot(`
      {
        "correct": 170610,
        "ignore-retransmissions": 88570,
        "loser-keeps-running": 639290,
        "no-drain": 442520,
        "no-output-rule": 418870,
        "no-test-and-set": 314330,
        "unlogged-nondeterminism": 349730,
      }
    `);
    for (const r of reduced) expect(r.report.states / row(r.design).report.states).toBeLessThan(0.55);
  });
});
