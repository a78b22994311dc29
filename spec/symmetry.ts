/**
 * Symmetry over request identities. Nothing in the protocol, its actions or
 * its properties treats one request differently from another: r1..rN are
 * interchangeable names. Two states that differ only by a renaming of the
 * requests are then equivalent for every safety property, and a search may
 * keep one of each class (an orbit). The representative's identity is the
 * smallest encoding over all renamings, as TLC's symmetry sets do; the
 * search still stores and replays real states, so traces stay real runs.
 *
 * Only for safety properties: a cycle among representatives need not be a
 * cycle among states, so a liveness verdict on the reduced graph could be
 * wrong (TLC has the same restriction).
 */
import type { ByteSink } from './encode.ts';
import { encodeState } from './encode.ts';
import { compareOutputs, type State } from './state.ts';

/** Above this many requests the N! renamings cost more than they save. */
export const MAX_SYMMETRIC_REQUESTS = 5;

/**
 * Writes the smallest encoding of `state` over every renaming of requests
 * 1..`requests` (with `spare`, Extension R's encoding, which renames the
 * spare's entries too). `encoded`, when given, is the state's own encoding (the
 * identity renaming's), which the explorer has already made.
 */
export function requestSymmetry(requests: number, spare = false): (state: State, out: ByteSink, encoded?: EncodedState) => void {
  if (requests > MAX_SYMMETRIC_REQUESTS) throw new RangeError(`symmetry reduction takes at most ${MAX_SYMMETRIC_REQUESTS} requests`);
  const maps = renamings(requests);
  let best = new Bytes();
  let candidate = new Bytes();
  return (state, out, encoded) => {
    best.length = 0;
    if (encoded) best.copy(encoded);
    else encodeState(state, best, maps[0], spare);
    for (let k = 1; k < maps.length; k++) {
      candidate.length = 0;
      encodeState(state, candidate, maps[k], spare);
      if (candidate.before(best)) [best, candidate] = [candidate, best];
    }
    for (let i = 0; i < best.length; i++) out.u8(best.buf[i]);
  };
}

/** Bytes already written by `encodeState`. */
export interface EncodedState {
  buf: Uint8Array;
  length: number;
}

/** Every permutation of 1..n, the identity first, as a table from old request number to new (index 0 unused). */
export function renamings(n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const perm = Array.from({ length: n }, (_, i) => i + 1);
  const visit = (k: number) => {
    if (k === n) {
      const map = new Uint8Array(16);
      for (let r = 0; r < 16; r++) map[r] = r;
      perm.forEach((to, i) => (map[i + 1] = to));
      out.push(map);
      return;
    }
    for (let i = k; i < n; i++) {
      [perm[k], perm[i]] = [perm[i], perm[k]];
      visit(k + 1);
      [perm[k], perm[i]] = [perm[i], perm[k]];
    }
  };
  visit(0);
  return out;
}

/** The state with request r renamed `map[r]`, its sets sorted again. */
export function renameRequests(s: State, map: ArrayLike<number>): State {
  const entry = <E extends { req: number }>(e: E): E => ({ ...e, req: map[e.req] });
  const vm = (v: State['vms']['p']) => ({ ...v, log: v.log.map(entry), replayed: v.replayed.map(entry) });
  return {
    ...s,
    vms: { p: vm(s.vms.p), b: vm(s.vms.b), c: vm(s.vms.c) },
    logChannel: s.logChannel.map(entry),
    logToC: s.logToC.map(entry),
    outputs: s.outputs.map(entry).sort(compareOutputs),
    client: {
      sent: s.client.sent.map((r) => map[r]).sort((a, b) => a - b),
      inFlight: s.client.inFlight.map((r) => map[r]).sort((a, b) => a - b),
      received: s.client.received.map(entry).sort(compareOutputs),
    },
  };
}

/** A growable byte buffer that compares lexicographically. */
class Bytes implements ByteSink {
  buf = new Uint8Array(256);
  length = 0;

  u8(value: number): void {
    if (this.length === this.buf.length) this.grow(this.length + 1);
    this.buf[this.length++] = value;
  }

  /** Becomes a copy of `bytes`. */
  copy(bytes: EncodedState): void {
    if (bytes.length > this.buf.length) this.grow(bytes.length);
    this.buf.set(bytes.buf.subarray(0, bytes.length));
    this.length = bytes.length;
  }

  private grow(least: number): void {
    let size = this.buf.length * 2;
    while (size < least) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  before(other: Bytes): boolean {
    const n = Math.min(this.length, other.length);
    for (let i = 0; i < n; i++) if (this.buf[i] !== other.buf[i]) return this.buf[i] < other.buf[i];
    return this.length < other.length;
  }
}
