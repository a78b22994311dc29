/**
 * The design matrix: the correct design and each knob alone, at the same
 * bounds, every property checked, every cell compared with the brief's
 * expectation.
 */
import { propertiesFor } from '../../properties/index.ts';
import { makeConfig, type Config } from '../../spec/config.ts';
import { KNOB_NAMES } from '../../spec/knobs.ts';
import type { PropertyResult, Verdict } from '../engine/explore.ts';
import type { Action } from '../../spec/action.ts';
import type { State } from '../../spec/state.ts';
import { tracesOf, type ProtocolTrace } from './traces.ts';
import type { TraceSource } from '../trace/file.ts';
import { checkDesign, designName, expectedVerdict, type CheckOptions, type ProtocolReport } from './protocol.ts';

export interface MatrixCell {
  property: string;
  verdict: Verdict;
  expected: Verdict;
  /** The verdict is final and equals the expectation. */
  ok: boolean;
  result: PropertyResult<State, Action>;
}

export interface MatrixRow {
  design: string;
  config: Config;
  report: ProtocolReport;
  cells: MatrixCell[];
}

export type Bounds = Pick<Config, 'requests' | 'crashes' | 'cuts'>;

export function matrixDesigns(bounds: Partial<Bounds>): Config[] {
  return [makeConfig({ ...bounds, knobs: [] }), ...KNOB_NAMES.map((k) => makeConfig({ ...bounds, knobs: [k] }))];
}

export function runMatrix(
  bounds: Partial<Bounds>,
  options: (design: string) => CheckOptions = () => ({}),
): MatrixRow[] {
  return matrixDesigns(bounds).map((config) => {
    const design = designName(config);
    const opts = options(design);
    const { report } = checkDesign(config, opts);
    const cells = propertiesFor(config, opts).map((p, i): MatrixCell => {
      const result = report.properties[i];
      const expected = expectedVerdict(config, p);
      return { property: p.name, verdict: result.verdict, expected, ok: result.final && result.verdict === expected, result };
    });
    return { design, config, report, cells };
  });
}

export function matrixHolds(rows: readonly MatrixRow[]): boolean {
  return rows.every((r) => r.cells.every((c) => c.ok));
}

/**
 * The traces `matrix --save` writes: each knob's violations, and the correct
 * design's witnesses. counterexamples/ holds these for the defaults.
 */
export function matrixTraces(rows: readonly MatrixRow[], dir: string): ProtocolTrace[] {
  const { requests, crashes, cuts } = rows[0].config;
  const source: TraceSource = { kind: 'exhaustive', command: `lockstep matrix --requests ${requests} --crashes ${crashes} --cuts ${cuts} --save ${dir}` };
  return rows.flatMap((r) => {
    const keep = r.cells.filter((c) => c.ok && (c.verdict === 'violated' || (r.config.knobs.length === 0 && c.verdict === 'witnessed')));
    return tracesOf(r.config, keep.map((c) => c.result), source);
  });
}
