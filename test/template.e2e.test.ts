/**
 * The explorer page's template, filled in Chromium's sight: a title made of
 * replacement patterns (`$'`, `$&`, `$1`, `$$`), placeholder names and
 * markup that would end a `<script>` must show verbatim, in the tab title
 * and in the page, and run no script of its own. The page is the real one
 * (the explorer's bundled script and the trace data explorerHtml embeds),
 * filled with `fillTemplate`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrace, vmwareFt } from '../protocol/builtin.ts';
import { explorerHtml, explorerScript } from '../src/explorer/build.ts';
import { fillTemplate, scriptJson } from '../src/explorer/template.ts';
import { root } from './helpers/bad-traces.ts';

const NASTY = "$' $& $1 $$ $<x> $` </script><script>document.body.dataset.pwned='1'</script> %TITLE% %STYLE% %TRACE% %SCRIPT% <!-- &amp; \u2028 \u2029 <b>end</b>";
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** The data explorerHtml embeds for a trace, with another title. */
function embedded(title: string): Record<string, unknown> {
  const html = explorerHtml(vmwareFt, loadTrace(join(root, 'counterexamples/paper-partition.json')));
  const json = /<script id="trace" type="application\/json">(.*?)<\/script>/s.exec(html)![1];
  return { ...JSON.parse(json), title };
}

describe('the explorer template', () => {
  it('embeds JSON that cannot end its script element and reads back the same', () => {
    const value = { t: NASTY };
    const json = scriptJson(value);
    expect(json).not.toMatch(/<|>|\u2028|\u2029/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('fills each placeholder once, leaving what a part holds as it is', () => {
    const page = fillTemplate({ title: NASTY, data: { title: NASTY }, script: '/* %STYLE% $& */' });
    expect(page.match(/<style>/g)).toHaveLength(1);
    expect(page).toContain('<script>/* %STYLE% $& */</script>');
    expect(page).toContain(`<title>$&#39; $&#38; $1 $$ $&#60;x&#62; $\` &#60;/script&#62;&#60;script&#62;`);
  });

  it('shows a hostile title verbatim in Chromium, and runs none of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-template-'));
    const path = join(dir, 'page.html');
    writeFileSync(path, fillTemplate({ title: NASTY, data: embedded(NASTY), script: explorerScript(vmwareFt) }));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`file://${path}`);
    await page.waitForSelector('body[data-ready="true"]');
    expect(errors).toEqual([]);
    expect(await page.title()).toBe(`${NASTY} · lockstep`);
    expect(await page.textContent('#title')).toBe(NASTY);
    expect(await page.getAttribute('body', 'data-pwned')).toBeNull();
    expect(await page.locator('script').count()).toBe(2);
    await page.close();
  });
});
