/**
 * Text renderings of exploration reports and traces. Generic: what a step
 * says about the protocol comes from a `StepWords` function the caller
 * passes, so the same code renders any model's traces.
 */
import type { ExploreReport, ExploreStats, PropertyResult } from '../engine/explore.ts';
import type { Trace } from '../engine/trace.ts';
import { bytes, count, seconds, table } from './format.ts';

/** What a renderer needs to say about one step. */
export interface StepWords {
  actor: string;
  action: string;
  /** The change that matters, in words. */
  change: string;
  /** What the observer (here: the client) has seen after the step. */
  view: string;
}

export type Narrator<S, A> = (before: S, action: A, after: S) => StepWords;

export function renderStats(r: ExploreStats & { complete: boolean; stoppedBecause: string }): string {
  const rate = r.seconds > 0 ? ` (${count(r.states / r.seconds)} states/s)` : '';
  const lines = [
    `${count(r.states)} distinct states, ${count(r.transitions)} transitions, depth ${r.depth}, ${seconds(r.seconds)} s${rate}`,
    `fingerprint table ${bytes(r.tableBytes)} (${r.bytesPerState.toFixed(1)} B/state), peak RSS ${bytes(r.peakRssBytes)}, collision odds ${r.collisionOdds.toExponential(1)}`,
  ];
  if (!r.complete) {
    lines.push(
      r.stoppedBecause === 'max-states'
        ? 'INCOMPLETE: stopped at --max-states; "holds" and "not-witnessed" mean "so far"'
        : 'stopped early: every property was decided',
    );
  }
  return lines.join('\n');
}

export function verdictText(p: PropertyResult<unknown, unknown>): string {
  const steps = p.length === undefined ? '' : ` (${p.length} step${p.length === 1 ? '' : 's'})`;
  const soFar = p.final ? '' : ' so far';
  return `${p.verdict}${soFar}${steps}`;
}

export function renderProperties(report: ExploreReport<unknown, unknown>): string {
  return table(report.properties.map((p) => [p.name, p.kind, verdictText(p)]));
}

export function renderTrace<S, A>(trace: Trace<S, A>, narrate: Narrator<S, A>, mark?: number): string {
  const rows: string[][] = [];
  let before = trace.initial;
  trace.steps.forEach((step, i) => {
    const w = narrate(before, step.action, step.state);
    const flag = mark === i + 1 ? '>>' : '';
    rows.push([`${flag}${String(i + 1).padStart(flag ? 1 : 3)}`, w.actor, w.action, w.change, `| client: ${w.view}`]);
    before = step.state;
  });
  return rows.length === 0 ? '  (the initial state itself)' : table(rows);
}

/** The witness or counterexample of each decided property, under a heading. */
export function renderTraces<S, A>(report: ExploreReport<S, A>, narrate: Narrator<S, A>): string {
  return report.properties
    .filter((p) => p.trace)
    .map((p) => {
      const what = p.kind === 'sometimes' ? 'witness' : 'counterexample';
      return `${p.name}: ${what}, ${p.length} steps\n${renderTrace(p.trace!, narrate, p.kind === 'always' ? p.length : undefined)}`;
    })
    .join('\n\n');
}
