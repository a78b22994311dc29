/**
 * A hypercube: a state is n bits, and each action flips one of them. 2^n
 * states, n levels, and the middle levels hold C(n, n/2) states: large
 * enough for a level to take seconds, so that the engine's tests can stop
 * a search, or watch its progress, in the middle of one. Names its action
 * types, with one declared that never happens, for the coverage tests.
 */
import type { ByteReader, ByteWriter } from '../../src/engine/bytes.ts';
import { always, eventually, type Model } from '../../src/engine/model.ts';

export function cube(n: number): Model<number, number> {
  const actions: number[] = [];
  for (let b = 0; b < n; b++) actions.push(b);
  return {
    init: () => [0],
    actions: () => actions,
    next: (s, b) => s ^ (1 << b),
    encode: (s: number, out: ByteWriter) => out.varint(s),
    decode: (input: ByteReader) => input.varint(),
    // Bit b flips type b; the last type, 'never', is never taken.
    actionTypes: [...actions.map((b) => `flip${b}`), 'never'],
    actionType: (b) => b,
  };
}

/** Holds in every state: a search of the cube must see it all to say so. */
export const small = always<number>('small', 'fits in 31 bits', (s) => s >= 0);

/** Every bit of an n-bit cube gets set: for a search with liveness on. */
export const allSet = (n: number) => eventually<number>('allSet', 'every bit gets set', (s) => s === 2 ** n - 1);
