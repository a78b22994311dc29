/**
 * Trace files of the protocol: parsing them with the spec's own checks,
 * making them from a report, and replaying one into a verdict.
 */
import { PROPERTY_NAMES, propertyByName } from '../../properties/index.ts';
import { ActionError, parseAction } from '../../spec/parse.ts';
import type { Action } from '../../spec/action.ts';
import { designName, makeConfig, type Config } from '../../spec/config.ts';
import { diagramEvents, lanesFor, type Lane } from '../../spec/diagram.ts';
import { protocolModel } from '../../spec/model.ts';
import type { State } from '../../spec/state.ts';
import type { PropertyResult, Verdict } from '../engine/explore.ts';
import { judgeLasso, judgeRun, replayActions, stateFingerprint, type Judgement, type ReplayProblem } from '../engine/replay.ts';
import { isLasso, type Lasso, type Trace } from '../engine/trace.ts';
import { toMermaid, type DiagramSpec } from '../report/mermaid.ts';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.ts';
import { readTraceFile, traceJson, writeFileAtomic, type TraceFile, type TraceParsers, type TraceSource } from '../trace/file.ts';

export type ProtocolTrace = TraceFile<Config, Action>;

export const protocolParsers: TraceParsers<Config, Action> = {
  config(value) {
    if (typeof value !== 'object' || value === null) throw new ActionError('must be an object');
    const c = value as Record<string, unknown>;
    for (const key of Object.keys(c)) {
      if (!['requests', 'crashes', 'cuts', 'restores', 'window', 'knobs'].includes(key)) throw new ActionError(`unexpected field "${key}"`);
    }
    if (c.knobs !== undefined && !Array.isArray(c.knobs)) throw new ActionError('knobs must be a list');
    return makeConfig(c as Partial<Config>);
  },
  action: parseAction,
  property: (name, config) => PROPERTY_NAMES.includes(name) && propertyByName(name, config) !== undefined,
};

export function loadTrace(path: string): ProtocolTrace {
  return readTraceFile(path, protocolParsers);
}

/** A trace file for a decided property of a report. */
export function traceFileFor(config: Config, result: PropertyResult<State, Action>, source: TraceSource): ProtocolTrace {
  const model = protocolModel(config);
  const t = result.trace!;
  const steps = isLasso(t) ? [...t.prefix, ...t.cycle] : t.steps;
  const what = result.kind === 'sometimes' ? 'reaches' : 'violates';
  return {
    $schema: './trace.schema.json',
    format: 'lockstep-trace',
    version: 1,
    title: `${designName(config)} ${what} ${result.name} in ${result.length} steps`,
    config,
    property: result.name,
    expect: result.verdict,
    source,
    actions: (isLasso(t) ? t.prefix : t.steps).map((s) => s.action),
    ...(isLasso(t) ? { cycle: t.cycle.map((s) => s.action) } : {}),
    fingerprints: steps.map((s) => stateFingerprint(model, s.state)),
  };
}

export interface ReplayResult {
  file: string;
  design: string;
  property: string;
  expected: Verdict;
  /** What the replay showed; absent when the trace could not be replayed. */
  judgement?: Judgement;
  problem?: ReplayProblem<Action>;
  ok: boolean;
  trace?: Trace<State, Action> | Lasso<State, Action>;
}

/**
 * Replays a trace under its own configuration, or under `override` (say,
 * without its knobs, to show that the safeguard is what stops it).
 */
export function replayTrace(file: string, t: ProtocolTrace, override?: Partial<Config>): ReplayResult {
  const config = makeConfig({ ...t.config, ...override });
  const model = protocolModel(config);
  const property = propertyByName(t.property, config)!;
  const useFingerprints = override === undefined ? t.fingerprints : undefined;
  const all = [...t.actions, ...(t.cycle ?? [])];
  const run = replayActions(model, all, useFingerprints);
  const base = { file, design: designName(config), property: t.property, expected: t.expect };
  if (run.problem) return { ...base, problem: run.problem, ok: false };
  let trace: Trace<State, Action> | Lasso<State, Action>;
  let judgement: Judgement;
  if (property.kind === 'eventually') {
    const lasso = { initial: run.initial, prefix: run.steps.slice(0, t.actions.length), cycle: run.steps.slice(t.actions.length) };
    trace = lasso;
    judgement = judgeLasso(model, property, lasso);
  } else {
    trace = { initial: run.initial, steps: run.steps };
    judgement = judgeRun(property, trace);
  }
  return { ...base, judgement, ok: judgement.verdict === t.expect, trace };
}

export function protocolDiagram(config: Config): DiagramSpec<State, Action, Lane> {
  return { lanes: lanesFor(config).map((id) => ({ id, label: id })), events: diagramEvents };
}

export function traceMermaid(t: ProtocolTrace, r: ReplayResult): string {
  const mark = r.judgement?.verdict === 'violated' && r.judgement.step !== undefined && !isLasso(r.trace!) ? r.judgement.step : undefined;
  const markText =
    r.judgement?.verdict === 'violated'
      ? `${t.property} violated`
      : r.judgement?.verdict === 'witnessed'
        ? `${t.property} witnessed`
        : undefined;
  return toMermaid(r.trace!, protocolDiagram(t.config), { mark: mark ?? (r.judgement?.verdict === 'witnessed' ? r.judgement.step : undefined), markText, title: t.title });
}

/** `<design>--<property>.json`: the name a saved trace gets. */
export function traceFileName(config: Config, property: string): string {
  return `${designName(config)}--${property}.json`;
}

/** Writes trace files into `dir` atomically (creating it); returns the paths written. */
export function writeTraces(dir: string, traces: readonly ProtocolTrace[]): string[] {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`--save ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`--save ${dir}: not a folder`);
  return traces.map((t) => {
    const path = join(dir, traceFileName(t.config, t.property));
    writeFileAtomic(path, traceJson(t));
    return path;
  });
}

/** Every decided property's trace (counterexample or witness) of a report. */
export function tracesOf(config: Config, results: readonly PropertyResult<State, Action>[], source: TraceSource): ProtocolTrace[] {
  return results.filter((r) => r.trace).map((r) => traceFileFor(config, r, source));
}
