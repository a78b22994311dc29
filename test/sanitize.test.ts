/**
 * Text that reaches a terminal: control characters shown as escapes, echoed
 * values bounded, in the sanitiser itself, in the text renderers (a model's
 * words and a trace's title), and in the timeline's marks for the violating
 * step and the two conflicting outputs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderProperties, renderTrace, traceHeading, type Narrator } from '../src/report/text.ts';
import { bounded, quote, safeLine, safeText } from '../src/report/sanitize.ts';
import type { ExploreReport } from '../src/engine/explore.ts';
import { root } from './helpers/bad-traces.ts';
import { lockstep } from './helpers/cli.ts';

const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/;
const HOSTILE = 'ok\u001b[2J\u001b]0;title\u0007\u009b31m\u202egnp.exe\u2066x\u2069\r\nforged\u0000\u007f\u2028\ufeff';

describe('the sanitiser', () => {
  it('shows every control character as an escape and keeps the rest', () => {
    const out = safeText(HOSTILE);
    expect(out).not.toMatch(UNSAFE);
    expect(out).toBe('ok\\x1b[2J\\x1b]0;title\\x07\\x9b31m\\u202egnp.exe\\u2066x\\u2069\\r\\nforged\\x00\\x7f\\u2028\\ufeff');
    expect(safeText('a\nb\tc', { lines: true })).toBe('a\nb\\tc');
    expect(safeText('plain words, é, ✓, 中文')).toBe('plain words, é, ✓, 中文');
  });

  it('bounds echoed values with an ellipsis, never splitting a surrogate pair', () => {
    expect(bounded('x'.repeat(400_000))).toBe(`${'x'.repeat(79)}…`);
    expect(bounded('short')).toBe('short');
    const emoji = `${'x'.repeat(78)}😀😀`;
    expect(bounded(emoji)).toBe(`${'x'.repeat(78)}…`);
    expect(quote('x'.repeat(400_000)).length).toBe(80);
    expect(quote(Infinity)).toBe('Infinity');
    expect(quote(HOSTILE)).not.toMatch(UNSAFE);
    expect(safeLine(HOSTILE, 20)).toHaveLength(20);
  });
});

describe('the text renderers', () => {
  const trace = { initial: 0, steps: [{ action: 'a', state: 1 }, { action: 'b', state: 2 }] };
  const hostile: Narrator<number, string> = (_b, action) => ({ actor: HOSTILE, action: `${action}${HOSTILE}`, change: HOSTILE, view: HOSTILE });

  it('pass no control character of a model or a trace to the terminal', () => {
    expect(renderTrace(trace, hostile, 2)).not.toMatch(UNSAFE);
    expect(renderTrace({ initial: 0, prefix: trace.steps, cycle: trace.steps }, hostile)).not.toMatch(UNSAFE);
    const report = { properties: [{ name: HOSTILE, kind: 'always', verdict: 'holds', final: true }] } as unknown as ExploreReport<unknown, unknown>;
    expect(renderProperties(report)).not.toMatch(UNSAFE);
    const heading = traceHeading({ title: HOSTILE + 'y'.repeat(1000), description: `line one\n${HOSTILE}` }, 'f.json');
    expect(heading.join('\n').replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect(heading[0].length).toBeLessThanOrEqual(200);
    expect(heading[1]).toMatch(/^line one\n/);
    expect(traceHeading({}, 'f.json')).toEqual(['f.json']);
  });

  it('mark the violating step >> and an emphasised one !! with its reason', () => {
    const words: Narrator<number, string> = (_b, action, after, last) => ({
      actor: 'x',
      action,
      change: `to ${after}`,
      view: '',
      ...(action === 'a' && last === 2 ? { emphasis: 'conflicting output' } : {}),
    });
    const rows = renderTrace(trace, words, 2).split('\n');
    expect(rows[0]).toMatch(/^!!1 +x +a +to 1  << conflicting output/);
    expect(rows[1]).toMatch(/^>>2 +x +b +to 2/);
  });

  it('lockstep show: both conflicting outputs of no-drain stand out in the timeline', () => {
    const r = lockstep('show', join(root, 'counterexamples/no-drain--consistentOutput.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^!!6 +client +deliverOutput\(#1 r1 nd=0 from p\) +client receives #1 r1 nd=0 from p  << conflicting output/m);
    expect(r.stdout).toMatch(/^>>11 +client +deliverOutput\(#1 r2 nd=0 from b\) +client receives #1 r2 nd=0 from b  << conflicting output/m);
    expect(r.stdout.match(/conflicting output/g)).toHaveLength(2);
  });
});

describe('a trace with escape sequences in its title', () => {
  it('lockstep show --format mermaid prints none of them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-sanitize-'));
    const t = JSON.parse(readFileSync(join(root, 'counterexamples/paper-partition.json'), 'utf8'));
    t.title = HOSTILE;
    writeFileSync(join(dir, 't.json'), JSON.stringify(t));
    const r = lockstep('show', join(dir, 't.json'), '--format', 'mermaid');
    expect(r.code).toBe(0);
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(UNSAFE);
    expect(r.stdout).toMatch(/^ {2}%% ok\\x1b\[2J/m);
  });
});
