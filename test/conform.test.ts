/**
 * Conformance: the real implementation, driven by the model over real
 * sockets. The correct implementation passes a short run (every committed
 * trace, random and aimed schedules); every injected bug is found, shrunk
 * and saved as a trace that replays on the model and, driven again, fails
 * on the buggy implementation and passes on the correct one; no process
 * outlives a run, also when the harness is interrupted; two runs at once
 * do not disturb each other; and impl/ imports nothing of the harness.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { registerConform } from '../src/cli/commands/conform.ts';
import { UsageError } from '../src/errors.ts';
import { BUG_NAMES, runConformance, type ConformReport } from '../conform/run.ts';
import { mapState, type Observed } from '../conform/mapping.ts';
import { initialState } from '../spec/init.ts';
import { loadTrace, replayTrace, vmwareFt } from '../protocol/builtin.ts';
import { bundle } from '../src/conform/bundle.ts';
import { World } from '../src/conform/world.ts';
import { replayActions } from '../src/engine/replay.ts';
import { protocolModel } from '../spec/model.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function expectAllEnded(r: ConformReport): void {
  expect(r.pids.length).toBe(r.processesStarted);
  expect(r.pids.filter(alive)).toEqual([]);
}

describe('impl/', () => {
  it('imports nothing from spec/, properties/, src/ or conform/', () => {
    const dir = join(root, 'impl');
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const i of imports) expect(i.startsWith('./') || i.startsWith('node:'), `${f} imports ${i}`).toBe(true);
    }
  });
});

describe('the implementation on its own (real clocks, no hooks)', () => {
  it('fails over when the primary is killed: the backup times out, wins, goes live, and the client retransmits to it', async () => {
    const world = await World.create();
    try {
      world.router.virtualAddress('service', 'p');
      world.router.autoDelay = () => 0;
      const js = await bundle(join(root, 'impl/main.ts'));
      const flags = ['--clock', 'real', '--tick', '5', '--timeout', '2000', '--heartbeat', '20', '--auto', '--retransmit-after', '100'];
      const host = (name: string, ...args: string[]) => ({ name, command: process.execPath, args: [js, ...args, ...flags] });
      await world.fresh([host('p', 'vm', 'p', 'primary'), host('b', 'vm', 'b', 'backup'), host('s', 'arbiter'), host('c', 'client')]);
      type Got = { received: { seq: number; req: number; nd: number; from: string }[] };
      const received = async () => ((await world.host('c').request({ cmd: 'status' })) as { state: Got }).state.received;
      const until = async (ok: (r: Got['received']) => boolean) => {
        for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
          if (ok(await received())) return;
        }
        throw new Error(`not answered: ${JSON.stringify(await received())}`);
      };
      await world.host('c').request({ cmd: 'send', req: 1 });
      await until((r) => r.some((o) => o.req === 1));
      await world.crash('p');
      await world.host('c').request({ cmd: 'send', req: 2 });
      await until((r) => r.some((o) => o.req === 2));
      const got = await received();
      expect(got.find((o) => o.req === 2)).toMatchObject({ seq: 2, from: 'b' });
      // Whatever came twice came identical (the failover duplicate).
      for (const a of got) for (const b of got) if (a.seq === b.seq) expect([a.req, a.nd]).toEqual([b.req, b.nd]);
      expect(world.router.ownerOf('service')).toBe('b');
    } finally {
      await world.stop();
    }
    expect(world.processes.pids.filter(alive)).toEqual([]);
  });
});

describe('the mapping onto the model state', () => {
  const base: Observed = {
    vms: { p: { mode: 'primary', paired: true, log: [], replayed: [], acked: 0, suspects: false, goingLive: false }, b: { mode: 'backup', paired: false, log: [], replayed: [], acked: 0, suspects: false, goingLive: false } },
    arbiter: { flag: null },
    client: { sent: [], received: [] },
    frames: [],
    links: { 'p-b': true, 'p-s': true, 'b-s': true },
    owner: 'p',
    faults: { crashes: 0, cuts: 0 },
  };
  it('gives the initial state for a fresh system', () => {
    expect(mapState(base)).toEqual(initialState());
  });
  it('merges as the model does: identical packets are one, undeliverable entries are gone, a killed VM is blank', () => {
    const out = { type: 'out', seq: 1, req: 1, nd: 0, body: 'x' };
    const entry = { seq: 1, req: 1, nd: 0 };
    const s = mapState({
      ...base,
      vms: { p: base.vms.p, b: { ...base.vms.b!, suspects: true } },
      frames: [
        { id: 1, from: 'p', to: 'c', m: out },
        { id: 2, from: 'p', to: 'c', m: out },
        { id: 3, from: 'p', to: 'b', m: { type: 'log', entry } },
      ],
    });
    expect(s.outputs).toEqual([{ seq: 1, req: 1, nd: 0, from: 'p' }]);
    expect(s.logChannel).toEqual([]);
    const crashed = mapState({ ...base, vms: { b: base.vms.b }, frames: [{ id: 3, from: 'p', to: 'b', m: { type: 'log', entry } }] });
    expect(crashed.vms.p.mode).toBe('crashed');
    expect(crashed.logChannel).toEqual([entry]);
  });
});

describe('lockstep conform (the command)', () => {
  const program = () => {
    const p = new Command('lockstep').exitOverride();
    registerConform(p, vmwareFt);
    for (const c of p.commands) c.exitOverride();
    return p;
  };
  it('lists the bugs as a JSON array', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program().parseAsync(['conform', '--list-bugs', '--json'], { from: 'user' });
      expect(JSON.parse(String(write.mock.calls[0][0]))).toEqual(BUG_NAMES);
    } finally {
      write.mockRestore();
    }
  });
  it('refuses an unknown bug and a bad number as bad usage', async () => {
    await expect(program().parseAsync(['conform', '--bug', 'nope'], { from: 'user' })).rejects.toThrow(UsageError);
    await expect(program().parseAsync(['conform', '--schedules', 'x'], { from: 'user' })).rejects.toThrow(/expected a whole number/);
    await expect(program().parseAsync(['conform', '--trace', '/nonexistent.json'], { from: 'user' })).rejects.toThrow(/not a file/);
  });
});

describe('lockstep conform', () => {
  it('passes on the correct implementation; each knob trace is refused where the model refuses it', async () => {
    const r = await runConformance({ schedules: 24, seed: 1 });
    expect(r.failure, JSON.stringify(r.failure?.outcome)).toBeUndefined();
    expect(r.schedules.traces).toBeGreaterThanOrEqual(16);
    expect(r.schedules.random + r.schedules.aimed).toBe(24);
    expect(r.witnessed).toContain('duplicatesHappen');
    // Every committed trace that the correct model refuses at step k is refused by the implementation at step k too;
    // the others (a knob's liveness trace the safeguard turns into a run that goes on) ran to their end without a violation.
    const dir = join(root, 'counterexamples');
    const knobTraces = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'trace.schema.json');
    let refused = 0;
    for (const f of knobTraces) {
      const t = loadTrace(join(dir, f));
      if (t.config.restores || t.config.window !== undefined) continue; // the extensions: not run on the implementation
      const onModel = replayActions(protocolModel({ ...t.config, knobs: [] }), [...t.actions, ...(t.cycle ?? [])]);
      const blocked = r.blocked.find((b) => b.name.endsWith(`/${f}`));
      expect(blocked?.step, f).toBe(onModel.problem?.step);
      if (onModel.problem) refused++;
    }
    expect(refused).toBeGreaterThanOrEqual(8);
    expect(r.actionTypes.length).toBe(13);
    expect(r.messagesCarried).toBeGreaterThan(0);
    expectAllEnded(r);
  });

  it('gives the same result for the same seed, and two runs at once do not disturb each other', async () => {
    const [a, b] = await Promise.all([runConformance({ schedules: 8, seed: 7 }), runConformance({ schedules: 8, seed: 7 })]);
    expect(a.failure).toBeUndefined();
    expect(b.failure).toBeUndefined();
    expect(a.steps).toBe(b.steps);
    expect(a.states).toEqual(b.states);
    expectAllEnded(a);
    expectAllEnded(b);
  });

  it.each(BUG_NAMES)('finds, shrinks and saves bug %s', async (bug) => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-conform-'));
    const r = await runConformance({ schedules: 500, seed: 1, bug, save: dir });
    expectAllEnded(r);
    const f = r.failure!;
    expect(f, `${bug} not found`).toBeDefined();
    expect(f.actions.length).toBeLessThanOrEqual(f.foundSteps);
    expect(r.saved).toBeDefined();
    // The saved trace replays on the model. Where the implementation took a step the correct design refuses,
    // the trace names a knob whose design allows it, and the correct design refuses exactly that step.
    const t = loadTrace(r.saved!);
    const onModel = replayTrace(r.saved!, t);
    expect(onModel.problem).toBeUndefined();
    expect(onModel.ok).toBe(true);
    if (f.outcome.kind === 'divergence' && f.outcome.why === 'system-allows-model-refuses') {
      expect(t.config.knobs.length).toBe(1);
      expect(replayTrace(r.saved!, t, []).problem?.step).toBe(t.actions.length);
    } else {
      expect(t.config.knobs).toEqual([]);
    }
    // Driven again on the implementation: the bug fails it, the correct implementation passes it.
    const again = await runConformance({ trace: r.saved!, bug });
    expect(again.failure?.outcome.kind).toBe(f.outcome.kind);
    const correct = await runConformance({ trace: r.saved! });
    expect(correct.failure).toBeUndefined();
    expectAllEnded(again);
    expectAllEnded(correct);
  });

  it('ends every process it started when the harness is interrupted', async () => {
    const script = join(root, 'test/helpers/conform-interrupted.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const pids = await new Promise<number[]>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        const line = out.split('\n').find((l) => l.startsWith('pids '));
        if (line) resolve(line.slice(5).split(',').map(Number));
      });
      child.on('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    expect(pids.length).toBe(4);
    expect(pids.every(alive)).toBe(true);
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    const deadline = Date.now() + 5000;
    while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(pids.filter(alive)).toEqual([]);
  });
});
