/**
 * Scenarios straight from the paper, run through the reducer action by
 * action. Each step must be enabled when it is taken.
 */
import { describe, expect, it } from 'vitest';
import type { Action } from './action.ts';
import type { Config } from './config.ts';
import { protocolModel } from './model.ts';
import type { State } from './state.ts';

function run(actions: Action[], config: Partial<Config> = {}): State {
  const model = protocolModel(config);
  let s = model.init()[0];
  actions.forEach((a, i) => {
    const enabled = model.actions(s).map((x) => JSON.stringify(x));
    if (!enabled.includes(JSON.stringify(a))) {
      throw new Error(`step ${i + 1}: ${JSON.stringify(a)} is not enabled; enabled: ${enabled.join(' ')}`);
    }
    s = model.next(s, a);
  });
  return s;
}

function enabledAfter(actions: Action[], config: Partial<Config> = {}): string[] {
  const model = protocolModel(config);
  return model.actions(run(actions, config)).map((a) => model.formatAction(a));
}

const execute: Action[] = [
  { type: 'send', req: 1 },
  { type: 'deliverRequest', req: 1, nd: 1 },
];
const replicate: Action[] = [...execute, { type: 'deliverLog' }, { type: 'apply' }];
const failover: Action[] = [
  { type: 'crash', vm: 'p' },
  { type: 'timeout', vm: 'b' },
  { type: 'testAndSet', vm: 'b' },
  { type: 'goLive', vm: 'b' },
];

describe('the Output Rule (§2.2)', () => {
  it('a paired primary holds the output until the backup acknowledges the entry', () => {
    const s = run(replicate);
    expect(s.outputs).toEqual([]);
    expect(s.ackChannel).toEqual([1]);
    const acked = run([...replicate, { type: 'deliverAck' }]);
    expect(acked.outputs).toEqual([{ seq: 1, req: 1, nd: 1, from: 'p' }]);
  });

  it('primary crashes before the ack: the client gets nothing from p', () => {
    const s = run([...replicate, { type: 'crash', vm: 'p' }]);
    expect(s.outputs).toEqual([]);
    expect(s.client.received).toEqual([]);
    expect(s.vms.p.mode).toBe('crashed');
  });

  it('primary crashes after the ack: the backup goes live and emits the output again', () => {
    const s = run([
      ...replicate,
      { type: 'deliverAck' },
      { type: 'deliverOutput', seq: 1, req: 1, nd: 1, from: 'p' },
      ...failover,
      { type: 'deliverOutput', seq: 1, req: 1, nd: 1, from: 'b' },
    ]);
    expect(s.client.received).toEqual([
      { seq: 1, req: 1, nd: 1, from: 'p' },
      { seq: 1, req: 1, nd: 1, from: 'b' },
    ]);
    expect(s.owner).toBe('b');
    expect(s.vms.b).toMatchObject({ mode: 'primary', paired: false });
  });

  it('without the rule, the output leaves before the backup has the entry', () => {
    const s = run(execute, { knobs: ['no-output-rule'] });
    expect(s.outputs).toEqual([{ seq: 1, req: 1, nd: 1, from: 'p' }]);
    expect(s.vms.b.log).toEqual([]);
  });
});

describe('the test-and-set (§2.3)', () => {
  const partition: Action[] = [
    { type: 'cut', link: 'p-b' },
    { type: 'timeout', vm: 'p' },
    { type: 'timeout', vm: 'b' },
    { type: 'testAndSet', vm: 'b' },
    { type: 'testAndSet', vm: 'p' },
  ];

  it('partition: one winner, and the loser halts', () => {
    const s = run(partition);
    expect(s.arbiter).toBe('b');
    expect(s.vms.b.goingLive).toBe(true);
    expect(s.vms.p.mode).toBe('halted');
    const live = run([...partition, { type: 'goLive', vm: 'b' }]);
    expect(live.vms.b).toMatchObject({ mode: 'primary', paired: false });
    expect(live.owner).toBe('b');
  });

  it('a VM cut off from the arbiter waits', () => {
    const after = enabledAfter([{ type: 'cut', link: 'b-s' }, { type: 'timeout', vm: 'b' }]);
    expect(after).not.toContain('testAndSet(b)');
    expect(after).toContain('heal(b-s)');
  });

  it('with loser-keeps-running the loser goes live too', () => {
    const s = run([...partition, { type: 'goLive', vm: 'b' }, { type: 'goLive', vm: 'p' }], { knobs: ['loser-keeps-running'] });
    expect(s.vms.p).toMatchObject({ mode: 'primary', paired: false });
    expect(s.vms.b).toMatchObject({ mode: 'primary', paired: false });
  });

  it('without test-and-set a suspecting VM goes live directly', () => {
    const after = enabledAfter([{ type: 'timeout', vm: 'b' }], { knobs: ['no-test-and-set'] });
    expect(after).toContain('goLive(b)');
    expect(after.some((a) => a.startsWith('testAndSet'))).toBe(false);
  });
});

