/**
 * The model is a pure function of plain data: next never mutates its input,
 * gives the same output for the same input, states survive a JSON round
 * trip, the canonical encoding round-trips, and the explorer's in-place fast
 * path computes exactly what the immer reducer computes.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ByteReader, ByteWriter } from '../src/engine/bytes.ts';
import { ALL_KNOB_NAMES } from './knobs.ts';
import { knobsFor } from './config.ts';
import { protocolModel } from './model.ts';
import type { State } from './state.ts';

// Core and extension configurations alike: an extension's knob only where its extension is on.
const walk = fc
  .record({
    knobs: fc.subarray(ALL_KNOB_NAMES),
    restores: fc.integer({ min: 0, max: 1 }),
    window: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
    requests: fc.integer({ min: 1, max: 4 }),
    crashes: fc.integer({ min: 0, max: 2 }),
    cuts: fc.integer({ min: 0, max: 3 }),
    choices: fc.array(fc.nat(), { maxLength: 60 }),
  })
  .map(({ window, ...w }) => ({
    ...w,
    ...(window === undefined ? {} : { window }),
    knobs: w.knobs.filter((k) => knobsFor({ restores: w.restores, window }).includes(k)),
  }));

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function encode(model: ReturnType<typeof protocolModel>, s: State): string {
  const w = new ByteWriter();
  model.encode(s, w);
  return Buffer.from(w.view()).toString('hex');
}

test.prop([walk], { numRuns: 300 })('every step is pure, canonical and matches the fast path', ({ choices, ...config }) => {
  const model = protocolModel(config);
  let s = model.init()[0];
  for (const c of choices) {
    const actions = model.actions(s);
    if (actions.length === 0) break;
    const a = actions[c % actions.length];
    const before = JSON.stringify(s);
    const next = model.next(deepFreeze(s), a);
    expect(JSON.stringify(s)).toBe(before);
    expect(model.next(s, a)).toEqual(next);
    expect(JSON.parse(JSON.stringify(next))).toEqual(next);

    const copy = model.decode(new ByteReader(Buffer.from(encode(model, s), 'hex')));
    expect(copy).toEqual(s);
    model.nextInPlace(copy, a);
    expect(copy).toEqual(next);
    expect(encode(model, copy)).toBe(encode(model, next));

    // The explorer's clone shares what the reducer never changes: s is frozen, so a write to it would throw.
    const cloned = model.cloneForUpdate(s);
    model.nextInPlace(cloned, a);
    expect(cloned).toEqual(next);
    expect(JSON.stringify(s)).toBe(before);

    // A disabled action is never offered: every listed one changes something.
    expect(JSON.stringify(next)).not.toBe(before);
    s = next;
  }
});

test.prop([walk], { numRuns: 100 })('actions come out in a fixed order without repeats', ({ choices, ...config }) => {
  const model = protocolModel(config);
  let s = model.init()[0];
  for (const c of choices) {
    const keys = model.actions(s).map((a) => JSON.stringify(a));
    expect(new Set(keys).size).toBe(keys.length);
    expect(model.actions(JSON.parse(JSON.stringify(s))).map((a) => JSON.stringify(a))).toEqual(keys);
    if (keys.length === 0) break;
    s = model.next(s, model.actions(s)[c % keys.length]);
  }
});
