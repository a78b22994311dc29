/**
 * Trace files of a protocol: reading them with the definition's own checks,
 * making them from a search's results, replaying one into a verdict, and
 * drawing it. Every command that reads or writes a trace goes through here.
 */
import { existsSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PropertyResult, Verdict } from '../engine/explore.ts';
import { judgeLasso, judgeRun, replayActions, stateFingerprint, type Judgement, type ReplayProblem } from '../engine/replay.ts';
import { isLasso, type Lasso, type Trace } from '../engine/trace.ts';
import { ensureFolder } from '../files.ts';
import { toMermaid } from '../report/mermaid.ts';
import { parseTrace, readTraceFile, traceJson, writeFileAtomic, type TraceFile, type TraceParsers, type TraceSource } from '../trace/file.ts';
import { boundsOf, configFromJson, designName, makeConfig } from './config.ts';
import type { BaseConfig, ProtocolDefinition } from './definition.ts';

export type AnyTrace = TraceFile<BaseConfig, unknown>;

export function traceParsers<C extends BaseConfig, A>(def: ProtocolDefinition<unknown, A, C>): TraceParsers<C, A> {
  return {
    protocol: def.name,
    config: (value) => configFromJson(def, value),
    action: (value, config) => def.actions.parse(value, config),
    property: (name, config) => def.properties(config, { liveness: true }).some((p) => p.name === name),
  };
}

export function loadTrace<C extends BaseConfig, A>(def: ProtocolDefinition<unknown, A, C>, path: string): TraceFile<C, A> {
  return readTraceFile(path, traceParsers(def));
}

export function parseTraceText<C extends BaseConfig, A>(def: ProtocolDefinition<unknown, A, C>, text: string, where?: string): TraceFile<C, A> {
  return parseTrace(text, traceParsers(def), where);
}

/** A trace file for a decided property of a search's results. */
export function traceFileFor<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, result: PropertyResult<S, A>, source: TraceSource): AnyTrace {
  const model = def.model(config, { symmetry: false });
  const t = result.trace!;
  const steps = isLasso(t) ? [...t.prefix, ...t.cycle] : t.steps;
  const what = result.kind === 'sometimes' ? 'reaches' : 'violates';
  return {
    format: 'lockstep-trace',
    version: 1,
    protocol: def.name,
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

export interface ReplayResult<S = unknown, A = unknown> {
  file: string;
  design: string;
  property: string;
  expected: Verdict;
  /** What the replay showed; absent when the trace could not be replayed. */
  judgement?: Judgement;
  problem?: ReplayProblem<A>;
  ok: boolean;
  trace?: Trace<S, A> | Lasso<S, A>;
}

/**
 * Replays a trace under its own configuration, or under other knobs (say,
 * none, to show that the safeguard is what stops it).
 */
export function replayTrace<S, A>(def: ProtocolDefinition<S, A>, file: string, t: TraceFile<BaseConfig, A>, knobs?: readonly string[]): ReplayResult<S, A> {
  const config = knobs === undefined ? t.config : makeConfig(def, boundsOf(def, t.config), knobs);
  const model = def.model(config, { symmetry: false });
  const property = def.properties(config, { liveness: true }).find((p) => p.name === t.property)!;
  const fingerprints = knobs === undefined ? t.fingerprints : undefined;
  const run = replayActions(model, [...t.actions, ...(t.cycle ?? [])], fingerprints);
  const base = { file, design: designName(config), property: t.property, expected: t.expect };
  if (run.problem) return { ...base, problem: run.problem, ok: false };
  let trace: Trace<S, A> | Lasso<S, A>;
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

/** The replayed trace as a Mermaid sequence diagram, the deciding step marked. */
export function traceMermaid<S, A>(def: ProtocolDefinition<S, A>, t: TraceFile<BaseConfig, A>, r: ReplayResult<S, A>): string {
  const v = r.judgement?.verdict;
  const linear = r.trace !== undefined && !isLasso(r.trace);
  const mark = (v === 'violated' && linear) || v === 'witnessed' ? r.judgement!.step : undefined;
  const markText = v === 'violated' ? `${t.property} violated` : v === 'witnessed' ? `${t.property} witnessed` : undefined;
  const spec = { lanes: def.present.lanes(t.config), events: def.present.events };
  return toMermaid(r.trace!, spec, { mark, markText, title: t.title });
}

/** `<design>--<property>.json`: the name a saved trace gets. */
export function traceFileName(config: BaseConfig, property: string): string {
  return `${designName(config)}--${property}.json`;
}

/** Writes trace files into `dir` atomically (creating it); returns the paths written. `option` names the folder in errors. */
export function writeTraces(def: ProtocolDefinition, dir: string, traces: readonly AnyTrace[], option = '--save'): string[] {
  ensureFolder(dir, `${option} ${dir}`);
  return traces.map((t) => {
    const path = join(dir, traceFileName(t.config, t.property));
    writeFileAtomic(path, savedTraceText(def, dir, t), `${option} ${dir}: ${basename(path)}`);
    return path;
  });
}

/** The text of a trace saved into `dir`: with a `$schema` that an editor there can follow, where the protocol has a schema. */
export function savedTraceText(def: ProtocolDefinition, dir: string, t: AnyTrace): string {
  const schema = def.schema && existsSync(fileURLToPath(def.schema)) ? relative(resolve(dir), fileURLToPath(def.schema)).split('\\').join('/') : null;
  return traceJson(schema ? { $schema: schema, ...t } : t);
}

/** Every decided property's trace (counterexample or witness) of a search's results. */
export function tracesOf<S, A>(def: ProtocolDefinition<S, A>, config: BaseConfig, results: readonly PropertyResult<S, A>[], source: TraceSource): AnyTrace[] {
  return results.filter((r) => r.trace).map((r) => traceFileFor(def, config, r, source));
}
