/**
 * A compact canonical encoding of the state, for fingerprints and for the
 * explorer's frontier. Every field is written in a fixed order; sets are
 * already sorted in the state, so equal states give equal bytes and a state
 * decodes to an object deep-equal to the one encoded. Request and seq numbers
 * fit in a byte (the configuration caps requests at 15).
 *
 * The spec depends on no engine: any object with these byte methods will do.
 */

export interface ByteSink {
  u8(value: number): void;
}

export interface ByteSource {
  u8(): number;
}
import { LINKS, type Entry, type Mode, type Nd, type Output, type State, type Vm, type VmId } from './state.ts';

const MODES: readonly Mode[] = ['primary', 'backup', 'halted', 'crashed'];
const VM_CODE: Record<VmId, number> = { p: 0, b: 1 };
const VM_OF: readonly VmId[] = ['p', 'b'];

/**
 * Writes the state's bytes. With `map`, request r is written as `map[r]`
 * (sets re-sorted accordingly): the encoding of the state with its requests
 * renamed, which symmetry reduction compares (see symmetry.ts).
 */
export function encodeState(s: State, w: ByteSink, map?: ArrayLike<number>): void {
  encodeVm(s.vms.p, w, map);
  encodeVm(s.vms.b, w, map);
  let flags = s.arbiter === null ? 0 : s.arbiter === 'p' ? 1 : 2;
  flags |= VM_CODE[s.owner] << 2;
  for (let i = 0; i < LINKS.length; i++) if (s.links[LINKS[i]]) flags |= 1 << (3 + i);
  w.u8(flags);
  w.u8(s.faults.crashes);
  w.u8(s.faults.cuts);
  entries(s.logChannel, w, map);
  w.u8(s.ackChannel.length);
  for (const seq of s.ackChannel) w.u8(seq);
  outputs(s.outputs, w, map);
  numbers(s.client.sent, w, map);
  numbers(s.client.inFlight, w, map);
  outputs(s.client.received, w, map);
}

export function decodeState(r: ByteSource): State {
  const p = decodeVm(r);
  const b = decodeVm(r);
  const flags = r.u8();
  const arbiterCode = flags & 3;
  const links = { 'p-b': false, 'p-s': false, 'b-s': false };
  for (let i = 0; i < LINKS.length; i++) links[LINKS[i]] = (flags & (1 << (3 + i))) !== 0;
  const crashes = r.u8();
  const cuts = r.u8();
  const logChannel = readEntries(r);
  const ackChannel: number[] = [];
  for (let n = r.u8(); n > 0; n--) ackChannel.push(r.u8());
  const outs = readOutputs(r);
  const sent = readNumbers(r);
  const inFlight = readNumbers(r);
  const received = readOutputs(r);
  return {
    vms: { p, b },
    arbiter: arbiterCode === 0 ? null : arbiterCode === 1 ? 'p' : 'b',
    links,
    owner: VM_OF[(flags >> 2) & 1],
    logChannel,
    ackChannel,
    outputs: outs,
    client: { sent, inFlight, received },
    faults: { crashes, cuts },
  };
}

function encodeVm(vm: Vm, w: ByteSink, map: ArrayLike<number> | undefined): void {
  w.u8(MODES.indexOf(vm.mode) | (+vm.paired << 2) | (+vm.suspects << 3) | (+vm.goingLive << 4));
  w.u8(vm.acked);
  entries(vm.log, w, map);
  entries(vm.replayed, w, map);
}

function decodeVm(r: ByteSource): Vm {
  const flags = r.u8();
  const acked = r.u8();
  const log = readEntries(r);
  const replayed = readEntries(r);
  return {
    mode: MODES[flags & 3],
    paired: (flags & 4) !== 0,
    log,
    replayed,
    acked,
    suspects: (flags & 8) !== 0,
    goingLive: (flags & 16) !== 0,
  };
}

function entries(list: readonly Entry[], w: ByteSink, map: ArrayLike<number> | undefined): void {
  w.u8(list.length);
  for (const e of list) {
    w.u8(e.seq);
    w.u8(((map ? map[e.req] : e.req) << 1) | e.nd);
  }
}

function readEntries(r: ByteSource): Entry[] {
  const list: Entry[] = [];
  for (let n = r.u8(); n > 0; n--) {
    const seq = r.u8();
    const x = r.u8();
    list.push({ seq, req: x >> 1, nd: (x & 1) as Nd });
  }
  return list;
}

/** Outputs in their set order: by seq, then by the second byte (request, value, sender), as `compareOutputs` sorts them. */
function outputs(list: readonly Output[], w: ByteSink, map: ArrayLike<number> | undefined): void {
  w.u8(list.length);
  if (!map) {
    for (const o of list) {
      w.u8(o.seq);
      w.u8((o.req << 2) | (o.nd << 1) | VM_CODE[o.from]);
    }
    return;
  }
  // Renamed requests may change the order within a seq: sort the two-byte keys (insertion sort, short lists).
  const keys = list.length <= scratch.length ? scratch : new Uint16Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    const key = (o.seq << 8) | (map[o.req] << 2) | (o.nd << 1) | VM_CODE[o.from];
    let j = i;
    for (; j > 0 && keys[j - 1] > key; j--) keys[j] = keys[j - 1];
    keys[j] = key;
  }
  for (let i = 0; i < list.length; i++) {
    w.u8(keys[i] >>> 8);
    w.u8(keys[i] & 0xff);
  }
}

const scratch = new Uint16Array(64);

function readOutputs(r: ByteSource): Output[] {
  const list: Output[] = [];
  for (let n = r.u8(); n > 0; n--) {
    const seq = r.u8();
    const x = r.u8();
    list.push({ seq, req: x >> 2, nd: ((x >> 1) & 1) as Nd, from: VM_OF[x & 1] });
  }
  return list;
}

function numbers(list: readonly number[], w: ByteSink, map: ArrayLike<number> | undefined): void {
  let mask = 0;
  for (const n of list) mask |= 1 << (map ? map[n] : n);
  w.u8(mask & 0xff);
  w.u8(mask >>> 8);
}

function readNumbers(r: ByteSource): number[] {
  const mask = r.u8() | (r.u8() << 8);
  const list: number[] = [];
  for (let n = 1; n < 16; n++) if (mask & (1 << n)) list.push(n);
  return list;
}
