/**
 * Extensions R and F through the reducer, action by action: what a restore
 * does, how generations stop the old pair, what the window holds back, and
 * that the configuration, the parser and the encoding take the new bounds.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ByteReader, ByteWriter } from '../src/engine/bytes.ts';
import { propertiesFor } from '../properties/index.ts';
import type { Action } from './action.ts';
import { makeConfig, knobsFor, type Config } from './config.ts';
import { KNOB_NAMES } from './knobs.ts';
import { protocolModel } from './model.ts';
import { ActionError, parseAction } from './parse.ts';
import { generationOf, peerOf, type State } from './state.ts';

function run(actions: Action[], config: Partial<Config>): State {
  const model = protocolModel(config);
  let s = model.init()[0];
  actions.forEach((a, i) => {
    const enabled = model.actions(s).map((x) => JSON.stringify(x));
    if (!enabled.includes(JSON.stringify(a))) throw new Error(`step ${i + 1}: ${JSON.stringify(a)} is not enabled; enabled: ${enabled.join(' ')}`);
    s = model.next(s, a);
  });
  return s;
}

const enabledAfter = (actions: Action[], config: Partial<Config>) => {
  const model = protocolModel(config);
  return model.actions(run(actions, config)).map((a) => model.formatAction(a));
};

const R = { restores: 1 };
/** b times out spuriously, wins and goes live: p is still a paired primary that never noticed. */
const bLive: Action[] = [
  { type: 'send', req: 1 },
  { type: 'deliverRequest', req: 1, nd: 1 },
  { type: 'deliverLog' },
  { type: 'timeout', vm: 'b' },
  { type: 'testAndSet', vm: 'b' },
  { type: 'apply' },
  { type: 'goLive', vm: 'b' },
];

