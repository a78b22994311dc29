/**
 * Text renderings of exploration reports and traces. Generic: what a step
 * says about the protocol comes from a `StepWords` function the caller
 * passes, so the same code renders any model's traces. Every word that
 * reaches the terminal passes `safeText`, so a trace (or a model) cannot
 * send escape sequences through it.
 */
import type { ExploreReport, ExploreStats, PropertyResult } from '../engine/explore.ts';
import type { Coverage } from '../engine/results.ts';
import { isLasso, type Lasso, type Step, type Trace } from '../engine/trace.ts';
import { bytes, count, seconds, table } from './format.ts';
import { bounded, safeText } from './sanitize.ts';

/** What a renderer needs to say about one step. */
export interface StepWords {
  actor: string;
  action: string;
  /** The change that matters, in words. */
  change: string;
  /** What the observer has seen after the step, labelled ("client: #1 r1"); empty for none. */
  view: string;
  /** Why this step stands out (say, "conflicting output"): the row is marked `!!` and says so. */
  emphasis?: string;
}

/** `last` is the state the whole trace ends in, for words that depend on what comes later. */
export type Narrator<S, A> = (before: S, action: A, after: S, last?: S) => StepWords;

/** How long a title and a description may be in a heading. */
const TITLE_LIMIT = 200;
const DESCRIPTION_LIMIT = 2000;

/** A trace's title (or `fallback`) and description as heading lines, safe for a terminal. */
export function traceHeading(t: { title?: string; description?: string }, fallback: string): string[] {
  const title = bounded(safeText(t.title ?? fallback), TITLE_LIMIT);
  return t.description === undefined ? [title] : [title, bounded(safeText(t.description, { lines: true }), DESCRIPTION_LIMIT)];
}

export function renderStats(r: ExploreStats & Partial<Coverage> & { complete: boolean; stoppedBecause: string; countsVary?: boolean }): string {
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
  const coverage = r.coverage;
  if (coverage) {
    const dead = r.dead ?? [];
    lines.push(`actions taken: ${coverage.map((c) => `${safeText(c.action)} ${count(c.taken)}`).join(', ')}`);
    if (dead.length > 0) lines.push(`DEAD: no transition took ${dead.map((d) => safeText(d)).join(', ')}${r.complete ? ' (in the whole reachable space: a safeguard or an action that can never act)' : ' so far'}`);
  }
  if (!r.complete) {
    const why: Record<string, string> = {
      'max-states': 'stopped at --max-states',
      'time-limit': 'stopped at --time-limit',
      interrupted: 'INTERRUPTED (a signal)',
      'all-decided': '',
    };
    const varies = r.countsVary ? '; with several threads a partial run\'s counts differ from run to run' : '';
    lines.push(
      r.stoppedBecause === 'all-decided'
        ? 'stopped early: every property was decided'
        : `INCOMPLETE: ${why[r.stoppedBecause] ?? r.stoppedBecause}; "holds" and "not-witnessed" mean "so far"${varies}`,
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
  return table(report.properties.map((p) => [safeText(p.name), p.kind, verdictText(p)]));
}

/** The steps as a table; `mark` (the violating step) is flagged `>>`, a step the narrator emphasises `!!`. */
export function renderTrace<S, A>(trace: Trace<S, A> | Lasso<S, A>, narrate: Narrator<S, A>, mark?: number): string {
  if (isLasso(trace)) return renderLasso(trace, narrate);
  const last = trace.steps.at(-1)?.state ?? trace.initial;
  const rows = stepRows(trace.initial, trace.steps, narrate, 0, last, mark);
  return rows.length === 0 ? '  (the initial state itself)' : table(rows);
}

function stepRows<S, A>(initial: S, steps: readonly Step<S, A>[], narrate: Narrator<S, A>, offset: number, last: S, mark?: number): string[][] {
  let before = initial;
  return steps.map((step, i) => {
    const w = narrate(before, step.action, step.state, last);
    before = step.state;
    const n = offset + i + 1;
    const flag = mark === n ? '>>' : w.emphasis ? '!!' : '';
    const change = w.emphasis ? `${w.change}  << ${w.emphasis}` : w.change;
    return [`${flag}${String(n).padStart(flag ? 1 : 3)}`, ...[w.actor, w.action, change].map((c) => safeText(c)), ...(w.view ? [`| ${safeText(w.view)}`] : [])];
  });
}

/** Prefix, then the cycle that repeats forever (or the stuck state). */
function renderLasso<S, A>(lasso: Lasso<S, A>, narrate: Narrator<S, A>): string {
  const loopStart = lasso.prefix.length === 0 ? lasso.initial : lasso.prefix[lasso.prefix.length - 1].state;
  const last = lasso.cycle.at(-1)?.state ?? loopStart;
  const prefix = stepRows(lasso.initial, lasso.prefix, narrate, 0, last);
  const cycle = stepRows(loopStart, lasso.cycle, narrate, lasso.prefix.length, last);
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
      return `${safeText(p.name)}: ${what}, ${p.length} steps\n${renderTrace(p.trace!, narrate, p.kind === 'always' ? p.length : undefined)}`;
    })
    .join('\n\n');
}
