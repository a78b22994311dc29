/**
 * The generic tool chain bound to the built-in protocol, with its own types:
 * what the tests, the bench and scripts in this repository call, so they
 * read `checkDesign({ knobs: ['no-drain'] })` rather than thread the
 * definition through every call.
 */
import type { Action } from '../spec/action.ts';
import type { Config } from '../spec/config.ts';
import type { State } from '../spec/state.ts';
import type { ExploreReport } from '../src/engine/explore.ts';
import { makeConfig } from '../src/protocol/config.ts';
import * as matrix from '../src/protocol/matrix.ts';
import * as review from '../src/protocol/review.ts';
import { reviewMarkdown as markdown } from '../src/protocol/review-markdown.ts';
import { checkConfig, type CheckOptions } from '../src/protocol/run.ts';
import * as traces from '../src/protocol/traces.ts';
import type { TraceFile } from '../src/trace/file.ts';
import vmwareFt from './index.ts';

export { vmwareFt };
export type ProtocolTrace = TraceFile<Config, Action>;
export type ProtocolReport = ExploreReport<State, Action>;
export type MatrixRow = Omit<matrix.MatrixRow<State, Action>, 'config'> & { config: Config };
export type ReplayResult = traces.ReplayResult<State, Action>;
export { traceFileName } from '../src/protocol/traces.ts';
export const savedTraceText = (dir: string, t: ProtocolTrace): string => traces.savedTraceText(vmwareFt, dir, t);

export function checkDesign(partial: Partial<Config> = {}, options: CheckOptions = {}): { config: Config; report: ProtocolReport } {
  const { knobs = [], ...bounds } = partial;
  const config = makeConfig(vmwareFt, bounds, knobs);
  return { config, report: checkConfig(vmwareFt, config, options) };
}

export function runMatrix(bounds: Partial<Omit<Config, 'knobs'>>, options?: (design: string) => CheckOptions): MatrixRow[] {
  return matrix.runMatrix(vmwareFt, bounds, options) as MatrixRow[];
}

export const matrixTraces = (rows: readonly MatrixRow[], dir: string) => matrix.matrixTraces(vmwareFt, rows, dir) as ProtocolTrace[];
export const loadTrace = (path: string): ProtocolTrace => traces.loadTrace(vmwareFt, path);
export const replayTrace = (file: string, t: ProtocolTrace, knobs?: readonly string[]): ReplayResult => traces.replayTrace(vmwareFt, file, t, knobs);
export const traceMermaid = (t: ProtocolTrace, r: ReplayResult): string => traces.traceMermaid(vmwareFt, t, r);
export const buildReview = (rows: readonly MatrixRow[], ts: readonly ProtocolTrace[], dir: string) => review.buildReview(vmwareFt, rows, ts, dir);
export const reviewMarkdown = (r: review.Review, ts: readonly ProtocolTrace[], outDir: string, command: string) => markdown(vmwareFt, r, ts, outDir, command);
