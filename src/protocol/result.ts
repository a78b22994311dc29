/**
 * One result type for every search: an exhaustive check, a random search
 * and a replay each end in a `RunResult`, whose outcome (and so the exit
 * code) and JSON shape come from here. Per property the verdict is one of
 * holds / violated / witnessed / not-witnessed / incomplete, where
 * incomplete means the search stopped before it could say (a `holds` or
 * `not-witnessed` that is only "so far"). A trace in a result is a trace
 * file, so what `--json` prints is what `lockstep replay` reads.
 */
import type { ExploreReport, PropertyResult, Verdict } from '../engine/explore.ts';
import type { FuzzReport } from '../engine/fuzz.ts';
import type { PropertyKind } from '../engine/model.ts';
import type { TraceFile, TraceSource } from '../trace/file.ts';
import { designName } from './config.ts';
import type { BaseConfig, ProtocolDefinition } from './definition.ts';
import { traceFileFor } from './traces.ts';

export type Outcome = Verdict | 'incomplete';

export interface PropertyOutcome {
  name: string;
  kind: PropertyKind;
  outcome: Outcome;
  /** The verdict as the search left it ("holds" so far, for an incomplete one). */
  verdict: Verdict;
  final: boolean;
  /** Steps of the counterexample or witness. */
  length?: number;
  /** The counterexample or witness, as a trace file. */
  trace?: TraceFile<BaseConfig, unknown>;
}

/** The run as a whole: 0 holds, 1 violated (or a witness missing from the whole space), 3 incomplete. */
export type RunOutcome = 'holds' | 'violated' | 'incomplete';

export const EXIT_CODES: Record<RunOutcome, number> = { holds: 0, violated: 1, incomplete: 3 };

export interface RunResult {
  search: 'exhaustive' | 'random' | 'replay';
  protocol: string;
  design: string;
  config: BaseConfig;
  outcome: RunOutcome;
  properties: PropertyOutcome[];
}

export function propertyOutcome(p: { name: string; kind: PropertyKind; verdict: Verdict; final: boolean; length?: number }, trace?: TraceFile<BaseConfig, unknown>): PropertyOutcome {
  const outcome: Outcome = p.verdict === 'violated' || p.verdict === 'witnessed' || p.final ? p.verdict : 'incomplete';
  return { name: p.name, kind: p.kind, outcome, verdict: p.verdict, final: p.final, ...(p.length !== undefined ? { length: p.length } : {}), ...(trace ? { trace } : {}) };
}

export function runOutcome(properties: readonly Pick<PropertyOutcome, 'outcome'>[]): RunOutcome {
  if (properties.some((p) => p.outcome === 'violated' || p.outcome === 'not-witnessed')) return 'violated';
  if (properties.some((p) => p.outcome === 'incomplete')) return 'incomplete';
  return 'holds';
}

function outcomes<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, results: readonly PropertyResult<S, A>[], source: TraceSource): PropertyOutcome[] {
  return results.map((r) => propertyOutcome(r, r.trace ? traceFileFor(def, config, r, source) : undefined));
}

export interface ExhaustiveResult extends RunResult, Omit<ExploreReport<unknown, unknown>, 'properties'> {
  search: 'exhaustive';
  symmetry: boolean;
}

export function exhaustiveResult<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, report: ExploreReport<S, A>, source: TraceSource, symmetry = false): ExhaustiveResult {
  const properties = outcomes(def, config, report.properties, source);
  const { properties: _, ...stats } = report;
  return { search: 'exhaustive', protocol: def.name, design: designName(config), config, symmetry, outcome: runOutcome(properties), ...stats, properties };
}

export interface RandomResult extends RunResult, Omit<FuzzReport<unknown, unknown>, 'properties'> {
  search: 'random';
  /** The command that runs this search again; with the failure's path, the one that replays the failure. */
  replay: string;
}

/**
 * A random search decides only what it finds: a violation, a witness. "No
 * violation found" in every schedule it was asked for is its `holds` (not
 * a proof; the text says so); stopped by a signal before that, it is
 * incomplete. A witness it never met is not-witnessed, as asked.
 */
export function randomResult<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, report: FuzzReport<S, A>, source: TraceSource, replay: string): RandomResult {
  const stopped = report.stoppedBecause === 'interrupted';
  const properties = report.properties.map((r) => {
    const o = propertyOutcome(r, r.trace ? traceFileFor(def, config, r, source) : undefined);
    return stopped || r.final ? o : { ...o, outcome: r.verdict };
  });
  const { properties: _, ...stats } = report;
  return { search: 'random', protocol: def.name, design: designName(config), config, outcome: runOutcome(properties), ...stats, replay, properties };
}
