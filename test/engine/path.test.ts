/**
 * The one path module: following a run by action indices or by actions,
 * strictly (a problem names the step and what was enabled) or leniently
 * (skipping what is not enabled), and the older entry points that now go
 * through it.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/engine/model.ts';
import { follow, followIndices } from '../../src/engine/path.ts';
import { replayLenient } from '../../src/engine/random.ts';
import { fingerprinter, replayActions } from '../../src/engine/replay.ts';
import { replayIndices } from '../../src/engine/trace.ts';

/** A counter that can add 1 or 2 while below 4: actions are objects, as a protocol's are. */
type Add = { type: 'add'; n: number };
const counter: Model<number, Add> = {
  init: () => [0],
  actions: (s) => (s >= 4 ? [] : [{ type: 'add', n: 1 }, { type: 'add', n: 2 }]),
  next: (s, a) => s + a.n,
};
const add = (n: number): Add => ({ type: 'add', n });

describe('follow', () => {
  it('follows actions, matching them whatever the order of their keys', () => {
    const r = follow(counter, 0, [{ n: 2, type: 'add' } as Add, add(1)]);
    expect(r.problem).toBeUndefined();
    expect(r.steps.map((s) => s.state)).toEqual([2, 3]);
    // The step holds the model's own action object, not the one given.
    expect(Object.keys(r.steps[0].action)).toEqual(['type', 'n']);
  });

  it('stops at the first action not enabled, saying what was', () => {
    const r = follow(counter, 0, [add(2), add(2), add(1)]);
    expect(r.steps.map((s) => s.state)).toEqual([2, 4]);
    expect(r.problem).toEqual({ step: 3, action: add(1), kind: 'not-enabled', enabled: [] });
  });

  it('skips what is not enabled when lenient, and ends where `stop` says', () => {
    expect(follow(counter, 0, [add(2), add(2), add(1)], { lenient: true }).steps.map((s) => s.state)).toEqual([2, 4]);
    expect(follow(counter, 0, [add(1), add(1), add(1)], { stop: (s) => s === 2 }).steps.map((s) => s.state)).toEqual([1, 2]);
    expect(follow(counter, 0, [add(1)], { stop: (s) => s === 0 }).steps).toEqual([]);
  });

  it('checks recorded fingerprints, naming the step whose state differs', () => {
    const fp = fingerprinter(counter);
    const good = [fp(1), undefined, fp(4)];
    expect(follow(counter, 0, [add(1), add(2), add(1)], { fingerprints: good, fingerprint: fp }).problem).toBeUndefined();
    const bad = follow(counter, 0, [add(1), add(2), add(1)], { fingerprints: [fp(1), fp(9)], fingerprint: fp });
    expect(bad.problem).toMatchObject({ step: 2, kind: 'fingerprint', expected: fp(9), actual: fp(3) });
  });

  it('follows action indices, and refuses one out of range', () => {
    expect(followIndices(counter, 0, [1, 0, 0]).steps.map((s) => s.state)).toEqual([2, 3, 4]);
    expect(() => followIndices(counter, 0, [1, 1, 0])).toThrow('action index 0 out of range at step 3');
  });

  it('is what the older replay functions do', () => {
    expect(replayIndices(counter, 0, [1, 0])).toEqual(followIndices(counter, 0, [1, 0]));
    expect(replayActions(counter, [add(2), add(2), add(1)])).toEqual(follow(counter, 0, [add(2), add(2), add(1)]));
    expect(replayLenient(counter, [add(2), add(2), add(1)])).toEqual({ initial: 0, steps: follow(counter, 0, [add(2), add(2)]).steps });
  });
});

describe('actionKey', () => {
  it('ignores key order at every depth, and keeps nested fields (a message in an action)', async () => {
    const { actionKey } = await import('../../src/engine/path.ts');
    expect(actionKey({ type: 'receive', msg: { view: 2, from: 's1' } })).toBe(actionKey({ msg: { from: 's1', view: 2 }, type: 'receive' }));
    expect(actionKey({ type: 'receive', msg: { view: 2 } })).not.toBe(actionKey({ type: 'receive', msg: { view: 3 } }));
    expect(actionKey(['a', { b: 1, a: 2 }])).toBe('["a",{"a":2,"b":1}]');
  });
});