describe('restore (Extension R)', () => {
  it('is enabled only for an up primary that went live alone, with the spare unused and the link to it up', () => {
    expect(enabledAfter([], R)).not.toContain('restore(p)');
    expect(enabledAfter(bLive, R)).toContain('restore(b)');
    expect(enabledAfter(bLive, R)).not.toContain('restore(p)');
    expect(enabledAfter([...bLive, { type: 'cut', link: 'b-c' }], R)).not.toContain('restore(b)');
    expect(enabledAfter(bLive, {})).not.toContain('restore(b)');
    expect(enabledAfter([...bLive, { type: 'restore', vm: 'b' }], R).some((a) => a.startsWith('restore'))).toBe(false);
  });

  it('makes c a replayed copy of the live VM, pairs them in generation 2 and frees the flag; the address stays', () => {
    const s = run([...bLive, { type: 'restore', vm: 'b' }], R);
    expect(s.vms.c).toMatchObject({ mode: 'backup', log: s.vms.b.log, replayed: s.vms.b.log, suspects: false });
    expect(s.vms.b).toMatchObject({ mode: 'primary', paired: true, acked: 1, suspects: false });
    expect(s.arbiter).toBeNull();
    expect(s.owner).toBe('b');
    expect([peerOf(s, 'b'), peerOf(s, 'c'), peerOf(s, 'p')]).toEqual(['c', 'b', 'b']);
    expect([generationOf(s, 'p'), generationOf(s, 'b'), generationOf(s, 'c')]).toEqual([1, 2, 2]);
  });

  it('logs the restored primary\'s new entries to c, which acks them back to it', () => {
    const restored = [...bLive, { type: 'restore', vm: 'b' } as Action, { type: 'send', req: 2 } as Action, { type: 'deliverRequest', req: 2, nd: 0 } as Action];
    const s = run(restored, { ...R, requests: 2 });
    expect(s.logToC).toEqual([{ seq: 2, req: 2, nd: 0 }]);
    expect(s.outputs).toEqual([{ seq: 1, req: 1, nd: 1, from: 'b' }]);
    const acked = run([...restored, { type: 'deliverLog', vm: 'c' }, { type: 'deliverAck', vm: 'b' }], { ...R, requests: 2 });
    expect(acked.vms.b.acked).toBe(2);
    expect(acked.outputs).toContainEqual({ seq: 2, req: 2, nd: 0, from: 'b' });
  });

  it('with generations, the old primary that never noticed asks for generation 1 and halts', () => {
    const s = run([...bLive, { type: 'restore', vm: 'b' }, { type: 'timeout', vm: 'p' }, { type: 'testAndSet', vm: 'p' }], R);
    expect(s.vms.p.mode).toBe('halted');
  });

  it('without generations it wins the cleared flag, with no fault at all: split brain', () => {
    const config = { ...R, knobs: ['no-generation' as const] };
    const s = run([...bLive, { type: 'restore', vm: 'b' }, { type: 'timeout', vm: 'p' }, { type: 'testAndSet', vm: 'p' }, { type: 'goLive', vm: 'p' }], config);
    expect(s.vms.p).toMatchObject({ mode: 'primary', paired: false });
    expect(s.vms.b).toMatchObject({ mode: 'primary', paired: true });
    const noSplitBrain = propertiesFor(makeConfig(config)).find((p) => p.name === 'noSplitBrain')!;
    expect(noSplitBrain.holds(s)).toBe(false);
  });

  it('c takes over when its primary crashes: its timeout then has a cause', () => {
    const model = protocolModel(R);
    const crashed = run([...bLive, { type: 'restore', vm: 'b' }, { type: 'crash', vm: 'b' }], R);
    expect(model.fairness(crashed, { type: 'timeout', vm: 'c' })).toBe('timeout(c)');
    // p's peer is still b, which crashed: p's timeout has a cause too; it loses generation 1's flag.
    expect(model.fairness(crashed, { type: 'timeout', vm: 'p' })).toBe('timeout(p)');
    const s = run([...bLive, { type: 'restore', vm: 'b' }, { type: 'crash', vm: 'b' }, { type: 'timeout', vm: 'c' }, { type: 'testAndSet', vm: 'c' }, { type: 'goLive', vm: 'c' }], R);
    expect(s.vms.c).toMatchObject({ mode: 'primary', paired: false });
    expect(s.owner).toBe('c');
    expect(s.outputs).toContainEqual({ seq: 1, req: 1, nd: 1, from: 'c' });
  });

  it('is not weakly fair, and a timeout without a cause about the current peer is not either', () => {
    const model = protocolModel(R);
    const s = run(bLive, R);
    expect(model.fairness(s, { type: 'restore', vm: 'b' })).toBeNull();
    const restored = run([...bLive, { type: 'restore', vm: 'b' }], R);
    expect(model.fairness(restored, { type: 'timeout', vm: 'c' })).toBeNull();
    expect(model.fairness(run([...bLive, { type: 'restore', vm: 'b' }, { type: 'cut', link: 'b-c' }], R), { type: 'timeout', vm: 'c' })).toBe('timeout(c)');
    expect(model.isFault({ type: 'restore', vm: 'b' })).toBe(false);
  });

  it('after p goes live alone, entries already sent to b still reach it, and p ignores b\'s acks', () => {
    const pLive: Action[] = [
      { type: 'send', req: 1 },
      { type: 'deliverRequest', req: 1, nd: 0 },
      { type: 'timeout', vm: 'p' },
      { type: 'testAndSet', vm: 'p' },
      { type: 'goLive', vm: 'p' },
      { type: 'restore', vm: 'p' },
    ];
    expect(enabledAfter(pLive, R)).toContain('deliverLog');
    const s = run([...pLive, { type: 'deliverLog' }], R);
    expect(s.vms.b.log).toHaveLength(1);
    expect(s.ackChannel).toEqual([]);
    expect(s.vms.c.log).toEqual(s.vms.p.log);
  });
});

