/**
 * The view-service example, checked the way a team would check its own
 * protocol with lockstep: the definition is consistent, the matrix at the
 * default bounds matches the expectations on record (each knob breaks what
 * it says, nothing else) with pinned state counts, the committed
 * counterexamples and checklist are what the commands make now, every
 * committed trace replays to its verdict through the command line, the
 * explorer page opens in Chromium and steps, and the example imports
 * nothing of lockstep but its public API.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, defineProtocol, matrixOutcome, runMatrix, type MatrixRow, type Property, type ProtocolDefinition } from '../../src/index.ts';
import type { Action } from './actions.ts';
import { DEFAULT_BOUNDS } from './expectations.ts';
import viewService from './index.ts';
import { KNOBS } from './knobs.ts';
import type { Config, State } from './state.ts';

const here = fileURLToPath(new URL('./', import.meta.url));
const root = fileURLToPath(new URL('../../', import.meta.url));
const traces = join(here, 'counterexamples');
const PROTOCOL = 'examples/view-service/index.ts';
const tmp = mkdtempSync(join(tmpdir(), 'lockstep-view-service-'));

/** The lockstep bin as a user runs it, from the repository root. */
function lockstep(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/lockstep.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let rows: MatrixRow[];
beforeAll(() => {
  rows = runMatrix(viewService, DEFAULT_BOUNDS);
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const row = (design: string) => rows.find((r) => r.design === design)!;
const actionsOf = (t: NonNullable<MatrixRow['cells'][number]['result']['trace']>) => ('cycle' in t ? t.prefix : t.steps).map((s) => s.action);

describe('the definition', () => {
  it('passes defineProtocol: knobs, bounds and expectations agree', () => {
    expect(defineProtocol(viewService)).toBe(viewService);
  });
});

describe('the matrix at the default bounds', () => {
  it('matches every expectation on record', () => {
    expect(rows.map((r) => r.design)).toEqual(['correct', ...KNOBS.map((k) => k.name)]);
    expect(rows.every((r) => r.report.complete)).toBe(true);
    expect(matrixOutcome(rows)).toBe('matches');
  });

  it('the correct design holds every property and reaches a view change that keeps answering', () => {
    expect(row('correct').cells.map((c) => [c.property, c.verdict])).toEqual([
      ['noSplitBrain', 'holds'],
      ['consistentReplies', 'holds'],
      ['noLostAck', 'holds'],
      ['answersAcrossViews', 'witnessed'],
      ['atLeastOnce', 'holds'],
    ]);
  });

  it.each(KNOBS.map((k) => k.name))('%s violates exactly what its knob says it breaks', (knob) => {
    const violated = row(knob).cells.filter((c) => c.verdict === 'violated').map((c) => c.property);
    expect(violated).toEqual(KNOBS.find((k) => k.name === knob)!.breaks);
  });

  it('pins the state-space numbers: states, transitions, and each shortest counterexample', () => {
    const numbers = Object.fromEntries(
      rows.map((r) => [r.design, [r.report.states, r.report.transitions, ...r.cells.filter((c) => c.verdict === 'violated').map((c) => c.result.length)]]),
    );
    expect(numbers).toMatchInlineSnapshot(`
      {
        "accept-stale-view": [
          69844,
          188542,
          13,
          19,
          16,
        ],
        "correct": [
          61148,
          167100,
        ],
        "no-primary-ack": [
          91276,
          264714,
          14,
          14,
          11,
        ],
        "reply-before-backup": [
          63778,
          201278,
          11,
          11,
          6,
        ],
        "serve-before-copy": [
          205786,
          637649,
          16,
          16,
          13,
        ],
      }
    `);
  });
});

describe('atLeastOnce', () => {
  type Def = ProtocolDefinition<State, Action, Config>;
  const variant = (name: string, change: Partial<Def>): Def => ({ ...viewService, name, module: undefined, ...change });
  const verdict = async (def: Def, bounds: Record<string, number>) =>
    (await check(def, { bounds })).properties.find((p) => p.name === 'atLeastOnce')!.outcome;

  it('is violated by a client that never retries, once the network loses a request', async () => {
    const noRetry = variant('no-retry', {
      model: (c, o) => {
        const m = viewService.model(c, o);
        return { ...m, actions: (s) => m.actions(s).filter((a) => a.type !== 'retry') };
      },
    });
    expect(await verdict(noRetry, { losses: 1, crashes: 0, delays: 0 })).toBe('violated');
    expect(await verdict(viewService, { losses: 1, crashes: 0, delays: 0 })).toBe('holds');
  });

  it('is violated without the stall exemption: the design stops when the view service has nobody left to promote', async () => {
    const strict: Property<State> = {
      name: 'atLeastOnce',
      kind: 'eventually',
      description: 'every request is answered',
      holds: (s) => [1].every((r) => s.client.accepted.some((a) => a.req === r)),
    };
    const noExemption = variant('no-exemption', {
      properties: (c, o) => viewService.properties(c, o).map((p) => (p.name === 'atLeastOnce' ? strict : p)),
    });
    expect(await verdict(noExemption, { requests: 1 })).toBe('violated');
    expect(await verdict(viewService, { requests: 1 })).toBe('holds');
  });
});

describe('counterexamples/', () => {
  it('holds what `lockstep matrix --save` makes now: each knob violation and each witness of the correct design, none stale', () => {
    const fresh = rows.flatMap((r) =>
      r.cells
        .filter((c) => c.verdict === 'violated' || (r.design === 'correct' && c.verdict === 'witnessed'))
        .map((c) => ({ name: `${r.design}--${c.property}.json`, actions: actionsOf(c.result.trace!) })),
    );
    const generated = readdirSync(traces).filter((f) => f.endsWith('.json') && !f.startsWith('scenario-'));
    expect(generated.sort()).toEqual(fresh.map((f) => f.name).sort());
    for (const f of fresh) {
      const committed = JSON.parse(readFileSync(join(traces, f.name), 'utf8'));
      expect(committed.actions, `${f.name} is stale: regenerate with npx lockstep matrix --protocol ${PROTOCOL} --workers 1 --save examples/view-service/counterexamples`).toEqual(f.actions);
      expect(committed.fingerprints).toHaveLength(f.actions.length);
    }
  });

  it('every committed trace replays to its verdict through the command line', () => {
    const r = lockstep('replay', '--protocol', PROTOCOL, 'examples/view-service/counterexamples');
    const files = readdirSync(traces).filter((f) => f.endsWith('.json'));
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(files.length);
    for (const line of lines) expect(line).toMatch(/^ok /);
    expect(r.code, r.stderr).toBe(0);
  });

  it("each knob's trace is stopped by the safeguard: under the correct design it cannot be replayed", () => {
    const r = lockstep('replay', '--protocol', PROTOCOL, '--without-knobs', 'examples/view-service/counterexamples');
    const knobLines = r.stdout.split('\n').filter((l) => KNOBS.some((k) => l.includes(`/${k.name}--`)));
    expect(knobLines).toHaveLength(KNOBS.length * 3);
    for (const line of knobLines) expect(line).toMatch(/under the correct design, step \d+: .* is not enabled/);
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('design-review.md', () => {
  // Times and the paths in the command that made it differ; everything else must match.
  const normal = (md: string) => md.replace(/\b\d+(\.\d+)? s\b/g, '… s').replace(/^Generated by `[^`]*`/m, 'Generated by …');
  it('is what `lockstep review` makes now: not stale, every item ticked', () => {
    const out = join(tmp, 'review');
    const r = lockstep('review', '--protocol', PROTOCOL, '--workers', '1', '-q', '--out', join(out, 'design-review.md'), '--traces', join(out, 'counterexamples'));
    expect(r.code, r.stderr).toBe(0);
    const committed = readFileSync(join(here, 'design-review.md'), 'utf8');
    expect(normal(committed), 'design-review.md is stale: regenerate it with the command in its first lines').toBe(normal(readFileSync(join(out, 'design-review.md'), 'utf8')));
    expect(committed.match(/^- \[x\]/gm)).toHaveLength(KNOBS.length + 1);
    expect(committed).not.toMatch(/^- \[ \]/m);
    for (const [, link] of committed.matchAll(/\]\((counterexamples\/[^)]+)\)/g)) expect(existsSync(join(here, link)), link).toBe(true);
  }, 300_000);
});

describe('imports', () => {
  it('the example imports nothing of lockstep but src/index.ts (and immer, node built-ins)', () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.ts'));
    for (const f of files) {
      const text = readFileSync(join(here, f), 'utf8');
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
      if (f === 'index.ts') expect(specifiers).toContain('../../src/index.ts');
      const testOnly = f.endsWith('.test.ts') ? ['vitest', 'playwright-core'] : [];
      for (const s of specifiers) {
        const ok = s === '../../src/index.ts' || s === 'immer' || s.startsWith('node:') || /^\.\/[a-z-]+\.ts$/.test(s) || testOnly.includes(s);
        expect(ok, `${f} imports ${s}`).toBe(true);
      }
    }
  });
});

describe('the explorer page, in Chromium', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
  });

  it('opens a counterexample offline and steps to the violation', async () => {
    const page = join(tmp, 'explore.html');
    const r = lockstep('explore', '--protocol', PROTOCOL, 'examples/view-service/counterexamples/accept-stale-view--noSplitBrain.json', '--out', page);
    expect(r.code, r.stderr).toBe(0);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const tab = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    tab.on('request', (q) => requests.push(q.url()));
    await tab.goto(`file://${page}`);
    await tab.waitForSelector('body[data-ready="true"]');
    const violating = Number(await tab.getAttribute('body', 'data-violating-step'));
    expect(violating).toBe(13);
    await tab.keyboard.press('Home');
    for (let i = 0; i < violating; i++) await tab.keyboard.press('ArrowRight');
    expect(await tab.textContent('#position')).toBe('step 13 of 13');
    expect(await tab.textContent('#narration')).toBe('13. client accepts the reply to r2 from s2 (view 2): [r2]');
    expect(await tab.textContent('tr[data-property="noSplitBrain"] .verdict')).toMatch(/^VIOLATED here/);
    expect(await tab.textContent('tr[data-property="noLostAck"] .verdict')).toMatch(/^holds/);
    await tab.keyboard.press('ArrowLeft');
    expect(await tab.textContent('tr[data-property="noSplitBrain"] .verdict')).toMatch(/^holds/);
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:'))).toEqual([]);
  }, 120_000);
});
