/**
 * The trace explorer in a real browser (Debian's Chromium, driven by
 * playwright-core): open a generated page from disk, step to the violating
 * step and read the verdict shown there, fork at an earlier step and see the
 * state change, export the fork and replay it with `lockstep replay`. A
 * screenshot and the page's opening times are written to test-artifacts/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrace, vmwareFt } from '../protocol/builtin.ts';
import { explorerHtml } from '../src/explorer/build.ts';
import { runChoices } from '../src/engine/random.ts';
import { protocolModel } from '../spec/model.ts';
import { lockstep } from './helpers/cli.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const artifacts = join(root, 'test-artifacts');
const tmp = mkdtempSync(join(tmpdir(), 'lockstep-explorer-'));
let browser: Browser;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function open(html: string, name: string): Promise<{ page: Page; openMs: number; requests: string[] }> {
  const path = join(tmp, name);
  writeFileSync(path, html);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(`file://${path}`);
  await page.waitForSelector('body[data-ready="true"]');
  const openMs = Date.now() - t0;
  expect(errors).toEqual([]);
  return { page, openMs, requests };
}

describe('lockstep explore, in Chromium', () => {
  it('steps to the violation, forks, exports a fork that replays', async () => {
    const trace = loadTrace(join(root, 'counterexamples/no-drain--consistentOutput.json'));
    const { page, openMs, requests } = await open(explorerHtml(vmwareFt, trace), 'no-drain.html');
    // Offline: nothing but the page itself is loaded.
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:'))).toEqual([]);

    const violating = Number(await page.getAttribute('body', 'data-violating-step'));
    expect(violating).toBe(11);
    await page.keyboard.press('Home');
    for (let i = 0; i < violating; i++) await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#position')).toBe('step 11 of 11');
    expect(await page.textContent('tr[data-property="consistentOutput"] .verdict')).toMatch(/^VIOLATED here \(first violated at step 11\)/);
    // The two outputs that conflict stand out: orange, marked, in rows 6 and 11.
    const emphasised = await page.$$eval('text.label.emphasis', (ts) => ts.map((t) => [t.closest('g.row')?.getAttribute('data-step'), t.textContent]));
    expect(emphasised).toEqual([['6', '#1 r1 nd=0 ⚠'], ['11', '#1 r2 nd=0 ⚠']]);
    await page.screenshot({ path: join(artifacts, 'explorer.png') });

    // Fork after step 4 (b has received the entry): let b replay it before anything else.
    await page.locator('g.row[data-step="4"]').dispatchEvent('click');
    expect(await page.textContent('#position')).toBe('step 4 of 11');
    expect(await page.textContent('#state')).not.toMatch(/vms\.b\.replayed\[0\]/);
    await page.click('button.action:text-is("apply")');
    expect(await page.textContent('#position')).toBe('step 5 of 5');
    expect(await page.textContent('#subtitle')).toMatch(/FORKED at step 4/);
    expect(await page.textContent('#state .changed')).toMatch(/vms\.b\.replayed/);
    expect(await page.textContent('#narration')).toBe('5. b replays #1 (r1) with nd=0');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const exported = join(tmp, 'forked.json');
    await download.saveAs(exported);
    const replay = lockstep('replay', exported);
    expect(replay.stdout).toMatch(/^ok +.*forked\.json: no-drain design: consistentOutput holds, as expected/);
    expect(replay.code).toBe(0);

    writeFileSync(join(artifacts, 'explorer-timing.json'), `${JSON.stringify({ counterexampleOpenMs: openMs }, null, 2)}\n`);
    await page.close();
  });

  it('opens a long random trace (300 steps) and stays responsive', async () => {
    const model = protocolModel({ requests: 6, crashes: 2, cuts: 4 });
    // A long run: choices that keep to protocol actions mostly.
    const choices = Array.from({ length: 300 }, (_, i) => (i * 2654435761) >>> 0);
    const run = runChoices(model, choices);
    expect(run.steps.length).toBeGreaterThanOrEqual(150);
    const trace = {
      format: 'lockstep-trace' as const,
      protocol: 'vmware-ft',
      version: 1 as const,
      title: `a random run of ${run.steps.length} steps`,
      config: model.config,
      property: 'noSplitBrain',
      expect: 'holds' as const,
      actions: run.steps.map((s) => s.action),
    };
    const { page, openMs } = await open(explorerHtml(vmwareFt, trace), 'long.html');
    const t0 = Date.now();
    await page.keyboard.press('End');
    expect(await page.textContent('#position')).toBe(`step ${run.steps.length} of ${run.steps.length}`);
    await page.keyboard.press('Home');
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#position')).toBe(`step 20 of ${run.steps.length}`);
    const stepMs = (Date.now() - t0) / 22;
    const timing = { longTraceSteps: run.steps.length, longTraceOpenMs: openMs, millisecondsPerStep: Math.round(stepMs) };
    console.log('explorer timing:', JSON.stringify(timing));
    writeFileSync(join(artifacts, 'explorer-timing-long.json'), `${JSON.stringify(timing, null, 2)}\n`);
    await page.close();
  });
});
