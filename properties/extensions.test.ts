/**
 * The extensions' matrix rows through the engine: the correct design and
 * each extension's own knob at that extension's bounds (fast), every row of
 * EXTENSION_EXPECTATIONS (long: LOCKSTEP_LONG=1), and the committed traces
 * the extension runs produce. Verdicts and state counts come from the
 * manifest, so a changed count is a changed semantics.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import vmwareFt from '../protocol/index.ts';
import { savedTraceText, traceFileName } from '../src/protocol/traces.ts';
import { explore } from '../src/engine/explore.ts';
import { isLasso, linear, type Lasso } from '../src/engine/trace.ts';
import { propertiesFor } from './index.ts';
import type { Action } from '../spec/action.ts';
import { KNOBS, KNOB_NAMES } from '../spec/knobs.ts';
import { protocolModel } from '../spec/model.ts';
import type { State } from '../spec/state.ts';
import { checkLasso } from '../test/helpers/lasso.ts';
import { EXTENSION_EXPECTATIONS, type Expectation } from './expectations-ext.ts';
import { isLong, runExpectation, type ExtensionRow } from './matrix-ext.ts';
import { EXT_BOUNDS, EXT_TRACE_RUNS, tracesOfRun } from './save-ext-traces.ts';
import { designName, makeConfig } from '../spec/config.ts';

const find = (extension: 'restores' | 'window', knobs: string[]) =>
  EXTENSION_EXPECTATIONS.find(
    (e) =>
      (extension === 'window' ? e.bounds.window !== undefined : (e.bounds.restores ?? 0) > 0 && e.bounds.window === undefined) &&
      e.bounds.requests === EXT_BOUNDS[extension].requests &&
      e.knobs.join('+') === knobs.join('+'),
  )!;

const faultsIn = (r: ExtensionRow, name: string) => {
  const t = r.report.properties.find((p) => p.name === name)!.trace!;
  const steps = isLasso(t) ? [...t.prefix, ...t.cycle] : t.steps;
  const model = protocolModel(r.config);
  return steps.filter((s) => model.isFault(s.action)).length;
};

describe('the manifest', () => {
  it('has a row for the correct design and every knob at each extension\'s bounds', () => {
    for (const ext of ['restores', 'window'] as const) {
      const own = ext === 'restores' ? 'no-generation' : 'no-flow-control';
      for (const knobs of [[], ...KNOB_NAMES.map((k) => [k]), [own]]) expect(find(ext, knobs), `${ext} ${knobs}`).toBeDefined();
    }
  });

  it('takes the brief\'s rows from the brief: the correct design violates nothing, a knob exactly its row', () => {
    for (const e of EXTENSION_EXPECTATIONS.filter((x) => x.source === 'brief')) {
      const violated = Object.keys(e.verdicts).filter((n) => e.verdicts[n] === 'violated');
      const breaks = e.knobs.flatMap((k) => KNOBS[k as keyof typeof KNOBS].breaks as readonly string[]);
      expect(violated, e.knobs.join('+') || 'correct').toEqual(Object.keys(e.verdicts).filter((n) => breaks.includes(n)));
      for (const [n, v] of Object.entries(e.verdicts)) if (v !== 'violated' && v !== 'holds') expect([n, v]).toEqual([n, 'witnessed']);
    }
  });

  it('says (checked by hand) that each core knob breaks at an extension\'s bounds exactly its core row, and the extension\'s property holds', () => {
    for (const e of EXTENSION_EXPECTATIONS.filter((x) => x.source !== 'brief')) {
      const knob = e.knobs[0] as keyof typeof KNOBS;
      const violated = Object.keys(e.verdicts).filter((n) => e.verdicts[n] === 'violated');
      expect(violated, knob).toEqual(Object.keys(e.verdicts).filter((n) => (KNOBS[knob].breaks as readonly string[]).includes(n)));
      expect(e.verdicts.duplicatesHappen).toBe(KNOBS[knob].duplicates ? 'witnessed' : 'not-witnessed');
    }
  });
});

/** The four runs the fast tests share: each extension's correct design and its own knob. */
const rows: Record<string, ExtensionRow> = {};
beforeAll(() => {
  rows.rCorrect = runExpectation(find('restores', []));
  rows.rKnob = runExpectation(find('restores', ['no-generation']));
  rows.fCorrect = runExpectation(find('window', []));
  rows.fKnob = runExpectation(find('window', ['no-flow-control']));
});

