/**
 * The transition function: one pure reducer over the state, written with
 * immer so each case reads as the brief's prose ("append the entry, send it
 * on the logging channel") while the input state is never touched.
 *
 * Auto-freeze is off: the explorer makes millions of states and drops most
 * of them at once, so freezing each would only cost time; purity is kept by
 * immer's copy-on-write and checked by the tests.
 *
 * Two canonicalisations keep equal situations one state (see spec/README.md):
 * a VM that crashed or halted is blanked (fail-stop: its memory is gone and
 * nothing reads it), and messages that can never be delivered are dropped
 * (log entries once their backup no longer accepts them, acks once their
 * primary is no longer paired with the VM that sent them).
 */
import { Immer, type Draft } from 'immer';
import type { Action } from './action.ts';
import type { Design } from './design.ts';
import { blankVm } from './init.ts';
import { compareOutputs, currentGeneration, generationOf, peerOf, type Entry, type Output, type State, type VmId } from './state.ts';

const immer = new Immer({ autoFreeze: false });

export function reduce(state: State, action: Action, d: Design): State {
  return immer.produce(state, (s) => {
    applyAction(s, action, d);
  });
}

/**
 * The recipe itself: applies `a` to `s` in place. `reduce` runs it on an
 * immer draft; the explorer runs it on a private copy it has just decoded,
 * which is the same mutation without the proxies.
 */
export function applyAction(s: Draft<State>, a: Action, d: Design): void {
  switch (a.type) {
    case 'send':
      insertSorted(s.client.sent, a.req);
      insertSorted(s.client.inFlight, a.req);
      return;
    case 'retry':
      insertSorted(s.client.inFlight, a.req);
      return;
    case 'deliverRequest':
      return deliverRequest(s, a.req, a.nd, d);
    case 'deliverLog': {
      const x = a.vm ?? 'b';
      const entry = (x === 'c' ? s.logToC : s.logChannel).shift()!;
      s.vms[x].log.push(entry);
      // An ack means "received", not "replayed"; it goes only to a primary still paired with x.
      const y = x === 'c' ? s.restoredFrom! : 'p';
      const primary = s.vms[y];
      if (primary.mode === 'primary' && primary.paired && peerOf(s, y) === x) (x === 'c' ? s.ackFromC : s.ackChannel).push(entry.seq);
      return;
    }
    case 'apply': {
      const x = s.vms[a.vm ?? 'b'];
      const entry = x.log[x.replayed.length];
      x.replayed.push(a.nd === undefined ? { ...entry } : { seq: entry.seq, req: entry.req, nd: a.nd });
      return;
    }
    case 'deliverAck': {
      const v = a.vm ?? 'p';
      const vm = s.vms[v];
      const seq = (s.restoredFrom === v ? s.ackFromC : s.ackChannel).shift()!;
      const before = vm.acked;
      vm.acked = seq;
      // The Output Rule: what the backup now holds may be released.
      if (d.outputRule) for (let k = before + 1; k <= seq; k++) emit(s, vm.log[k - 1], v);
      return;
    }
    case 'deliverOutput': {
      const i = s.outputs.findIndex((o) => o.seq === a.seq && o.req === a.req && o.nd === a.nd && o.from === a.from);
      const [o] = s.outputs.splice(i, 1);
      insertOutput(s.client.received, o);
      return;
    }
    case 'timeout':
      s.vms[a.vm].suspects = true;
      // A suspecting backup accepts no more entries: those in flight are dead.
      if (s.vms[a.vm].mode === 'backup') clearLogInto(s, a.vm);
      return;
    case 'testAndSet': {
      // With generations the asker names its own; only the current one's free flag is granted.
      const current = !d.generations || s.restoredFrom === null || generationOf(s, a.vm) === currentGeneration(s);
      if (s.arbiter === null && current) {
        s.arbiter = a.vm;
        s.vms[a.vm].goingLive = true;
      } else if (!d.loserHalts) {
        s.vms[a.vm].goingLive = true;
      } else {
        stop(s, a.vm, 'halted');
      }
      return;
    }
    case 'goLive':
      return goLive(s, a.vm, d);
    case 'restore':
      return restore(s, a.vm);
    case 'crash':
      s.faults.crashes++;
      stop(s, a.vm, 'crashed');
      return;
    case 'cut':
      s.faults.cuts++;
      s.links[a.link] = false;
      return;
    case 'heal':
      s.links[a.link] = true;
      return;
  }
}