describe('the window (Extension F)', () => {
  const F = { window: 1 };
  const two: Action[] = [
    { type: 'send', req: 1 },
    { type: 'send', req: 2 },
    { type: 'deliverRequest', req: 1, nd: 0 },
  ];

  it('a paired primary with W unacknowledged entries leaves a new request in flight', () => {
    expect(enabledAfter(two, F).some((a) => a.startsWith('deliverRequest(r2'))).toBe(false);
    expect(enabledAfter(two, {})).toContain('deliverRequest(r2, nd=0)');
    const acked = [...two, { type: 'deliverLog' } as Action, { type: 'deliverAck' } as Action];
    expect(enabledAfter(acked, F)).toContain('deliverRequest(r2, nd=0)');
  });

  it('a retransmission of a request already in the log is still answered', () => {
    const s = run([...two, { type: 'deliverLog' }, { type: 'deliverAck' }, { type: 'deliverRequest', req: 2, nd: 1 }, { type: 'retry', req: 1 }], F);
    expect(protocolModel(F).actions(s)).toContainEqual({ type: 'deliverRequest', req: 1 });
  });

  it('the backup takes an entry only while fewer than W wait to be replayed', () => {
    const twoLogged: Action[] = [...two, { type: 'deliverLog' }, { type: 'deliverAck' }, { type: 'deliverRequest', req: 2, nd: 0 }];
    expect(enabledAfter(twoLogged, F)).not.toContain('deliverLog');
    expect(enabledAfter([...twoLogged, { type: 'apply' }], F)).toContain('deliverLog');
    expect(enabledAfter(twoLogged, { ...F, knobs: ['no-flow-control'] })).toContain('deliverLog');
  });

  it('an unpaired primary is never held back', () => {
    const alone: Action[] = [...two, { type: 'crash', vm: 'b' }, { type: 'timeout', vm: 'p' }, { type: 'testAndSet', vm: 'p' }, { type: 'goLive', vm: 'p' }];
    expect(enabledAfter(alone, F)).toContain('deliverRequest(r2, nd=0)');
  });

  it('stalls is witnessed in that state, and boundedLag breaks only without flow control', () => {
    const stall = propertiesFor(makeConfig(F)).find((p) => p.name === 'stalls')!;
    expect(stall.holds(run(two, F))).toBe(true);
    const bounded = propertiesFor(makeConfig(F)).find((p) => p.name === 'boundedLag')!;
    const knob = { ...F, knobs: ['no-flow-control' as const] };
    const s = run([...two, { type: 'deliverRequest', req: 2, nd: 0 }, { type: 'deliverLog' }, { type: 'deliverLog' }], knob);
    expect(bounded.holds(s)).toBe(false);
  });
});

