/**
 * The command line as a user meets it: through the `lockstep` bin, with exit
 * codes 0 (holds), 1 (violation), 2 (bad usage, one line, no stack trace).
 */
import { describe, expect, it } from 'vitest';
import { lockstep } from './helpers/cli.ts';

const tiny = ['--requests', '1', '--crashes', '1', '--cuts', '0', '-q'];

describe('lockstep check', () => {
  it('exits 0 and reports JSON for the correct design', () => {
    const r = lockstep('check', ...tiny, '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ design: 'correct', complete: true });
    for (const key of ['states', 'transitions', 'depth', 'seconds']) expect(typeof report[key]).toBe('number');
    expect(report.properties.map((p: { name: string; verdict: string }) => `${p.name}:${p.verdict}`)).toEqual([
      'noSplitBrain:holds',
      'outputRule:holds',
      'consistentOutput:holds',
      'duplicatesHappen:witnessed',
      'atLeastOnce:holds',
    ]);
    const witness = report.properties[3];
    expect(report.outcome).toBe('holds');
    expect(witness.outcome).toBe('witnessed');
    // The trace in --json is a trace file: `lockstep replay` reads it.
    expect(witness.trace).toMatchObject({ format: 'lockstep-trace', protocol: 'vmware-ft', property: 'duplicatesHappen', expect: 'witnessed' });
    expect(witness.length).toBe(witness.trace.actions.length);
    expect(witness.trace.actions[0]).toEqual({ type: 'send', req: 1 });
  });

  it('exits 1 with a readable counterexample when a knob breaks the design', () => {
    const r = lockstep('check', ...tiny, '--knob', 'no-output-rule');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/outputRule\s+always\s+violated \(2 steps\)/);
    expect(r.stdout).toMatch(/p executes r1 as #1 with nd=0, logs it to b, releases #1 r1 nd=0/);
  });

  it('prints a liveness counterexample as a lasso with prefix and cycle', () => {
    const r = lockstep('check', ...tiny, '--knob', 'ignore-retransmissions', '--json');
    expect(r.code).toBe(1);
    const live = JSON.parse(r.stdout).properties.find((p: { name: string }) => p.name === 'atLeastOnce');
    expect(live.verdict).toBe('violated');
    expect(live.trace.actions.length + live.trace.cycle.length).toBe(live.length);
    expect(live.trace.cycle.length).toBeGreaterThan(0);
    const text = lockstep('check', ...tiny, '--knob', 'ignore-retransmissions').stdout;
    expect(text).toMatch(/\(cycle\)\s+from here the run repeats steps/);
  });

  it('reduces by symmetry over requests when asked, with the same verdicts', () => {
    const args = ['check', '--requests', '2', '--crashes', '1', '--cuts', '0', '-q', '--no-liveness', '--json'];
    const full = JSON.parse(lockstep(...args).stdout);
    const r = lockstep(...args, '--symmetry');
    expect(r.code).toBe(0);
    const reduced = JSON.parse(r.stdout);
    expect(reduced.symmetry).toBe(true);
    expect(reduced.states).toBeLessThan(full.states * 0.55);
    const verdicts = (report: { properties: { name: string; verdict: string; length?: number }[] }) =>
      report.properties.map((p) => [p.name, p.verdict, p.length]);
    expect(verdicts(reduced)).toEqual(verdicts(full));
    expect(lockstep(...args.filter((a) => a !== '--json'), '--symmetry').stdout).toMatch(/symmetry reduction \(states counted up to symmetry\)/);
  });

  it('stops at --max-states with a partial report', () => {
    const r = lockstep('check', '-q', '--max-states', '1000', '--json');
    // Nothing violated so far, but the space was not exhausted: incomplete, exit 3.
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.outcome).toBe('incomplete');
    expect(report.properties[0].outcome).toBe('incomplete');
    expect(report).toMatchObject({ complete: false, stoppedBecause: 'max-states', states: 1000 });
    expect(report.properties[0]).toMatchObject({ verdict: 'holds', final: false });
  });
});

describe('an interrupted check', () => {
  it('prints the report so far, marked interrupted, on SIGINT, and exits 3', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const bin = fileURLToPath(new URL('../bin/lockstep.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'check', '--requests', '3', '--no-liveness', '--workers', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    try {
      // The first progress line (every 10 s without a terminal) says the search is under way, its handler installed.
      await new Promise<void>((started) => child.stderr.on('data', (d) => ((stderr += d), /states \(/.test(stderr) && started())));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(stderr).toMatch(/large bounds: 3 requests: about 38 million states/);
      expect(code).toBe(3);
      expect(stdout).toMatch(/INCOMPLETE: INTERRUPTED \(a signal\)/);
      expect(stdout).toMatch(/noSplitBrain\s+always\s+holds so far/);
      expect(stdout).toMatch(/counts differ from run to run/);
    } finally {
      if (child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
    }
  }, 120_000);
});

describe('coverage', () => {
  it('lists the transitions per action type, and the dead ones', () => {
    const full = JSON.parse(lockstep('check', ...tiny, '--json').stdout);
    expect(full.dead).toEqual(['cut', 'heal']);
    expect(full.coverage.find((c: { action: string }) => c.action === 'testAndSet').taken).toBeGreaterThan(0);
    const text = lockstep('check', '--requests', '1', '-q', '--knob', 'no-test-and-set').stdout;
    expect(text).toMatch(/DEAD: no transition took testAndSet \(in the whole reachable space/);
  });
});

describe('a protocol module that fails in a worker thread', () => {
  it('is one line and exit 2, not a hang', () => {
    const r = lockstep('check', '--protocol', 'test/fixtures/fails-in-worker.ts', '--limit', '1000', '--workers', '2', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^lockstep: protocol counter: a search worker failed: this protocol cannot load in a worker/);
    expect(lockstep('check', '--protocol', 'test/fixtures/fails-in-worker.ts', '--workers', '1', '-q').code).toBe(0);
  });
});

describe('bad usage', () => {
  it.each([
    [['check', '--requests', '-1'], /--requests/],
    [['check', '--requests', 'two'], /--requests/],
    [['check', '--requests', '0'], /requests must be/],
    [['check', '--knob', 'nope'], /unknown knob/],
    [['check', '--crashes', '3'], /only two VMs/],
    [['check', '--frobnicate'], /unknown option '--frobnicate'/],
    [['matrix', '--knob', 'no-drain'], /unknown option '--knob'/],
    [['check', '--symmetry'], /--symmetry checks safety properties only.*add --no-liveness/],
    [['matrix', '--symmetry', '--no-liveness', '--requests', '6'], /--symmetry takes at most 5 requests/],
    [['explode'], /unknown command 'explode'/],
  ])('%j gets one line and exit 2', (args, message) => {
    const r = lockstep(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^lockstep: /);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
