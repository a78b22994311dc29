import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { finalState, linear } from '../../src/engine/trace.ts';
import { four, jugs, notFour, six, tidy, type Jugs } from '../toy/jugs.ts';
import { ByteReader, type ByteWriter } from '../../src/engine/bytes.ts';
import { always, eventually, sometimes, type Model } from '../../src/engine/model.ts';

describe('explore on the die-hard jugs', () => {
  const report = explore(jugs, [notFour, four, tidy, six]);

  it('visits the 16 reachable states', () => {
    expect(report.complete).toBe(true);
    expect(report.states).toBe(16);
  });

  it('reports a shortest counterexample: 6 steps to 4 gallons', () => {
    const [nf, f, t, s] = report.properties;
    expect(nf.verdict).toBe('violated');
    expect(nf.length).toBe(6);
    expect(finalState(linear(nf.trace)).big).toBe(4);
    expect(f.verdict).toBe('witnessed');
    expect(f.length).toBe(6);
    expect(t.verdict).toBe('holds');
    expect(s.verdict).toBe('not-witnessed');
    expect(s.final).toBe(true);
  });

  it('rebuilds traces that are runs of the model', () => {
    const trace = linear(report.properties[0].trace);
    let s: Jugs = trace.initial;
    for (const step of trace.steps) {
      expect(jugs.actions(s)).toContain(step.action);
      s = jugs.next(s, step.action);
      expect(s).toEqual(step.state);
    }
  });

  it('counts transitions: every enabled action of every state', () => {
    let total = 0;
    const seen = new Set<string>();
    const queue = [...jugs.init()];
    while (queue.length > 0) {
      const s = queue.shift()!;
      const key = JSON.stringify(s);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const a of jugs.actions(s)) {
        total++;
        queue.push(jugs.next(s, a));
      }
    }
    expect(seen.size).toBe(report.states);
    expect(report.transitions).toBe(total);
  });

  it('stops cleanly at --max-states with verdicts marked incomplete', () => {
    const partial = explore(jugs, [tidy, six], { maxStates: 5 });
    expect(partial.complete).toBe(false);
    expect(partial.stoppedBecause).toBe('max-states');
    expect(partial.states).toBe(5);
    expect(partial.properties.every((p) => !p.final)).toBe(true);
  });

  it('can stop once every property is decided', () => {
    const early = explore(jugs, [notFour, four], { stopWhenDecided: true });
    expect(early.stoppedBecause).toBe('all-decided');
    expect(early.states).toBeLessThan(16);
    expect(early.properties.map((p) => p.verdict)).toEqual(['violated', 'witnessed']);
  });

  it('uses a model codec and in-place successors the same way as the JSON fallback', () => {
    const coded: Model<Jugs, string> = {
      ...(jugs as Model<Jugs, string>),
      encode: (s: Jugs, w: ByteWriter) => w.u8(s.small * 8 + s.big),
      decode: (r: ByteReader) => {
        const x = r.u8();
        return { small: x >> 3, big: x & 7 };
      },
      nextInPlace(s: Jugs, a: string) {
        Object.assign(s, jugs.next(s, a as never));
      },
    };
    const r = explore(coded, [notFour, four]);
    expect(r.states).toBe(16);
    expect(r.transitions).toBe(report.transitions);
    expect(r.properties[0].length).toBe(6);
  });


  it('reads a varint back', () => {
    const r = new ByteReader(new Uint8Array([0xe5, 0x8e, 0x26]));
    expect(r.varint()).toBe(624485);
  });
});

describe('symmetry reduction through Model.canonical', () => {
  // Two interchangeable counters, each 0..2, either may be raised: 9 states, 6 up to swapping.
  type Pair = [number, number];
  const pair = (canonical: boolean): Model<Pair, 0 | 1> => ({
    init: () => [[0, 0]],
    actions: (s) => ([0, 1] as const).filter((i) => s[i] < 2),
    next: (s, i) => (i === 0 ? [s[0] + 1, s[1]] : [s[0], s[1] + 1]),
    encode: (s, out) => (out.u8(s[0]), out.u8(s[1])),
    decode: (input) => [input.u8(), input.u8()],
    ...(canonical ? { canonical: (s: Pair, out: ByteWriter) => (out.u8(Math.min(...s)), out.u8(Math.max(...s))) } : {}),
  });
  const twoTwo = sometimes<Pair>('twoTwo', 'both counters at 2', (s) => s[0] === 2 && s[1] === 2);
  const skewed = always<Pair>('skewed', 'never 2 and 0', (s) => !(s.includes(2) && s.includes(0)));

  it('keeps one state per class, with the same verdicts and real, shortest traces', () => {
    const full = explore(pair(false), [twoTwo, skewed]);
    const reduced = explore(pair(true), [twoTwo, skewed]);
    expect([full.states, reduced.states]).toEqual([9, 6]);
    expect(reduced.properties.map((p) => [p.verdict, p.length])).toEqual(full.properties.map((p) => [p.verdict, p.length]));
    const trace = linear(reduced.properties[1].trace);
    let s: Pair = trace.initial;
    for (const step of trace.steps) {
      s = pair(false).next(s, step.action);
      expect(step.state).toEqual(s);
    }
    expect(skewed.holds(s)).toBe(false);
  });

  it('is refused with an eventually property', () => {
    expect(() => explore(pair(true), [eventually<Pair>('done', 'both at 2', (s) => s[0] + s[1] === 4)])).toThrow(/safety properties only/);
  });
});
