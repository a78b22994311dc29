/**
 * The design matrix at the default bounds: the correct design holds, every
 * knob breaks exactly the properties the brief's table lists, and the
 * state-space numbers are pinned so that an unintended change of semantics
 * shows up as a changed count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runMatrix, type MatrixRow } from '../src/cli/matrix.ts';
import { finalState } from '../src/engine/trace.ts';
import { KNOBS, KNOB_NAMES } from '../spec/knobs.ts';
import { PROPERTIES } from './index.ts';

let rows: MatrixRow[];
const row = (design: string) => rows.find((r) => r.design === design)!;

beforeAll(() => {
  rows = runMatrix({ requests: 2, crashes: 1, cuts: 1 });
});

describe('the correct design at the defaults', () => {
  it('holds every safety property over the whole reachable space', () => {
    const r = row('correct');
    expect(r.report.complete).toBe(true);
    expect(r.cells.map((c) => [c.property, c.verdict])).toEqual([
      ['noSplitBrain', 'holds'],
      ['outputRule', 'holds'],
      ['consistentOutput', 'holds'],
      ['duplicatesHappen', 'witnessed'],
    ]);
  });

  it('reaches the failover duplicate: the same output from p, then from b', () => {
    const witness = row('correct').cells[3].result.trace!;
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
      if (c.verdict !== 'violated') continue;
      const p = PROPERTIES.find((x) => x.name === c.property)!;
      const trace = c.result.trace!;
      expect(trace.steps).toHaveLength(c.result.length!);
      expect(p.holds(trace.initial)).toBe(true);
      trace.steps.forEach((step, i) => expect(p.holds(step.state)).toBe(i === trace.steps.length - 1 ? false : true));
    }
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
        ],
        "loser-keeps-running": [
          1278030,
          6879215,
          6,
          12,
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
