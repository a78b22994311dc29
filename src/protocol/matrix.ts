/**
 * The design matrix: the correct design and each knob alone at the same
 * bounds, every property checked, and every cell compared with the
 * expectation on record for exactly these bounds. Where none is on record
 * the matrix reports the verdicts and says so: it does not judge bounds
 * nobody has worked out.
 */
import type { PropertyResult, Verdict } from '../engine/explore.ts';
import type { ExploreReport } from '../engine/explore.ts';
import type { TraceSource } from '../trace/file.ts';
import { boundsFlags, boundsOf, designName, knobApplies, makeConfig } from './config.ts';
import type { BaseConfig, Expectation, ProtocolDefinition } from './definition.ts';
import { checkConfig, checkConfigAsync, type CheckOptions } from './run.ts';
import { protocolFlag } from './load.ts';
import { tracesOf, type AnyTrace } from './traces.ts';

export interface MatrixCell<S = unknown, A = unknown> {
  property: string;
  verdict: Verdict;
  /** The expectation on record for these bounds and this design; absent when there is none. */
  expected?: Verdict;
  /** The search stopped before this verdict was final. */
  incomplete: boolean;
  /** The verdict is final and equals the expectation (false without an expectation). */
  ok: boolean;
  result: PropertyResult<S, A>;
}

export interface MatrixRow<S = unknown, A = unknown> {
  design: string;
  config: BaseConfig;
  report: ExploreReport<S, A>;
  /** Where the row's expectation comes from, when there is one. */
  expectation?: string;
  cells: MatrixCell<S, A>[];
}

/** The correct design and each knob alone that means something at these bounds. */
export function matrixDesigns(def: ProtocolDefinition, bounds: Record<string, number | undefined>): BaseConfig[] {
  const correct = makeConfig(def, bounds, []);
  return [correct, ...def.knobs.filter((k) => knobApplies(def, k.name, correct)).map((k) => makeConfig(def, bounds, [k.name]))];
}

/** The expectation on record for exactly this configuration's bounds and knobs. */
export function expectationFor(def: ProtocolDefinition, config: BaseConfig): Expectation | undefined {
  const bounds = boundsOf(def, config);
  const same = (a: Readonly<Record<string, number>>) => {
    const keys = new Set([...Object.keys(a), ...Object.keys(bounds)]);
    return [...keys].every((k) => a[k] === bounds[k]);
  };
  const knobs = [...config.knobs].sort().join('+');
  return def.expectations.find((e) => same(e.bounds) && [...e.knobs].sort().join('+') === knobs);
}

export function runMatrix<S, A>(
  def: ProtocolDefinition<S, A>,
  bounds: Record<string, number | undefined>,
  options: (design: string) => CheckOptions = () => ({}),
): MatrixRow<S, A>[] {
  return matrixDesigns(def, bounds).map((config) => matrixRow(def, config, checkConfig(def, config, options(designName(config)))));
}

/**
 * The same, each search giving the event loop a turn now and then; once a
 * design's `signal` is aborted, that design's row is partial and the
 * designs after it are not run.
 */
export async function runMatrixAsync<S, A>(
  def: ProtocolDefinition<S, A>,
  bounds: Record<string, number | undefined>,
  options: (design: string) => CheckOptions = () => ({}),
): Promise<MatrixRow<S, A>[]> {
  const rows: MatrixRow<S, A>[] = [];
  for (const config of matrixDesigns(def, bounds)) {
    const opts = options(designName(config));
    if (opts.signal?.aborted) break;
    rows.push(matrixRow(def, config, await checkConfigAsync(def, config, opts)));
  }
  return rows;
}

function matrixRow<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, report: ExploreReport<S, A>): MatrixRow<S, A> {
  const expectation = expectationFor(def, config);
  const cells = report.properties.map((result): MatrixCell<S, A> => {
    const expected = expectation?.verdicts[result.name];
    const incomplete = !result.final;
    return { property: result.name, verdict: result.verdict, ...(expected ? { expected } : {}), incomplete, ok: !incomplete && result.verdict === expected, result };
  });
  return { design: designName(config), config, report, ...(expectation ? { expectation: expectation.source } : {}), cells };
}

export type MatrixOutcome = 'matches' | 'mismatch' | 'incomplete' | 'no-expectation';

/**
 * A mismatch is a final verdict that differs from its expectation; with
 * none, an incomplete cell makes the matrix incomplete; a matrix with no
 * expectation on record for some cell reports its verdicts unjudged.
 */
export function matrixOutcome(rows: readonly MatrixRow[]): MatrixOutcome {
  const cells = rows.flatMap((r) => r.cells);
  if (cells.some((c) => !c.incomplete && c.expected !== undefined && c.verdict !== c.expected)) return 'mismatch';
  if (cells.some((c) => c.incomplete)) return 'incomplete';
  if (cells.some((c) => c.expected === undefined)) return 'no-expectation';
  return 'matches';
}

export function matrixHolds(rows: readonly MatrixRow[]): boolean {
  return matrixOutcome(rows) === 'matches';
}

/**
 * The traces `matrix --save` writes: each design's violations that its
 * expectation calls for (every violation where none is on record), and the
 * correct design's witnesses. counterexamples/ holds these for the defaults.
 */
export function matrixTraces<S, A>(def: ProtocolDefinition<S, A>, rows: readonly MatrixRow<S, A>[], dir: string): AnyTrace[] {
  const source: TraceSource = { kind: 'exhaustive', command: `lockstep matrix ${protocolFlag(def)}${boundsFlags(def, rows[0].config)} --save ${dir}` };
  return rows.flatMap((r) => {
    const keep = r.cells.filter((c) => (c.ok || c.expected === undefined) && !c.incomplete && (c.verdict === 'violated' || (r.config.knobs.length === 0 && c.verdict === 'witnessed')));
    return tracesOf(def, r.config, keep.map((c) => c.result), source);
  });
}
