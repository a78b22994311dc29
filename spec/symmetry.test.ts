/**
 * Symmetry over request identities: renaming the requests of a reachable
 * state gives a reachable state of the same class, with the same canonical
 * bytes, the same verdict for every safety property, and actions that
 * correspond one to one. Different classes keep different bytes.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { ByteReader, ByteWriter } from '../src/engine/bytes.ts';
import { propertiesFor } from '../properties/index.ts';
import { encodeState } from './encode.ts';
import { ALL_KNOB_NAMES } from './knobs.ts';
import { knobsFor } from './config.ts';
import { protocolModel } from './model.ts';
import type { Action } from './action.ts';
import type { State } from './state.ts';
import { renameRequests, renamings, requestSymmetry } from './symmetry.ts';

// Core and extension configurations alike: an extension's knob only where its extension is on.
const walk = fc
  .record({
    knobs: fc.subarray(ALL_KNOB_NAMES),
    restores: fc.integer({ min: 0, max: 1 }),
    window: fc.option(fc.integer({ min: 1, max: 2 }), { nil: undefined }),
    requests: fc.integer({ min: 2, max: 4 }),
    crashes: fc.integer({ min: 0, max: 2 }),
    cuts: fc.integer({ min: 0, max: 2 }),
    choices: fc.array(fc.nat(), { maxLength: 50 }),
    renaming: fc.nat(),
  })
  .map(({ window, ...w }) => ({
    ...w,
    ...(window === undefined ? {} : { window }),
    knobs: w.knobs.filter((k) => knobsFor({ restores: w.restores, window }).includes(k)),
  }));

const hex = (w: ByteWriter) => Buffer.from(w.view()).toString('hex');

/** The canonical bytes, made alone and from the state's own encoding (as the explorer asks): the same. */
function canonicalOf(model: ReturnType<typeof protocolModel>, s: State): string {
  const alone = new ByteWriter();
  model.canonical!(s, alone);
  const own = new ByteWriter();
  model.encode(s, own);
  const fromOwn = new ByteWriter();
  model.canonical!(s, fromOwn, own);
  expect(hex(fromOwn)).toBe(hex(alone));
  return hex(alone);
}

function encoded(model: ReturnType<typeof protocolModel>, s: State): string {
  const w = new ByteWriter();
  model.encode(s, w);
  return hex(w);
}

describe('renamings', () => {
  it('are every permutation of the requests, once each', () => {
    for (const [n, count] of [[1, 1], [2, 2], [3, 6], [4, 24]]) {
      const maps = renamings(n);
      expect(maps).toHaveLength(count);
      expect(new Set(maps.map((m) => Array.from(m.subarray(1, n + 1)).join())).size).toBe(count);
      for (const m of maps) expect(Array.from(m.subarray(1, n + 1)).sort()).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
  });

  it('refuse more requests than the limit', () => {
    expect(() => requestSymmetry(6)).toThrow(/at most 5 requests/);
  });
});

test.prop([walk], { numRuns: 200 })('a renamed state has the same class, the same verdicts and matching actions', ({ choices, renaming, ...config }) => {
  const model = protocolModel(config, { symmetry: true });
  const maps = renamings(config.requests);
  const map = maps[renaming % maps.length];
  const safety = propertiesFor(model.config, { liveness: false });
  let s = model.init()[0];
  for (const c of choices) {
    const renamed = renameRequests(s, map);
    expect(canonicalOf(model, renamed)).toBe(canonicalOf(model, s));
    // The encoder's renaming is the same as renaming the state and encoding it.
    const w = new ByteWriter();
    encodeState(s, w, map, model.design.restoreBudget > 0);
    expect(hex(w)).toBe(encoded(model, renamed));
    for (const p of safety) expect(p.holds(renamed)).toBe(p.holds(s));
    // The renamed state's actions are the renamed actions, and lead to the renamed successors.
    const actions = model.actions(s);
    const rename = (a: Action): Action => ('req' in a ? { ...a, req: map[a.req] } : a);
    const keys = (list: Action[]) => new Set(list.map((a) => JSON.stringify(a)));
    expect(keys(model.actions(renamed))).toEqual(keys(actions.map(rename)));
    if (actions.length === 0) break;
    const a = actions[c % actions.length];
    const next = model.next(s, a);
    expect(encoded(model, model.next(renamed, rename(a)))).toBe(encoded(model, renameRequests(next, map)));
    s = next;
  }
});

test.prop([walk], { numRuns: 100 })('the canonical bytes decode to a member of the class', ({ choices, ...config }) => {
  const model = protocolModel(config, { symmetry: true });
  let s = model.init()[0];
  for (const c of choices) {
    const w = new ByteWriter();
    model.canonical!(s, w);
    const representative = model.decode(new ByteReader(w.view()));
    const members = renamings(config.requests).map((m) => encoded(model, renameRequests(s, m)));
    expect(members).toContain(encoded(model, representative));
    const actions = model.actions(s);
    if (actions.length === 0) break;
    s = model.next(s, actions[c % actions.length]);
  }
});

it('keeps states of different classes apart', () => {
  const model = protocolModel({ requests: 2 }, { symmetry: true });
  const s = model.init()[0];
  const one = model.next(s, { type: 'send', req: 1 });
  const two = model.next(s, { type: 'send', req: 2 });
  const both = model.next(one, { type: 'send', req: 2 });
  expect(canonicalOf(model, one)).toBe(canonicalOf(model, two));
  expect(encoded(model, one)).not.toBe(encoded(model, two));
  expect(canonicalOf(model, both)).not.toBe(canonicalOf(model, one));
  expect(canonicalOf(model, s)).not.toBe(canonicalOf(model, one));
});
