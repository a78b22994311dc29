/**
 * A compact canonical encoding of the state, for fingerprints and for the
 * explorer's frontier. Every field is written in a fixed order; sets are
 * already sorted in the state, so equal states give equal bytes and a state
 * decodes to an object deep-equal to the one encoded. Request and seq numbers
 * fit in a byte (the configuration caps requests at 15).
 *
 * The core model's states are written exactly as they always were (the
 * committed traces' fingerprints hash these bytes): the spare's fields are
 * written only with `spare` true, after every core byte, and the spare's
 * codes use bit patterns a core state never has (owner and sender c in bits
 * 6-7, arbiter c as the unused code 3).
 *
 * The spec depends on no engine: any object with these byte methods will do.
 */

export interface ByteSink {
  u8(value: number): void;
}

export interface ByteSource {
  u8(): number;
}
import { blankVm } from './init.ts';
import { LINKS, SPARE_LINKS, type Entry, type Mode, type Nd, type Output, type State, type Vm, type VmId } from './state.ts';

/** A VM's mode in two bits: the spare's `spare` is never encoded (it is `restoredFrom === null`). */
const MODES: readonly Mode[] = ['primary', 'backup', 'halted', 'crashed'];
const ARBITER_OF: readonly (VmId | null)[] = [null, 'p', 'b', 'c'];
const RESTORED_OF: readonly ('p' | 'b' | null)[] = [null, 'p', 'b'];
/**
 * The spare as the core model leaves it, shared by every decoded core state
 * (frozen: the core reducer never writes to it, and a write would throw).
 */
const UNUSED_SPARE = Object.freeze(blankVm('spare'));
const NOTHING = Object.freeze([]) as unknown as never[];

/**
 * Writes the state's bytes. With `map`, request r is written as `map[r]`
 * (sets re-sorted accordingly): the encoding of the state with its requests
 * renamed, which symmetry reduction compares (see symmetry.ts).
 */
/**
 * Writes the state's bytes. With `map`, request r is written as `map[r]`
 * (sets re-sorted accordingly): the encoding of the state with its requests
 * renamed, which symmetry reduction compares (see symmetry.ts). With
 * `spare`, the spare's fields follow (Extension R); without, they must have
 * their initial values, which the core model never changes.
 */
export function encodeState(s: State, w: ByteSink, map?: ArrayLike<number>, spare = false): void {
  encodeVm(s.vms.p, w, map);
  encodeVm(s.vms.b, w, map);
  let flags = s.arbiter === null ? 0 : s.arbiter === 'p' ? 1 : s.arbiter === 'b' ? 2 : 3;
  flags |= s.owner === 'c' ? 1 << 6 : s.owner === 'b' ? 1 << 2 : 0;
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
  if (!spare) return;
  let more = RESTORED_OF.indexOf(s.restoredFrom);
  for (let i = 0; i < SPARE_LINKS.length; i++) if (s.links[SPARE_LINKS[i]]) more |= 1 << (2 + i);
  w.u8(more);
  if (s.restoredFrom === null) return; // the spare is unused: c and its channels are as at the start
  encodeVm(s.vms.c, w, map);
  entries(s.logToC, w, map);
  w.u8(s.ackFromC.length);
  for (const seq of s.ackFromC) w.u8(seq);
}

export function decodeState(r: ByteSource, spare = false): State {
  const p = decodeVm(r);
  const b = decodeVm(r);
  const flags = r.u8();
  const links = { 'p-b': false, 'p-s': false, 'b-s': false, 'p-c': true, 'b-c': true, 'c-s': true };
  for (let i = 0; i < LINKS.length; i++) links[LINKS[i]] = (flags & (1 << (3 + i))) !== 0;
  const crashes = r.u8();
  const cuts = r.u8();
  const logChannel = readEntries(r);
  const ackChannel = readSeqs(r);
  const outs = readOutputs(r);
  const sent = readNumbers(r);
  const inFlight = readNumbers(r);
  const received = readOutputs(r);
  const s: State = {
    vms: { p, b, c: spare ? blankVm('spare') : (UNUSED_SPARE as Vm) },
    arbiter: ARBITER_OF[flags & 3],
    links,
    owner: flags & (1 << 6) ? 'c' : flags & (1 << 2) ? 'b' : 'p',
    logChannel,
    ackChannel,
    outputs: outs,
    client: { sent, inFlight, received },
    faults: { crashes, cuts },
    restoredFrom: null,
    logToC: spare ? [] : NOTHING,
    ackFromC: spare ? [] : NOTHING,
  };
  if (!spare) return s;
  const more = r.u8();
  for (let i = 0; i < SPARE_LINKS.length; i++) links[SPARE_LINKS[i]] = (more & (1 << (2 + i))) !== 0;
  s.restoredFrom = RESTORED_OF[more & 3];
  if (s.restoredFrom === null) return s;
  s.vms.c = decodeVm(r);
  s.logToC = readEntries(r);
  s.ackFromC = readSeqs(r);
  return s;
}

function readSeqs(r: ByteSource): number[] {
  const list: number[] = [];
  for (let n = r.u8(); n > 0; n--) list.push(r.u8());
  return list;
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

/**
 * An output's second byte: request, value and sender (p 0, b 1) as the core
 * model always wrote it, below 64; c's outputs above, with bit 6 set. Its
 * order within a seq is `compareOutputs`'s.
 */
function outputCode(req: number, nd: Nd, from: VmId): number {
  return from === 'c' ? 64 | (req << 1) | nd : (req << 2) | (nd << 1) | (from === 'p' ? 0 : 1);
}

/** Outputs in their set order: by seq, then by the second byte (`outputCode`), as `compareOutputs` sorts them. */
function outputs(list: readonly Output[], w: ByteSink, map: ArrayLike<number> | undefined): void {
  w.u8(list.length);
  if (!map) {
    for (const o of list) {
      w.u8(o.seq);
      w.u8(outputCode(o.req, o.nd, o.from));
    }
    return;
  }
  // Renamed requests may change the order within a seq: sort the two-byte keys (insertion sort, short lists).
  const keys = list.length <= scratch.length ? scratch : new Uint16Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const o = list[i];
    const key = (o.seq << 8) | outputCode(map[o.req], o.nd, o.from);
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
    if (x & 64) list.push({ seq, req: (x >> 1) & 15, nd: (x & 1) as Nd, from: 'c' });
    else list.push({ seq, req: x >> 2, nd: ((x >> 1) & 1) as Nd, from: x & 1 ? 'b' : 'p' });
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
