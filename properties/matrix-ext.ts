/**
 * The design matrix at an extension's bounds, run through the engine
 * directly: the correct design and each knob alone (the extension's own
 * knob included), every property of those bounds, each row compared with
 * EXTENSION_EXPECTATIONS. The CLI's `matrix` does the same for the core
 * bounds; this is the data and the runner it can take over.
 *
 *   npx tsx properties/matrix-ext.ts            every row of the manifest but the long ones
 *   npx tsx properties/matrix-ext.ts restores   only the rows with restores
 *   npx tsx properties/matrix-ext.ts window     only the rows with a window
 *   npx tsx properties/matrix-ext.ts long       every row, the 31-million-state one too
 *
 * Prints one line per row (verdicts, states, seconds) and exits 1 when a
 * row differs from the manifest.
 */
import { explore, type ExploreReport } from '../src/engine/explore.ts';
import type { Action } from '../spec/action.ts';
import { designName, makeConfig, type Config } from '../spec/config.ts';
import { protocolModel } from '../spec/model.ts';
import type { State } from '../spec/state.ts';
import { EXTENSION_EXPECTATIONS, type Expectation, type ExpectedVerdict } from './expectations-ext.ts';
import { propertiesFor } from './index.ts';

export interface ExtensionRow {
  expectation: Expectation;
  config: Config;
  design: string;
  verdicts: Record<string, ExpectedVerdict>;
  lengths: Record<string, number>;
  report: ExploreReport<State, Action>;
  /** Properties whose verdict differs from the manifest, and a state count that differs. */
  mismatches: string[];
}

export function runExpectation(expectation: Expectation): ExtensionRow {
  const config = makeConfig({ ...expectation.bounds, knobs: expectation.knobs as Config['knobs'] });
  const report = explore(protocolModel(config), propertiesFor(config));
  const verdicts: Record<string, ExpectedVerdict> = {};
  const lengths: Record<string, number> = {};
  for (const p of report.properties) {
    verdicts[p.name] = p.verdict;
    if (p.length !== undefined) lengths[p.name] = p.length;
  }
  const mismatches = Object.keys({ ...verdicts, ...expectation.verdicts }).filter((n) => verdicts[n] !== expectation.verdicts[n]);
  if (!report.complete) mismatches.push('incomplete search');
  if (expectation.states !== undefined && expectation.states !== report.states) mismatches.push(`states ${report.states} (manifest ${expectation.states})`);
  return { expectation, config, design: designName(config), verdicts, lengths, report, mismatches };
}

/** Rows of more than ten million states: minutes on one thread, so only on request. */
export function isLong(e: Expectation): boolean {
  return (e.states ?? 0) > 10_000_000;
}

function line(r: ExtensionRow): string {
  const cells = Object.entries(r.verdicts).map(([n, v]) => `${n}=${v}${r.lengths[n] === undefined ? '' : `(${r.lengths[n]})`}`);
  const b = r.expectation.bounds;
  const bounds = `${b.requests} req, ${b.crashes} crash, ${b.cuts} cut, ${b.restores ?? 0} restore${b.window === undefined ? '' : `, window ${b.window}`}`;
  return `${bounds} | ${r.design.padEnd(24)} | ${cells.join(' ')} | ${r.report.states} states | ${r.report.seconds.toFixed(1)} s | ${r.mismatches.length === 0 ? 'ok' : `DIFFERS: ${r.mismatches.join(', ')}`}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const only = process.argv[2];
  const rows = EXTENSION_EXPECTATIONS.filter(
    (e) =>
      (only === 'long' || !isLong(e)) &&
      (only === undefined || only === 'long' || (only === 'window' ? e.bounds.window !== undefined : (e.bounds.restores ?? 0) > 0)),
  );
  let ok = true;
  for (const e of rows) {
    const r = runExpectation(e);
    ok &&= r.mismatches.length === 0;
    console.log(line(r));
  }
  process.exit(ok ? 0 : 1);
}
