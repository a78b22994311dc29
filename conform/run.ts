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
import { designName, makeConfig, type Config } from '../spec/config.ts';
import { KNOB_NAMES } from '../spec/knobs.ts';
import { protocolModel } from '../spec/model.ts';
import type { State } from '../spec/state.ts';
import { loadTrace } from '../protocol/builtin.ts';
import { runCampaign, type CampaignReport, type Failure } from '../src/conform/campaign.ts';
import type { ConformReport as SuiteReport, ConformRunOptions } from '../src/conform/suite.ts';
import { actionKey, judgeRun, stateFingerprint } from '../src/engine/replay.ts';
import { UsageError } from '../src/errors.ts';
import { traceJson, writeFileAtomic, type TraceFile } from '../src/trace/file.ts';
import { FtAdapter } from './ft-adapter.ts';

export const COUNTEREXAMPLES = fileURLToPath(new URL('../counterexamples/', import.meta.url));

/** The bounds are the model's (the defaults unless given); knobs are always dropped. */
export type ConformOptions = ConformRunOptions;

export interface ConformReport extends SuiteReport<State, Action> {
  config: Config;
}

export { BUG_NAMES };

export async function runConformance(o: ConformOptions = {}): Promise<ConformReport> {
  const bug = o.bug ?? null;
  if (bug !== null && !isBug(bug)) throw new UsageError(`unknown bug '${bug}' (bugs: ${BUG_NAMES.join(', ')})`);
  const seed = o.seed ?? 1;
  const maxSteps = o.maxSteps ?? 30;
  const files = o.trace ? [o.trace] : readdirSync(COUNTEREXAMPLES).filter((f) => f.endsWith('.json')).sort().map((f) => join(COUNTEREXAMPLES, f));
  const loaded = files.map((f) => ({ file: f, trace: loadTrace(f) }));
  const bounds = Object.fromEntries(Object.entries(o.bounds ?? {}).filter(([, v]) => v !== undefined));
  const config = makeConfig({ ...(o.trace ? loaded[0].trace.config : {}), ...bounds, knobs: [] });
  const model = protocolModel(config);
  const properties = propertiesFor(config);
  const traces = loaded
    // The implementation has no spare host and no flow control: the extensions' traces are the model's alone.
    .filter((t) => t.trace.config.requests <= config.requests && !t.trace.config.restores && t.trace.config.window === undefined)
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

/** The model's states along `actions`, as far as it allows them. */
function modelRun(config: Config, actions: readonly Action[]): State[] {
  const model = protocolModel(config);
  const states: State[] = [];
  let s = model.init()[0];
  for (const a of actions) {
    const match = model.actions(s).find((x) => actionKey(x) === actionKey(a));
    if (!match) break;
    s = model.next(s, match);
    states.push(s);
  }
  return states;
}

/**
 * The failure as a trace of the model, with what the implementation did in
 * its prose. Where the implementation took a step the correct model refuses,
 * the trace names the first knob whose design allows that step (the
 * implementation behaved like that design), so that it still replays on the
 * model; `lockstep replay --without-knobs` then shows the refusal.
 */
export function failureTrace(config: Config, bug: string | null, seed: number, f: Failure<State, Action>): TraceFile<Config, Action> {
  const o = f.outcome;
  const onSystem = o.kind === 'violation' ? [o.property] : o.kind === 'divergence' ? o.violates : [];
  const property = onSystem[0] ?? 'consistentOutput';
  let design = config;
  let states = modelRun(config, f.actions);
  const refusedAt = states.length < f.actions.length ? states.length + 1 : null;
  if (refusedAt !== null) {
    for (const knob of KNOB_NAMES) {
      const withKnob = makeConfig({ ...config, knobs: [knob] });
      const run = modelRun(withKnob, f.actions);
      if (run.length === f.actions.length) {
        design = withKnob;
        states = run;
        break;
      }
    }
  }
  const model = protocolModel(design);
  const prop = propertiesFor(design).find((p) => p.name === property)!;
  const verdict = judgeRun(prop, { initial: model.init()[0], steps: states.map((state, i) => ({ state, action: f.actions[i] })) }).verdict;
  const what =
    o.kind === 'violation'
      ? `violates ${o.property} at step ${o.step}`
      : o.kind === 'divergence'
        ? `diverges from the model at step ${o.step} (${o.why})${onSystem.length ? `, violating ${onSystem.join(', ')}` : ''}`
        : 'passes';
  const refusal =
    refusedAt === null ? '' : ` The correct design refuses step ${refusedAt}${design === config ? '' : `, which the ${designName(design)} design allows`}.`;
  return {
    format: 'lockstep-trace',
    version: 1,
    protocol: 'vmware-ft',
    title: `the implementation${bug ? ` with bug ${bug}` : ''} ${what}`,
    description: `Found by lockstep conform (${f.source}${f.name ? ` ${f.name}` : ''}), ${f.foundSteps} steps, shrunk to ${f.actions.length}. On the model (${designName(design)} design) ${property} ${verdict}; on the implementation the run ${what}.${refusal}`,
    config: design,
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
