/**
 * The checklist must not tick what was not shown: a deliberately broken
 * model (an arbiter that always grants) leaves its items unticked with the
 * reason, and bounds too small to show a violation make `review` exit 1.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildReview, matrixTraces, reviewMarkdown, runMatrix } from '../protocol/builtin.ts';
import type { Model } from '../src/engine/model.ts';
import type { Action } from '../spec/action.ts';
import type { Config } from '../spec/config.ts';
import { protocolModel } from '../spec/model.ts';
import type { State } from '../spec/state.ts';
import { lockstep } from './helpers/cli.ts';

/** The spec's model, except that the arbiter grants every test-and-set. */
function alwaysGrants(config: Config): Model<State, Action> {
  const base = protocolModel(config);
  return {
    ...base,
    next: (s, a) => base.next(a.type === 'testAndSet' ? { ...s, arbiter: null } : s, a),
    nextInPlace: (s, a) => {
      if (a.type === 'testAndSet') s.arbiter = null;
      base.nextInPlace(s, a);
    },
  };
}

describe('a deliberately broken model', () => {
  const bounds = { requests: 1, crashes: 1, cuts: 1 };
  const rows = runMatrix(bounds, () => ({ model: alwaysGrants }));
  const traces = matrixTraces(rows, 'traces');
  const review = buildReview(rows, traces, '/tmp/traces');

  it('leaves the arbiter items unticked, with the reason', () => {
    const byKnob = Object.fromEntries(review.items.map((i) => [i.knob, i]));
    expect(byKnob['no-test-and-set'].ticked).toBe(false);
    expect(byKnob['no-test-and-set'].reasons).toContain('the correct design does not hold noSplitBrain (violated)');
    expect(byKnob['loser-keeps-running'].ticked).toBe(false);
    expect(review.ok).toBe(false);
  });

  it('says so in the Markdown', () => {
    const md = reviewMarkdown(review, traces, '/tmp', 'test');
    expect(md).toMatch(/^- \[ \] Test-and-set on shared storage \(paper §2\.3\): the correct design does not hold noSplitBrain/m);
    expect(md).toMatch(/### ❌ Test-and-set on shared storage/);
    expect(md).toMatch(/\*\*Not ticked:\*\* the correct design does not hold noSplitBrain \(violated\)/);
  });
});

describe('lockstep review', () => {
  it('exits 1 with unticked items when the bounds cannot show a violation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-review-'));
    const r = lockstep('review', '--requests', '1', '--crashes', '0', '--cuts', '0', '-q', '--out', join(dir, 'review.md'));
    expect(r.code).toBe(1);
    const md = readFileSync(join(dir, 'review.md'), 'utf8');
    expect(md).toMatch(/^- \[ \] Test-and-set on shared storage.*atLeastOnce is still holds: the violation was not found/m);
    expect(existsSync(join(dir, 'review-traces'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('writes a GitHub step summary when GITHUB_STEP_SUMMARY is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-review-'));
    const summary = join(dir, 'summary.md');
    const bin = fileURLToPath(new URL('../bin/lockstep.js', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'review', '--requests', '1', '-q', '--traces', join(dir, 't'), '--out', join(dir, 'r.md')], {
      encoding: 'utf8',
      env: { ...process.env, GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.status).toBe(0);
    expect(readFileSync(summary, 'utf8')).toBe(readFileSync(join(dir, 'r.md'), 'utf8'));
  });
});