describe('Extension R at 1 request, 1 crash, 1 cut, 1 restore', () => {
  let correct: ExtensionRow;
  let knob: ExtensionRow;
  beforeAll(() => {
    correct = rows.rCorrect;
    knob = rows.rKnob;
  });

  it('the correct design holds every safety property and atLeastOnce, and witnesses restoredTakeover and the failover duplicate', () => {
    expect(correct.mismatches).toEqual([]);
    expect(correct.verdicts).toEqual({
      noSplitBrain: 'holds',
      outputRule: 'holds',
      consistentOutput: 'holds',
      duplicatesHappen: 'witnessed',
      restoredTakeover: 'witnessed',
      atLeastOnce: 'holds',
    });
  });

  it('takes every action type, restore included: no dead action', () => {
    expect(correct.report.coverage!.map((c) => c.action)).toContain('restore');
    expect(correct.report.dead).toEqual([]);
  });

  it('no-generation breaks exactly noSplitBrain, consistentOutput and atLeastOnce', () => {
    expect(knob.mismatches).toEqual([]);
    expect(Object.keys(knob.verdicts).filter((n) => knob.verdicts[n] === 'violated')).toEqual(['noSplitBrain', 'consistentOutput', 'atLeastOnce']);
  });

  it('its shortest split brain uses no fault: two spurious timeouts, a restore, the cleared flag won', () => {
    expect(knob.lengths.noSplitBrain).toBe(7);
    expect(faultsIn(knob, 'noSplitBrain')).toBe(0);
    const steps = linear(knob.report.properties[0].trace!).steps.map((s) => s.action.type);
    expect(steps).toContain('restore');
  });

  it('its atLeastOnce lasso is a fair run that never answers', () => {
    const cell = knob.report.properties.find((p) => p.name === 'atLeastOnce')!;
    const goal = (s: State) => s.client.received.length > 0 || !['p', 'b', 'c'].some((v) => ['primary', 'backup'].includes(s.vms[v as 'p'].mode));
    checkLasso(protocolModel(knob.config), cell.trace as Lasso<State, Action>, goal);
  });

  it('under the stronger reading where every timeout is fair, no-generation keeps atLeastOnce (the brief\'s remark)', () => {
    const base = protocolModel(knob.config);
    // Both members of the restored pair then time out, lose the flag the old pair's VM holds, and halt.
    const everyTimeoutFair = { ...base, fairness: (s: State, a: Action) => (a.type === 'timeout' ? `timeout(${a.vm})` : base.fairness(s, a)) };
    const live = propertiesFor(knob.config).filter((p) => p.name === 'atLeastOnce');
    expect(explore(everyTimeoutFair, live).properties[0].verdict).toBe('holds');
    expect(knob.verdicts.atLeastOnce).toBe('violated');
  });

  it('the correct design stops the no-generation split brain: replayed there, the old primary halts', () => {
    const trace = linear(knob.report.properties[0].trace!);
    const model = protocolModel(correct.config);
    let s = model.init()[0];
    let blocked = false;
    for (const step of trace.steps) {
      if (!model.actions(s).some((a) => JSON.stringify(a) === JSON.stringify(step.action))) {
        blocked = true;
        break;
      }
      s = model.next(s, step.action);
    }
    expect(blocked).toBe(true);
    expect(Object.values(s.vms).some((vm) => vm.mode === 'halted')).toBe(true);
  });
});

describe('Extension F at the defaults with window 1', () => {
  let correct: ExtensionRow;
  let knob: ExtensionRow;
  beforeAll(() => {
    correct = rows.fCorrect;
    knob = rows.fKnob;
  });

  it('the correct design holds every property, atLeastOnce included, and witnesses stalls', () => {
    expect(correct.mismatches).toEqual([]);
    expect(correct.verdicts).toEqual({
      noSplitBrain: 'holds',
      outputRule: 'holds',
      consistentOutput: 'holds',
      boundedLag: 'holds',
      duplicatesHappen: 'witnessed',
      stalls: 'witnessed',
      atLeastOnce: 'holds',
    });
  });

  it('no-flow-control breaks boundedLag and nothing else, and is the core model\'s state space exactly', () => {
    expect(knob.mismatches).toEqual([]);
    expect(Object.keys(knob.verdicts).filter((n) => knob.verdicts[n] === 'violated')).toEqual(['boundedLag']);
    expect(knob.verdicts.stalls).toBe('witnessed');
    expect([knob.report.states, knob.report.transitions]).toEqual([340825, 2026663]);
  });
});

describe('counterexamples/ for the extensions', () => {
  it('holds exactly what properties/save-ext-traces.ts writes: none is stale', () => {
    const dir = fileURLToPath(new URL('../counterexamples/', import.meta.url));
    const traces = EXT_TRACE_RUNS.flatMap(([partial, keep]) => {
      const config = makeConfig(partial);
      const row = Object.values(rows).find((r) => JSON.stringify(r.config) === JSON.stringify(config))!;
      expect(row.design).toBe(designName(config));
      return tracesOfRun(config, row.report, keep);
    });
    expect(traces.map((t) => traceFileName(t.config, t.property))).toEqual([
      'no-generation--noSplitBrain.json',
      'no-generation--consistentOutput.json',
      'no-generation--atLeastOnce.json',
      'no-flow-control--boundedLag.json',
      'correct--restoredTakeover.json',
      'correct--stalls.json',
    ]);
    for (const t of traces) {
      const name = traceFileName(t.config, t.property);
      const committed = existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '(missing)';
      expect(committed, `${name} is stale: regenerate with npx tsx properties/save-ext-traces.ts`).toBe(savedTraceText(vmwareFt, dir, t));
    }
  });
});

/** Minutes on a shared machine: every manifest row (Extension R at 2 requests only with LOCKSTEP_LONG=all: 25 minutes). */
describe.skipIf(!process.env.LOCKSTEP_LONG)('every row of the extensions\' manifest (LOCKSTEP_LONG)', () => {
  const chosen = EXTENSION_EXPECTATIONS.filter((e) => process.env.LOCKSTEP_LONG === 'all' || !isLong(e));
  it.each(chosen.map((e): [string, Expectation] => [`${JSON.stringify(e.bounds)} ${e.knobs.join('+') || 'correct'}`, e]))(
    '%s',
    (_name, e) => {
      expect(runExpectation(e).mismatches).toEqual([]);
    },
    3_600_000,
  );
});