describe('configuration and vocabulary', () => {
  it('a core configuration is written as it always was; the extensions add their keys', () => {
    expect(makeConfig({})).toEqual({ requests: 2, crashes: 1, cuts: 1, knobs: [] });
    expect(Object.keys(makeConfig({ restores: 0 }))).toEqual(['requests', 'crashes', 'cuts', 'knobs']);
    expect(makeConfig({ restores: 1, window: 2 })).toEqual({ requests: 2, crashes: 1, cuts: 1, restores: 1, window: 2, knobs: [] });
  });

  it.each([
    [{ restores: 2 }, /restores must be a whole number from 0 to 1, not 2 \(there is one spare host\)/],
    [{ window: 0 }, /window must be a whole number from 1 to 15, not 0/],
    [{ knobs: ['no-generation'] }, /knob 'no-generation' needs restores of at least 1/],
    [{ knobs: ['no-flow-control'] }, /knob 'no-flow-control' needs a window/],
  ] as const)('refuses %j in one line', (partial, message) => {
    expect(() => makeConfig(partial as Partial<Config>)).toThrow(message);
  });

  it('a matrix has an extension knob\'s row only with its extension on', () => {
    expect(knobsFor({})).toEqual(KNOB_NAMES);
    expect(knobsFor({ restores: 1 })).toEqual([...KNOB_NAMES, 'no-generation']);
    expect(knobsFor({ window: 1 })).toEqual([...KNOB_NAMES, 'no-flow-control']);
  });

  it('the properties are columns only where their extension is on', () => {
    const names = (c: Partial<Config>) => propertiesFor(makeConfig(c)).map((p) => p.name);
    expect(names({})).toEqual(['noSplitBrain', 'outputRule', 'consistentOutput', 'duplicatesHappen', 'atLeastOnce']);
    expect(names({ restores: 1 })).toEqual(['noSplitBrain', 'outputRule', 'consistentOutput', 'duplicatesHappen', 'restoredTakeover', 'atLeastOnce']);
    expect(names({ window: 1 })).toEqual(['noSplitBrain', 'outputRule', 'consistentOutput', 'boundedLag', 'duplicatesHappen', 'stalls', 'atLeastOnce']);
  });

  it('parses the new actions, bounded by the configuration', () => {
    const r = makeConfig(R);
    const core = makeConfig({});
    expect(parseAction({ type: 'restore', vm: 'b' }, r)).toEqual({ type: 'restore', vm: 'b' });
    expect(parseAction({ type: 'deliverLog', vm: 'c' }, r)).toEqual({ type: 'deliverLog', vm: 'c' });
    expect(parseAction({ type: 'apply', vm: 'c', nd: 1 }, r)).toEqual({ type: 'apply', vm: 'c', nd: 1 });
    expect(parseAction({ type: 'deliverAck', vm: 'b' }, r)).toEqual({ type: 'deliverAck', vm: 'b' });
    expect(parseAction({ type: 'cut', link: 'c-s' }, r)).toEqual({ type: 'cut', link: 'c-s' });
    expect(() => parseAction({ type: 'restore', vm: 'b' }, core)).toThrow(ActionError);
    expect(() => parseAction({ type: 'restore', vm: 'c' }, r)).toThrow(/restore: vm must be a VM \(p or b\), not "c"/);
    expect(() => parseAction({ type: 'timeout', vm: 'c' }, core)).toThrow(/vm must be a VM \(p or b\)/);
    expect(() => parseAction({ type: 'cut', link: 'p-c' }, core)).toThrow(/link must be a link \(p-b, p-s, b-s\)/);
    expect(() => parseAction({ type: 'deliverLog', vm: 'c' }, core)).toThrow(/unexpected field 'vm'/);
  });

  it('an extension state round-trips through its encoding, and a core state keeps its bytes', () => {
    const s = run([...bLive, { type: 'restore', vm: 'b' }, { type: 'cut', link: 'c-s' }], R);
    const model = protocolModel(R);
    const w = new ByteWriter();
    model.encode(s, w);
    expect(model.decode(new ByteReader(w.view().slice()))).toEqual(s);
    const core = protocolModel({});
    const c = run(bLive, {});
    const a = new ByteWriter();
    core.encode(c, a);
    const b = new ByteWriter();
    protocolModel({ window: 1 }).encode(c, b);
    expect(Buffer.from(b.view()).toString('hex')).toBe(Buffer.from(a.view()).toString('hex'));
    expect(a.length).toBeLessThan(w.length);
  });
});

describe('the fast path after a restore', () => {
  it('random runs reach restored states, where the in-place step, the clone and the encoding agree with the reducer', () => {
    const model = protocolModel({ requests: 2, crashes: 1, cuts: 1, restores: 1, window: 1 });
    const samples = fc.sample(fc.array(fc.nat(), { minLength: 40, maxLength: 80 }), { numRuns: 300, seed: 14 });
    let restored = 0;
    for (const choices of samples) {
      let s = model.init()[0];
      for (const c of choices) {
        const actions = model.actions(s);
        if (actions.length === 0) break;
        // Prefer a restore when one is offered, so that most runs get past one.
        const a = actions.find((x) => x.type === 'restore') ?? actions[c % actions.length];
        const next = model.next(s, a);
        const copy = model.cloneForUpdate(s);
        model.nextInPlace(copy, a);
        expect(copy).toEqual(next);
        const w = new ByteWriter();
        model.encode(next, w);
        expect(model.decode(new ByteReader(w.view().slice()))).toEqual(next);
        s = next;
      }
      if (s.restoredFrom !== null) restored++;
    }
    expect(restored).toBeGreaterThan(100);
  });
});