describe('going live (§2.3, §3.1)', () => {
  const won: Action[] = [...execute, { type: 'deliverLog' }, { type: 'timeout', vm: 'b' }, { type: 'testAndSet', vm: 'b' }];

  it('a backup drains: it replays everything it received before it goes live', () => {
    expect(enabledAfter(won)).not.toContain('goLive(b)');
    expect(enabledAfter([...won, { type: 'apply' }])).toContain('goLive(b)');
    const s = run([...won, { type: 'apply' }, { type: 'goLive', vm: 'b' }]);
    expect(s.vms.b.log).toEqual([{ seq: 1, req: 1, nd: 1 }]);
    expect(s.outputs).toEqual([{ seq: 1, req: 1, nd: 1, from: 'b' }]);
  });

  it('without the drain, unreplayed entries are dropped', () => {
    const s = run([...won, { type: 'goLive', vm: 'b' }], { knobs: ['no-drain'] });
    expect(s.vms.b.log).toEqual([]);
    expect(s.outputs).toEqual([]);
  });

  it('a suspecting backup accepts no more log entries', () => {
    const after = enabledAfter([...execute, { type: 'timeout', vm: 'b' }]);
    expect(after).not.toContain('deliverLog');
  });

  it('with unlogged non-determinism the backup picks its own value', () => {
    const s = run([...execute, { type: 'deliverLog' }, { type: 'apply', nd: 0 }], { knobs: ['unlogged-nondeterminism'] });
    expect(s.vms.b.log[0].nd).toBe(1);
    expect(s.vms.b.replayed[0].nd).toBe(0);
  });
});

describe('retransmission (§2.2)', () => {
  it('a retried request is answered from the log once it may be released', () => {
    const acked: Action[] = [...replicate, { type: 'deliverAck' }];
    const s = run([...acked, { type: 'retry', req: 1 }, { type: 'deliverRequest', req: 1 }]);
    expect(s.outputs).toEqual([{ seq: 1, req: 1, nd: 1, from: 'p' }]);
    expect(s.vms.p.log).toHaveLength(1);
  });

  it('with ignore-retransmissions the winner does not re-emit', () => {
    const s = run([...replicate, { type: 'deliverAck' }, { type: 'deliverOutput', seq: 1, req: 1, nd: 1, from: 'p' }, ...failover], {
      knobs: ['ignore-retransmissions'],
    });
    expect(s.outputs).toEqual([]);
  });

  it('a request that reaches a VM which is not an up primary is lost', () => {
    const s = run([{ type: 'send', req: 1 }, { type: 'crash', vm: 'p' }, { type: 'deliverRequest', req: 1 }]);
    expect(s.client.inFlight).toEqual([]);
    expect(enabledAfter([{ type: 'send', req: 1 }, { type: 'crash', vm: 'p' }, { type: 'deliverRequest', req: 1 }])).toContain('retry(r1)');
  });
});

describe('faults', () => {
  it('respect their budgets', () => {
    const after = enabledAfter([{ type: 'crash', vm: 'b' }, { type: 'cut', link: 'p-s' }]);
    expect(after.some((a) => a.startsWith('crash') || a.startsWith('cut'))).toBe(false);
    expect(after).toContain('heal(p-s)');
  });
});