function deliverRequest(s: Draft<State>, req: number, nd: 0 | 1 | undefined, d: Design): void {
  removeValue(s.client.inFlight, req);
  const v = s.owner;
  const vm = s.vms[v];
  if (vm.mode !== 'primary') return; // lost: nobody serves the address
  if (nd !== undefined) {
    const entry: Entry = { seq: vm.log.length + 1, req, nd };
    vm.log.push(entry);
    if (vm.paired && !vm.suspects) {
      const x = peerOf(s, v);
      const backup = s.vms[x];
      if (backup.mode === 'backup' && !backup.suspects) (x === 'c' ? s.logToC : s.logChannel).push({ ...entry });
    }
    if (!vm.paired || !d.outputRule) emit(s, entry, v);
    return;
  }
  // Already executed: resend its output if it may be released (server-side TCP retransmission).
  if (!d.retransmit) return;
  const entry = vm.log.find((e) => e.req === req)!;
  if (!vm.paired || !d.outputRule || vm.acked >= entry.seq) emit(s, entry, v);
}

function goLive(s: Draft<State>, v: VmId, d: Design): void {
  const vm = s.vms[v];
  if (vm.mode === 'backup') {
    // Whatever was received but not replayed is gone (only without the drain
    // can there be any): execution continues from what was replayed.
    vm.log = vm.replayed.map((e) => ({ seq: e.seq, req: e.req, nd: e.nd }));
    vm.replayed = [];
    vm.mode = 'primary';
    clearLogInto(s, v);
    // Execution resumes just before the last replayed output: emit it again.
    const last = vm.log[vm.log.length - 1];
    if (last && d.retransmit) emit(s, last, v);
  } else {
    // A primary winner runs alone: whatever it held is released now.
    if (d.outputRule) for (let k = vm.acked + 1; k <= vm.log.length; k++) emit(s, vm.log[k - 1], v);
    clearAcksFrom(s, peerOf(s, v));
  }
  vm.paired = false;
  vm.acked = 0;
  vm.suspects = false;
  vm.goingLive = false;
  s.owner = v; // announces itself, like a gratuitous ARP
}

/**
 * Extension R: c becomes v's backup as a snapshot of the running VM (its
 * whole log, all of it replayed); v is paired again with everything so far
 * acknowledged; the new generation's flag is free (without generations: the
 * flag is simply cleared, which is the same state). The address stays.
 */
function restore(s: Draft<State>, v: 'p' | 'b'): void {
  const vm = s.vms[v];
  const copy = () => vm.log.map((e) => ({ seq: e.seq, req: e.req, nd: e.nd }));
  s.vms.c = { mode: 'backup', paired: false, log: copy(), replayed: copy(), acked: 0, suspects: false, goingLive: false };
  vm.paired = true;
  vm.acked = vm.log.length;
  vm.suspects = false;
  s.restoredFrom = v;
  s.arbiter = null;
}

/** Fail-stop or halt: the VM is blanked, and what was on its way to it can never arrive. */
function stop(s: Draft<State>, v: VmId, mode: 'crashed' | 'halted'): void {
  s.vms[v] = blankVm(mode);
  if (v === 'p') s.ackChannel = [];
  if (v === 'b') s.logChannel = [];
  if (v === 'c') s.logToC = [];
  if (v === s.restoredFrom) s.ackFromC = [];
}

function clearLogInto(s: Draft<State>, x: VmId): void {
  if (x === 'c') s.logToC = [];
  else if (x === 'b') s.logChannel = [];
}

function clearAcksFrom(s: Draft<State>, x: VmId): void {
  if (x === 'c') s.ackFromC = [];
  else if (x === 'b') s.ackChannel = [];
}

function emit(s: Draft<State>, e: Entry, from: VmId): void {
  insertOutput(s.outputs, { seq: e.seq, req: e.req, nd: e.nd, from });
}

function insertOutput(set: Output[], o: Output): void {
  let i = 0;
  while (i < set.length && compareOutputs(set[i], o) < 0) i++;
  if (i < set.length && compareOutputs(set[i], o) === 0) return;
  set.splice(i, 0, o);
}

function insertSorted(set: number[], value: number): void {
  let i = 0;
  while (i < set.length && set[i] < value) i++;
  if (set[i] !== value) set.splice(i, 0, value);
}

function removeValue(set: number[], value: number): void {
  const i = set.indexOf(value);
  if (i >= 0) set.splice(i, 1);
}
