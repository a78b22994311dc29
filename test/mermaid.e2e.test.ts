/**
 * Every committed counterexample's Mermaid diagram, rendered by mermaid
 * itself in Chromium: the SVG must hold the full text of every arrow label
 * and every note (a bare `#` would start a comment and cut "#1 r1 nd=0" to
 * nothing), the two conflicting outputs of a consistentOutput violation and
 * every fault must sit in boxes of their own colour. Screenshots of the
 * no-drain diagram and of a crash go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from './helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrace, replayTrace, traceMermaid } from '../protocol/builtin.ts';
import { EMPHASIS_RGB, FAULT_RGB, MARK_RGB, mermaidText, toMermaid } from '../src/report/mermaid.ts';
import { isLasso, type Step } from '../src/engine/trace.ts';
import { diagramEvents } from '../spec/diagram.ts';
import type { Action } from '../spec/action.ts';
import type { State } from '../spec/state.ts';
import { committedTraces, root } from './helpers/bad-traces.ts';

const MERMAID = join(root, 'node_modules/mermaid/dist/mermaid.min.js');
const artifacts = join(root, 'test-artifacts');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1.5 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="out" style="width:900px;padding:8px"></div></body></html>');
  await page.addScriptTag({ path: MERMAID });
  await page.evaluate(() => (window as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

let counter = 0;
interface Rendered {
  texts: string[];
  fills: string[];
}

/** Renders a diagram into the page; the text of every SVG text element, and the fill of every rect. */
async function render(text: string): Promise<Rendered> {
  return page.evaluate(
    async ({ text, id }) => {
      const { svg } = await (window as any).mermaid.render(id, text);
      const out = document.getElementById('out')!;
      out.innerHTML = svg;
      const texts = [...out.querySelectorAll('text')].map((t) => t.textContent ?? '');
      const fills = [...out.querySelectorAll('rect')].map((r) => getComputedStyle(r).fill);
      return { texts, fills };
    },
    { text, id: `d${counter++}` },
  );
}

/** What the diagram must show, worked out from the model's events, not from the Mermaid text. */
function expectedTexts(file: string): { arrows: string[]; notes: string[]; faults: number; emphasised: number } {
  const t = loadTrace(file);
  const r = replayTrace(file, t);
  const trace = r.trace!;
  const steps: Step<State, Action>[] = isLasso(trace) ? [...trace.prefix, ...trace.cycle] : trace.steps;
  const last = steps.at(-1)?.state ?? trace.initial;
  const arrows: string[] = [];
  const notes: string[] = [];
  let faults = 0;
  let emphasised = 0;
  let before = trace.initial;
  steps.forEach((s, i) => {
    for (const e of diagramEvents(before, s.action, s.state, last)) {
      if (e.kind === 'arrow') arrows.push(`${i + 1}. ${e.label}`);
      else notes.push(`${i + 1}. ${e.text}`);
      if (e.kind === 'note' && e.fault) faults++;
      if (e.emphasis) emphasised++;
    }
    before = s.state;
  });
  return { arrows, notes, faults, emphasised };
}

describe('Mermaid diagrams rendered by mermaid in Chromium', () => {
  const files = committedTraces();

  it('covers every committed counterexample', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
  });

  it.each(files.map((f) => [basename(f), f]))('%s: every arrow and note keeps its full text', async (_name, file) => {
    const t = loadTrace(file);
    const { texts, fills } = await render(traceMermaid(t, replayTrace(file, t)));
    const { arrows, notes, faults, emphasised } = expectedTexts(file);
    expect(arrows.length + notes.length).toBeGreaterThan(0);
    const shown = (want: string) => texts.some((x) => x === want || x.endsWith(` ${want}`));
    expect(arrows.filter((a) => !shown(a)), `arrows cut short; the SVG has: ${JSON.stringify(texts)}`).toEqual([]);
    expect(notes.filter((n) => !shown(n)), `notes cut short; the SVG has: ${JSON.stringify(texts)}`).toEqual([]);
    expect(fills.filter((f) => f === FAULT_RGB).length).toBe(faults);
    expect(fills.filter((f) => f === EMPHASIS_RGB).length).toBe(emphasised);
  });

  it('no-drain: the two conflicting outputs stand out, and the violation; a screenshot', async () => {
    const file = join(root, 'counterexamples/no-drain--consistentOutput.json');
    const t = loadTrace(file);
    const { texts, fills } = await render(traceMermaid(t, replayTrace(file, t)));
    expect(texts).toContain('⚠ 6. #1 r1 nd=0');
    expect(texts).toContain('⚠ 11. #1 r2 nd=0');
    expect(texts).toContain('consistentOutput violated');
    expect(fills.filter((f) => f === EMPHASIS_RGB)).toHaveLength(2);
    expect(fills.filter((f) => f === MARK_RGB)).toHaveLength(1);
    await page.locator('#out svg').screenshot({ path: join(artifacts, 'mermaid-no-drain.png') });
  });

  it('a crash is marked apart from an ordinary note', async () => {
    const file = join(root, 'counterexamples/paper-crash-before-ack.json');
    const t = loadTrace(file);
    const { texts, fills } = await render(traceMermaid(t, replayTrace(file, t)));
    expect(texts.filter((x) => x.startsWith('⚡ ') && /CRASH/.test(x))).toHaveLength(1);
    expect(texts.filter((x) => /^\d+\. /.test(x) && !/CRASH|CUT/.test(x)).length).toBeGreaterThan(0);
    expect(fills).toContain(FAULT_RGB);
    await page.locator('#out svg').screenshot({ path: join(artifacts, 'mermaid-crash.png') });
  });

  it('hostile text survives verbatim: entities, comment and statement marks, markup', async () => {
    const nasty = `#1; a<b>c "q" 'r' & %% {x} #35; &lt; <br> end`;
    const trace = { initial: 0, steps: [{ action: 'a', state: 1 }] };
    const spec = {
      lanes: [
        { id: 'x', label: 'left #1;' },
        { id: 'y', label: 'right' },
      ] as const,
      events: () => [
        { kind: 'arrow' as const, from: 'x' as const, to: 'y' as const, label: nasty },
        { kind: 'note' as const, over: ['y' as const], text: nasty },
      ],
    };
    const { texts } = await render(toMermaid(trace, spec, { title: 'a title %% with ; and #' }));
    expect(texts).toContain(`1. ${nasty}`);
    expect(texts.filter((x) => x === `1. ${nasty}`)).toHaveLength(2);
    expect(texts).toContain('left #1;');
    expect(mermaidText('\u001b[2J')).toBe('\\x1b[2J');
  });
});
