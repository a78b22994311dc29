/**
 * The expected verdicts of the built-in protocol, as data, keyed by the
 * bounds at which each was established. At the default bounds they are the
 * brief's table (which two independent reference models agree on): the
 * correct design holds every safety and liveness property and reaches the
 * failover duplicate; each knob alone breaks exactly its row. At other
 * bounds an expectation is on record only where someone worked out why the
 * verdicts must be what they are; the matrix reports any other bounds
 * without judging them.
 */
import type { Expectation } from '../src/protocol/definition.ts';
import { propertiesFor } from '../properties/index.ts';
import { DEFAULTS } from '../spec/config.ts';
import { KNOBS, KNOB_NAMES, type Knob } from '../spec/knobs.ts';
import type { Verdict } from '../src/engine/explore.ts';

type Bounds = { requests: number; crashes: number; cuts: number };

/** The brief's row for a design (the correct one, or one knob alone), at bounds where the table applies. */
function briefRow(bounds: Bounds, knobs: readonly Knob[], source: string, except: Record<string, Verdict> = {}): Expectation {
  const broken = new Set<string>(knobs.flatMap((k) => KNOBS[k].breaks));
  const verdicts: Record<string, Verdict> = {};
  for (const p of propertiesFor(bounds)) {
    if (p.name === 'duplicatesHappen') verdicts[p.name] = knobs.every((k) => KNOBS[k].duplicates) ? 'witnessed' : 'not-witnessed';
    else if (p.kind === 'sometimes') verdicts[p.name] = 'witnessed';
    else verdicts[p.name] = broken.has(p.name) ? 'violated' : 'holds';
  }
  return { bounds, knobs, verdicts: { ...verdicts, ...except }, source };
}

function table(bounds: Bounds, source: string, except: Partial<Record<Knob | 'correct', Record<string, Verdict>>> = {}): Expectation[] {
  return [briefRow(bounds, [], source, except.correct), ...KNOB_NAMES.map((k) => briefRow(bounds, [k], source, except[k]))];
}

const { requests, crashes, cuts } = DEFAULTS;

export const EXPECTATIONS: readonly Expectation[] = [
  ...table({ requests, crashes, cuts }, "the brief's table (default bounds)"),
  // One request is enough for every row: each counterexample of the table
  // needs at most one executed request, except that consistentOutput's
  // "two seqs for one request" and "two outputs for one seq" both arise
  // from one request executed twice (by two primaries) or replayed with
  // another value.
  ...table({ requests: 1, crashes: 1, cuts: 1 }, "the brief's table: every violation in it needs only one request"),
  // Without a crash the address owner never dies: with two live primaries
  // the client's requests keep reaching the one that announced itself last,
  // so the arbiter knobs keep atLeastOnce (the brief's reason for that
  // cell is a crash of the last announcer).
  ...table({ requests, crashes: 0, cuts }, 'worked out: without a crash, requests always reach a live primary', {
    'no-test-and-set': { atLeastOnce: 'holds' },
    'loser-keeps-running': { atLeastOnce: 'holds' },
  }),
];
