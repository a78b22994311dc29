/**
 * Writes the extensions' generated traces into counterexamples/: each
 * extension knob's shortest counterexamples and the correct design's
 * extension witnesses, from exhaustive search on one thread (so the same
 * ones every time), at the manifest's 'brief' bounds. Run once after a
 * change of semantics, then read the diff:
 *
 *   npx tsx properties/save-ext-traces.ts
 *
 * (The core model's traces come from `lockstep matrix --save`.)
 */
import { fileURLToPath } from 'node:url';
import vmwareFt from '../protocol/index.ts';
import { tracesOf, writeTraces, type AnyTrace } from '../src/protocol/traces.ts';
import { explore, type ExploreReport } from '../src/engine/explore.ts';
import type { Action } from '../spec/action.ts';
import type { State } from '../spec/state.ts';
import { makeConfig, type Config } from '../spec/config.ts';
import { protocolModel } from '../spec/model.ts';
import { propertiesFor } from './index.ts';

export const EXT_BOUNDS = {
  restores: { requests: 1, crashes: 1, cuts: 1, restores: 1 },
  window: { requests: 2, crashes: 1, cuts: 1, window: 1 },
} as const;

type Keep = (name: string, verdict: string) => boolean;

/** The runs whose traces are kept: violations of each extension knob, and the correct design's new witnesses. */
export const EXT_TRACE_RUNS: readonly [Partial<Config>, Keep][] = [
  [{ ...EXT_BOUNDS.restores, knobs: ['no-generation'] }, (_n, v) => v === 'violated'],
  [{ ...EXT_BOUNDS.window, knobs: ['no-flow-control'] }, (_n, v) => v === 'violated'],
  [EXT_BOUNDS.restores, (n, v) => n === 'restoredTakeover' && v === 'witnessed'],
  [EXT_BOUNDS.window, (n, v) => n === 'stalls' && v === 'witnessed'],
];

/** The trace files of one run's report. */
export function tracesOfRun(config: Config, report: ExploreReport<State, Action>, keep: Keep): AnyTrace[] {
  const source = { kind: 'exhaustive' as const, command: 'npx tsx properties/save-ext-traces.ts' };
  return tracesOf(vmwareFt, config, report.properties.filter((p) => keep(p.name, p.verdict)), source);
}

export function extensionTraces(): AnyTrace[] {
  return EXT_TRACE_RUNS.flatMap(([partial, keep]) => {
    const config = makeConfig(partial);
    return tracesOfRun(config, explore(protocolModel(config), propertiesFor(config)), keep);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = fileURLToPath(new URL('../counterexamples/', import.meta.url));
  for (const path of writeTraces(vmwareFt, dir, extensionTraces())) console.log(path);
}
