/**
 * The trace files: every one in counterexamples/ replays to its verdict,
 * each knob's is stopped by the correct design, an edited step is caught by
 * number, every file matches the JSON Schema and draws as Mermaid that
 * mermaid's own parser accepts, and malformed files are refused in one line.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import { describe as describeReplayWith } from '../src/cli/commands/replay.ts';
import { loadTrace, replayTrace, traceMermaid, vmwareFt, type ProtocolTrace, type ReplayResult } from '../protocol/builtin.ts';

const describeReplay = (r: ReplayResult, withoutKnobs: boolean) => describeReplayWith(vmwareFt, r, withoutKnobs);
import { lockstep } from './helpers/cli.ts';

const dir = fileURLToPath(new URL('../counterexamples/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'trace.schema.json');

describe('counterexamples/', () => {
  it('holds a trace for every knob and property the brief expects, and the paper scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(16);
    expect(files.filter((f) => f.startsWith('paper-')).length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays to its expected verdict', (f) => {
    const r = replayTrace(f, loadTrace(join(dir, f)));
    expect(r.problem, r.problem && describeReplay(r, false)).toBeUndefined();
    expect(r.judgement?.verdict).toBe(r.expected);
  });

  it.each(files.filter((f) => !f.startsWith('correct') && loadTrace(join(dir, f)).config.knobs.length > 0))(
    '%s is stopped by the correct design',
    (f) => {
      const t = loadTrace(join(dir, f));
      const r = replayTrace(f, t, []);
      const blocked = r.problem?.kind === 'not-enabled';
      expect(blocked || r.judgement?.verdict !== t.expect).toBe(true);
    },
  );

  it.each(files)('%s matches the JSON Schema', (f) => {
    const ajv = new Ajv2020({ allErrors: true });
    const validate = ajv.compile(JSON.parse(readFileSync(fileURLToPath(new URL('../schema/trace.schema.json', import.meta.url)), 'utf8')));
    const ok = validate(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(ok, JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(files)('%s draws as Mermaid that mermaid parses', async (f) => {
    const t = loadTrace(join(dir, f));
    const text = traceMermaid(t, replayTrace(f, t));
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'sequence' });
  });
});

it('the Mermaid check can fail: mermaid rejects a broken diagram', async () => {
  await expect(mermaid.parse('sequenceDiagram\n  L0->>: 1. x ->>')).rejects.toThrow();
});

describe('a stale trace', () => {
  const file = join(dir, 'no-drain--consistentOutput.json');

  it('names the step whose action is no longer enabled', () => {
    const t = loadTrace(file);
    const edited: ProtocolTrace = { ...t, actions: t.actions.map((a, i) => (i === 3 ? { type: 'apply' } : a)) };
    const r = replayTrace('edited', edited);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatchObject({ step: 4, kind: 'not-enabled' });
    expect(describeReplay(r, false)).toMatch(/^step 4: apply is not enabled \(enabled: .*deliverLog.*\): a stale trace$/);
  });

  it('names the step whose state differs from the recorded fingerprint', () => {
    const t = loadTrace(file);
    const edited: ProtocolTrace = { ...t, actions: t.actions.map((a, i) => (i === 2 ? { type: 'deliverRequest', req: 1, nd: 1 } : a)) };
    const r = replayTrace('edited', edited);
    expect(r.problem).toMatchObject({ step: 3, kind: 'fingerprint' });
    expect(describeReplay(r, false)).toMatch(/step 3: .* the model's semantics changed/);
  });

  it('fails `lockstep replay` with exit 1 and the step', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
    const t = JSON.parse(readFileSync(file, 'utf8'));
    t.actions[5] = { type: 'crash', vm: 'b' };
    writeFileSync(join(tmp, 'edited.json'), JSON.stringify(t));
    const r = lockstep('replay', join(tmp, 'edited.json'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL .*edited\.json: step 6: crash\(b\) leads to state [0-9a-f]{16}, the trace recorded/);
  });
});

describe('a file that is not a trace', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
  const good = readFileSync(join(dir, 'paper-partition.json'), 'utf8');
  const variant = (edit: (t: Record<string, any>) => void) => {
    const t = JSON.parse(good);
    edit(t);
    return JSON.stringify(t);
  };
  it.each([
    ['empty', '', /empty file/],
    ['truncated', good.slice(0, good.length / 2), /not JSON/],
    ['other version', variant((t) => (t.version = 2)), /version 2 is not supported/],
    ['unknown action', variant((t) => (t.actions[1] = { type: 'reboot', vm: 'p' })), /actions\[1\] \(step 2\): unknown action type "reboot"/],
    ['unknown VM', variant((t) => (t.actions[1] = { type: 'timeout', vm: 'q' })), /step 2\): timeout: vm must be a VM \(p or b\), not "q"/],
    ['negative bound', variant((t) => (t.config.requests = -1)), /config: requests must be a whole number from 1 to 15, not -1/],
    ['request out of range', variant((t) => (t.actions[0] = { type: 'send', req: 3 })), /send: req must be a request from 1 to 2, not 3/],
    ['unknown property', variant((t) => (t.property = 'liveness')), /unknown property "liveness"/],
    ['not an object', '[1, 2]', /expected a JSON object/],
  ])('%s: one line, exit 2', (name, text, message) => {
    const path = join(tmp, `${String(name).replace(/ /g, '-')}.json`);
    writeFileSync(path, text as string);
    for (const cmd of ['replay', 'show', 'explore']) {
      const r = lockstep(cmd, path);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message as RegExp);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('a missing file: one line, exit 2', () => {
    const r = lockstep('replay', join(tmp, 'nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.json: cannot read \(ENOENT\)/);
  });
});

describe('lockstep replay of many files', () => {
  it('replays counterexamples/*.json, as the README says: the schema is out of the way', () => {
    const all = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
    const r = lockstep('replay', ...all);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(all.length);
  });

  it('takes a folder, and reports a file that is not a trace as one failed item while replaying the rest', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
    writeFileSync(join(tmp, 'a.json'), readFileSync(join(dir, 'paper-partition.json')));
    writeFileSync(join(tmp, 'b.json'), '{"not": "a trace"}');
    writeFileSync(join(tmp, 'c.json'), readFileSync(join(dir, 'no-drain--consistentOutput.json')));
    const r = lockstep('replay', tmp);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ok {3}.*a\.json: .*\nok {3}.*c\.json: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/b\.json: not a trace/);
    const json = JSON.parse(lockstep('replay', tmp, '--json').stdout);
    expect(json.outcome).toBe('bad-input');
    expect(json.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, false, true]);
  });
});

describe('lockstep show', () => {
  it('prints a timeline with the violating step marked', () => {
    const r = lockstep('show', join(dir, 'no-output-rule--outputRule.json'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/>>2 +p +deliverRequest\(r1, nd=0\) +p executes r1 as #1 with nd=0, logs it to b, releases #1 r1 nd=0/);
  });

  it('prints Mermaid with the violation highlighted and the cycle as a loop', () => {
    const safety = lockstep('show', join(dir, 'no-drain--consistentOutput.json'), '--format', 'mermaid').stdout;
    expect(safety).toMatch(/^sequenceDiagram\n/);
    expect(safety).toMatch(/rect rgb\(255, 214, 214\)\n {4}rect rgb\(255, 196, 120\)\n {6}L2->>L0: ⚠ 11\. #35;1 r2 nd=0\n {4}end/);
    const live = lockstep('show', join(dir, 'ignore-retransmissions--atLeastOnce.json'), '--format', 'mermaid').stdout;
    expect(live).toMatch(/loop forever \(a fair cycle\)/);
  });

  it('rejects an unknown format in one line', () => {
    const r = lockstep('show', join(dir, 'no-drain--consistentOutput.json'), '--format', 'svg');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 'svg' is invalid/);
  });
});

describe('lockstep explore', () => {
  it('writes one self-contained HTML page with the trace and the reducer', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
    const out = join(tmp, 'page.html');
    const r = lockstep('explore', join(dir, 'paper-partition.json'), '--out', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/<script id="trace" type="application\/json">\{"protocol":"vmware-ft","title":"A partition of the logging link/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|\bfetch\(|XMLHttpRequest/);
    expect(readdirSync(tmp)).toEqual(['page.html']);
  });
});

describe('--save', () => {
  it('writes each counterexample atomically, named by design and property', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
    const r = lockstep('check', '--requests', '1', '--cuts', '0', '-q', '--knob', 'no-output-rule', '--save', tmp);
    expect(r.code).toBe(1);
    expect(readdirSync(tmp).sort()).toEqual([
      'no-output-rule--consistentOutput.json',
      'no-output-rule--duplicatesHappen.json',
      'no-output-rule--outputRule.json',
    ]);
    const replay = lockstep('replay', ...readdirSync(tmp).map((f) => join(tmp, f)));
    expect(replay.code).toBe(0);
  });

  it('refuses a path that is a file, in one line', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'lockstep-'));
    writeFileSync(join(tmp, 'file'), 'x');
    const r = lockstep('check', '--requests', '1', '--cuts', '0', '--crashes', '0', '-q', '--save', join(tmp, 'file'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
