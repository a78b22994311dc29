/**
 * Text renderings of exploration reports and traces. Generic: what a step
 * says about the protocol comes from a `StepWords` function the caller
 * passes, so the same code renders any model's traces.
 */
import type { ExploreReport, ExploreStats, PropertyResult } from '../engine/explore.ts';
import { isLasso, type Lasso, type Step, type Trace } from '../engine/trace.ts';
import { bytes, count, seconds, table } from './format.ts';

/** What a renderer needs to say about one step. */
export interface StepWords {
  actor: string;
  action: string;
  /** The change that matters, in words. */
  change: string;
  /** What the observer has seen after the step, labelled ("client: #1 r1"); empty for none. */
  view: string;
}

export type Narrator<S, A> = (before: S, action: A, after: S) => StepWords;

export function renderStats(r: ExploreStats & { complete: boolean; stoppedBecause: string }): string {
  const rate = r.seconds > 0 ? ` (${count(r.states / r.seconds)} states/s)` : '';
  const lines = [
    `${count(r.states)} distinct states, ${count(r.transitions)} transitions, depth ${r.depth}, ${seconds(r.seconds)} s${rate}`,
    `fingerprint table ${bytes(r.tableBytes)} (${r.bytesPerState.toFixed(1)} B/state), peak RSS ${bytes(r.peakRssBytes)}, collision odds ${r.collisionOdds.toExponential(1)}`,
  ];
  if (r.liveness) {
    const l = r.liveness;
    lines.push(
      `liveness pass ${seconds(l.seconds)} s after a ${seconds(r.searchSeconds)} s search; graph ${bytes(l.graphBytes)} (${l.bytesPerState.toFixed(1)} B/state, ${count(l.edges)} edges, ${l.fairnessClasses} fairness classes)`,
    );
  }
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

export function renderTrace<S, A>(trace: Trace<S, A> | Lasso<S, A>, narrate: Narrator<S, A>, mark?: number): string {
  if (isLasso(trace)) return renderLasso(trace, narrate);
  const rows = stepRows(trace.initial, trace.steps, narrate, 0, mark);
  return rows.length === 0 ? '  (the initial state itself)' : table(rows);
}

function stepRows<S, A>(initial: S, steps: readonly Step<S, A>[], narrate: Narrator<S, A>, offset: number, mark?: number): string[][] {
  let before = initial;
  return steps.map((step, i) => {
    const w = narrate(before, step.action, step.state);
    before = step.state;
    const n = offset + i + 1;
    const flag = mark === n ? '>>' : '';
    return [`${flag}${String(n).padStart(flag ? 1 : 3)}`, w.actor, w.action, w.change, ...(w.view ? [`| ${w.view}`] : [])];
  });
}

/** Prefix, then the cycle that repeats forever (or the stuck state). */
function renderLasso<S, A>(lasso: Lasso<S, A>, narrate: Narrator<S, A>): string {
  const loopStart = lasso.prefix.length === 0 ? lasso.initial : lasso.prefix[lasso.prefix.length - 1].state;
  const prefix = stepRows(lasso.initial, lasso.prefix, narrate, 0);
  const cycle = stepRows(loopStart, lasso.cycle, narrate, lasso.prefix.length);
  const rows = [...prefix];
  if (lasso.cycle.length === 0) {
    rows.push(['', '', '(stuck)', 'no action is enabled, and the goal was never reached']);
  } else {
    rows.push(['', '', '(cycle)', `from here the run repeats steps ${lasso.prefix.length + 1}-${lasso.prefix.length + lasso.cycle.length} forever`]);
    rows.push(...cycle);
    rows.push(['', '', '(back)', `to the state after step ${lasso.prefix.length}; every weakly fair action is taken or disabled in the cycle`]);
  }
  return table(rows);
}

/** The witness or counterexample of each decided property, under a heading. */
export function renderTraces<S, A>(report: { properties: readonly PropertyResult<S, A>[] }, narrate: Narrator<S, A>): string {
  return report.properties
    .filter((p) => p.trace)
    .map((p) => {
      const what = p.kind === 'sometimes' ? 'witness' : p.kind === 'eventually' ? 'counterexample (a lasso)' : 'counterexample';
      return `${p.name}: ${what}, ${p.length} steps\n${renderTrace(p.trace!, narrate, p.kind === 'always' ? p.length : undefined)}`;
    })
    .join('\n\n');
}
