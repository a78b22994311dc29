import { describe, expect, it } from 'vitest';
import { explore } from '../../src/engine/explore.ts';
import { finalState, linear } from '../../src/engine/trace.ts';
import { four, jugs, notFour, six, tidy, type Jugs } from '../toy/jugs.ts';
import { ByteReader, type ByteWriter } from '../../src/engine/bytes.ts';
import type { Model } from '../../src/engine/model.ts';

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
