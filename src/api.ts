/**
 * The library API: what a team's own test suite calls. Each search returns
 * the one result type of src/protocol/result.ts; `assertHolds` throws with
 * the counterexample drawn as a timeline and the command that replays it,
 * as fast-check's `assert` does, so a failing vitest case says what broke.
 */
import { boundsFlags, designName, makeConfig, type BoundValues } from './protocol/config.ts';
import type { BaseConfig, ProtocolDefinition } from './protocol/definition.ts';
import { protocolFlag } from './protocol/load.ts';
import { exhaustiveResult, randomResult, runOutcome, propertyOutcome, type ExhaustiveResult, type RandomResult, type RunResult } from './protocol/result.ts';
import { checkConfig, fuzzConfig } from './protocol/run.ts';
import { loadTrace, parseTraceText, replayTrace, writeTraces, type AnyTrace, type ReplayResult } from './protocol/traces.ts';
import { renderTrace } from './report/text.ts';
import { traceJson, type TraceFile } from './trace/file.ts';

export interface Design {
  /** Bound values; missing ones take the definition's defaults. */
  bounds?: BoundValues;
  /** Safeguards removed. */
  knobs?: readonly string[];
}

export interface CheckSpec extends Design {
  /** Check the eventually properties too (default true). */
  liveness?: boolean;
  /** Threads (default 1); more needs the definition's `module`. */
  workers?: number;
  symmetry?: boolean;
  /** Stop after this many distinct states: the result is then `incomplete` unless something was violated. */
  maxStates?: number;
}

/** Exhaustive search within the bounds. */
export async function check<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, spec: CheckSpec = {}): Promise<ExhaustiveResult> {
  const config = makeConfig(def, spec.bounds, spec.knobs);
  const report = checkConfig(def, config, { liveness: spec.liveness, workers: spec.workers, symmetry: spec.symmetry, maxStates: spec.maxStates });
  return exhaustiveResult(def, config, report, { kind: 'exhaustive', command: checkCommand(def, config, spec) }, spec.symmetry === true);
}

export interface FuzzSpec extends Design {
  runs?: number;
  maxSteps?: number;
  seed?: number;
  path?: string;
  timeLimitSeconds?: number;
  /** Only these properties (by name). */
  properties?: readonly string[];
}

/** Random schedules with fast-check; a failure is shrunk (fewest faults, then fewest steps). */
export async function fuzz<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, spec: FuzzSpec = {}): Promise<RandomResult> {
  const config = makeConfig(def, spec.bounds, spec.knobs);
  const maxSteps = spec.maxSteps ?? 100;
  const report = fuzzConfig(def, config, { runs: spec.runs ?? 1000, maxSteps, seed: spec.seed, path: spec.path, timeLimitSeconds: spec.timeLimitSeconds, only: spec.properties });
  const knobs = config.knobs.map((k) => ` --knob ${k}`).join('');
  const command = `lockstep fuzz ${protocolFlag(def)}${boundsFlags(def, config)}${knobs} --max-steps ${maxSteps} --seed ${report.seed}`;
  const replay = report.failure ? `${command} --path ${report.failure.path}` : command;
  return randomResult(def, config, report, { kind: 'random', seed: report.seed, ...(report.failure ? { path: report.failure.path } : {}), command }, replay);
}

export interface ReplayRun extends RunResult {
  search: 'replay';
  /** Whether the trace shows the verdict it expects. */
  ok: boolean;
  expected: string;
  /** Where the replay could not go on: an action not enabled, or a state other than the one recorded. */
  problem?: ReplayResult['problem'];
}

/** Replays a trace file (a path, its text parsed, or the object) on the definition's model. */
export function replay<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, trace: string | TraceFile<C, A>, options: { knobs?: readonly string[] } = {}): ReplayRun {
  const t: AnyTrace = typeof trace === 'string' ? loadTrace(def, trace) : parseTraceText(def, traceJson(trace as AnyTrace), 'trace');
  const r = replayTrace(def, typeof trace === 'string' ? trace : 'trace', t, options.knobs);
  const kind = def.properties(t.config as C, { liveness: true }).find((p) => p.name === t.property)!.kind;
  const properties = r.judgement ? [propertyOutcome({ name: t.property, kind, verdict: r.judgement.verdict, final: true, ...(r.judgement.step !== undefined ? { length: r.judgement.step } : {}) })] : [];
  return {
    search: 'replay',
    protocol: def.name,
    design: designName(t.config),
    config: t.config,
    outcome: r.problem ? 'incomplete' : runOutcome(properties),
    properties,
    ok: r.ok,
    expected: t.expect,
    ...(r.problem ? { problem: r.problem } : {}),
  };
}

/** Thrown by `assertHolds`: the message has the counterexample and the command that replays it. */
export class LockstepAssertionError extends Error {
  override name = 'LockstepAssertionError';
  constructor(
    message: string,
    readonly result: RunResult,
  ) {
    super(message);
  }
}

export interface AssertSpec extends CheckSpec {
  /** Write each counterexample here as a trace file, and name it in the message. */
  saveTo?: string;
}

/** Exhaustive check that throws unless every property holds (or is witnessed) over the whole space. */
export async function assertHolds<S, A, C extends BaseConfig>(def: ProtocolDefinition<S, A, C>, spec: AssertSpec = {}): Promise<ExhaustiveResult> {
  const result = await check(def, spec);
  if (result.outcome === 'holds') return result;
  const config = result.config as C;
  const lines = [`${def.name}, ${designName(config)} design: ${result.outcome}`];
  const saved = spec.saveTo ? writeTraces(def, spec.saveTo, result.properties.flatMap((p) => (p.trace && p.outcome === 'violated' ? [p.trace] : []))) : [];
  for (const p of result.properties) {
    if (p.outcome === 'holds' || p.outcome === 'witnessed') continue;
    lines.push('', `${p.name} (${p.kind}): ${p.outcome}${p.length !== undefined ? ` in ${p.length} steps` : ''}`);
    if (p.trace && p.outcome === 'violated') {
      const shown = replayTrace(def, p.name, p.trace as AnyTrace);
      if (shown.trace) lines.push(renderTrace(shown.trace, def.present.narrate as never, p.kind === 'always' ? p.length : undefined));
    }
  }
  lines.push('', `replay: ${checkCommand(def, config, spec)}`);
  for (const file of saved) lines.push(`replay the trace: lockstep replay ${protocolFlag(def)}${file}`);
  throw new LockstepAssertionError(lines.join('\n'), result);
}

function checkCommand(def: ProtocolDefinition, config: BaseConfig, spec: CheckSpec): string {
  const knobs = config.knobs.map((k) => ` --knob ${k}`).join('');
  const extra = `${spec.liveness === false ? ' --no-liveness' : ''}${spec.symmetry ? ' --symmetry' : ''}${spec.maxStates ? ` --max-states ${spec.maxStates}` : ''}`;
  return `lockstep check ${protocolFlag(def)}${boundsFlags(def, config)}${knobs}${extra}`;
}
