/**
 * `runConformance`: the built-in protocol's conformance run. The model is
 * the correct design at the default bounds (the implementation implements
 * the correct design; a trace written for a knob is driven with its knobs
 * dropped, where the model must refuse it or see it end without a
 * violation, and so must the implementation). The schedules are the
 * committed traces in counterexamples/, then random and aimed ones; a
 * failure is shrunk and saved as a trace file that `lockstep replay`
 * replays on the model and `lockstep conform --trace FILE` on the
 * implementation.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUG_NAMES, isBug } from '../impl/bugs.ts';
import { propertiesFor } from '../properties/index.ts';
import type { Action } from '../spec/action.ts';
import { makeConfig, type Config } from '../spec/config.ts';
import { protocolModel } from '../spec/model.ts';
import type { State } from '../spec/state.ts';
import { loadTrace } from '../src/cli/traces.ts';
import { runCampaign, type CampaignReport, type Failure } from '../src/conform/campaign.ts';
import { judgeRun, stateFingerprint } from '../src/engine/replay.ts';
import { UsageError } from '../src/errors.ts';
import { traceJson, writeFileAtomic, type TraceFile } from '../src/trace/file.ts';
import { FtAdapter } from './ft-adapter.ts';

export const COUNTEREXAMPLES = fileURLToPath(new URL('../counterexamples/', import.meta.url));

export interface ConformOptions {
  schedules?: number;
  seed?: number;
  maxSteps?: number;
  bug?: string | null;
  /** Drive this trace file only. */
  trace?: string;
  /** Where a failure's trace is saved; nothing is saved without it. */
  save?: string;
  onProgress?: (p: { schedules: number; phase: string }) => void;
}

export interface ConformReport extends CampaignReport<State, Action> {
  bug: string | null;
  seed: number;
  config: Config;
  pids: number[];
  saved?: string;
}

export { BUG_NAMES };

export async function runConformance(o: ConformOptions = {}): Promise<ConformReport> {
  const bug = o.bug ?? null;
  if (bug !== null && !isBug(bug)) throw new UsageError(`unknown bug '${bug}' (bugs: ${BUG_NAMES.join(', ')})`);
  const seed = o.seed ?? 1;
  const maxSteps = o.maxSteps ?? 30;
  const files = o.trace ? [o.trace] : readdirSync(COUNTEREXAMPLES).filter((f) => f.endsWith('.json') && f !== 'trace.schema.json').sort().map((f) => join(COUNTEREXAMPLES, f));
  const loaded = files.map((f) => ({ file: f, trace: loadTrace(f) }));
  const config = makeConfig({ ...(o.trace ? loaded[0].trace.config : {}), knobs: [] });
  const model = protocolModel(config);
  const properties = propertiesFor(config);
  const traces = loaded
    .filter((t) => t.trace.config.requests === config.requests)
    .map((t) => ({ name: t.file, actions: [...t.trace.actions, ...(t.trace.cycle ?? [])] }));
  const adapter = await FtAdapter.create({ config, bug });
  let report: CampaignReport<State, Action>;
  try {
    report = await runCampaign({
      model,
      adapter,
      properties,
      traces,
      schedules: o.trace ? 0 : (o.schedules ?? 100),
      seed,
      maxSteps,
      typeOf: (a) => a.type,
      onProgress: o.onProgress,
    });
  } finally {
    await adapter.stop();
  }
  const saved = report.failure && o.save ? saveFailure(o.save, config, bug, seed, report.failure) : undefined;
  return { ...report, bug, seed, config, pids: adapter.stats().pids, ...(saved ? { saved } : {}) };
}

/** The failure as a trace of the model (where every property holds) with what the implementation did in its prose. */
export function failureTrace(config: Config, bug: string | null, seed: number, f: Failure<State, Action>): TraceFile<Config, Action> {
  const model = protocolModel(config);
  const o = f.outcome;
  const onSystem = o.kind === 'violation' ? [o.property] : o.kind === 'divergence' ? o.violates : [];
  const property = onSystem[0] ?? 'consistentOutput';
  const states: State[] = [];
  let s = model.init()[0];
  for (const a of f.actions) {
    if (!model.actions(s).some((x) => JSON.stringify(x) === JSON.stringify(a))) break;
    s = model.next(s, a);
    states.push(s);
  }
  const prop = propertiesFor(config).find((p) => p.name === property)!;
  const verdict = judgeRun(prop, { initial: model.init()[0], steps: states.map((state, i) => ({ state, action: f.actions[i] })) }).verdict;
  const what =
    o.kind === 'violation'
      ? `violates ${o.property} at step ${o.step}`
      : o.kind === 'divergence'
        ? `diverges from the model at step ${o.step} (${o.why})${onSystem.length ? `, violating ${onSystem.join(', ')}` : ''}`
        : 'passes';
  return {
    $schema: './trace.schema.json',
    format: 'lockstep-trace',
    version: 1,
    title: `the implementation${bug ? ` with bug ${bug}` : ''} ${what}`,
    description: `Found by lockstep conform (${f.source}${f.name ? ` ${f.name}` : ''}), ${f.foundSteps} steps, shrunk to ${f.actions.length}. On the model ${property} ${verdict === 'holds' ? 'holds' : verdict}${states.length < f.actions.length ? ` and step ${states.length + 1} is refused` : ''}; on the implementation the run ${what}.`,
    config,
    property,
    expect: verdict,
    source: {
      kind: 'random',
      command: `lockstep conform --seed ${seed}${bug ? ` --bug ${bug}` : ''}`,
      ...(f.seed !== undefined ? { seed: f.seed } : {}),
      ...(f.path ? { path: f.path } : {}),
    },
    actions: f.actions,
    ...(states.length === f.actions.length ? { fingerprints: states.map((st) => stateFingerprint(model, st)) } : {}),
  };
}

function saveFailure(dir: string, config: Config, bug: string | null, seed: number, f: Failure<State, Action>): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const path = join(dir, `conform-${bug ?? 'correct'}.json`);
  if (existsSync(path) && !lstatSync(path).isFile()) throw new UsageError(`${path}: exists and is not a regular file; not replaced`);
  writeFileAtomic(path, traceJson(failureTrace(config, bug, seed, f)));
  return path;
}
