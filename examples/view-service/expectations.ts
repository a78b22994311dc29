/**
 * The verdicts expected of the view-service design, as data, keyed by the
 * bounds at which each was established. They were found with the checker
 * and each was then explained from its counterexample (README.md says how);
 * they were not chosen first. At the defaults every knob breaks all three
 * safety properties: removing any one safeguard lets a server answer, or be
 * promoted, without the history the next primary continues, and with two
 * requests the client then holds two replies that fork. With one request
 * the client never holds two replies, so only noLostAck can fail.
 */
import type { Expectation, Verdict } from '../../src/index.ts';
import { KNOBS } from './knobs.ts';

type Bounds = { requests: number; crashes: number; delays: number; losses: number };

function row(bounds: Bounds, knobs: readonly string[], source: string, twoReplies: boolean): Expectation {
  const broken = new Set(knobs.flatMap((k) => KNOBS.find((x) => x.name === k)!.breaks));
  const safety = (name: string): Verdict => (broken.has(name) && (twoReplies || name === 'noLostAck') ? 'violated' : 'holds');
  return {
    bounds,
    knobs,
    verdicts: {
      noSplitBrain: safety('noSplitBrain'),
      consistentReplies: safety('consistentReplies'),
      noLostAck: safety('noLostAck'),
      answersAcrossViews: twoReplies ? 'witnessed' : 'not-witnessed',
      atLeastOnce: 'holds',
    },
    source,
  };
}

function table(bounds: Bounds, source: string, twoReplies: boolean): Expectation[] {
  return [row(bounds, [], source, twoReplies), ...KNOBS.map((k) => row(bounds, [k.name], source, twoReplies))];
}

export const DEFAULT_BOUNDS: Bounds = { requests: 2, crashes: 1, delays: 1, losses: 0 };

export const EXPECTATIONS: readonly Expectation[] = [
  ...table(DEFAULT_BOUNDS, 'checked at the defaults, each counterexample read and explained (examples/view-service/README.md)', true),
  ...table(
    { requests: 1, crashes: 1, delays: 1, losses: 0 },
    'worked out: with one request the client never holds two replies, so only noLostAck can fail, and no reply from a second view exists',
    false,
  ),
];
