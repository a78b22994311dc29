/**
 * Which actions are enabled in a state, in a fixed order: client, network
 * deliveries, VM steps, restores, faults. A disabled action is never listed,
 * so a trace replays by action and a replay that diverges can say what was
 * enabled. Each guard here is the brief's; the comments say where a guard is
 * ours. The spare's actions come after the core ones of their kind, so the
 * core model lists its actions in the order it always did.
 */
import type { Action } from './action.ts';
import type { Design } from './design.ts';
import { isUp, linkBetween, peerOf, type Req, type State, type Vm, type VmId } from './state.ts';

export function enabledActions(s: State, d: Design): Action[] {
  const out: Action[] = [];
  const { client } = s;

  for (let r = 1; r <= d.requests; r++) {
    if (!client.sent.includes(r)) out.push({ type: 'send', req: r });
  }
  for (const r of client.sent) {
    if (!client.inFlight.includes(r) && !answered(s, r)) out.push({ type: 'retry', req: r });
  }

  const owner = s.vms[s.owner];
  for (const r of client.inFlight) {
    if (owner.mode === 'primary' && !inLog(owner, r)) {
      // Flow control: a new request waits in flight while the window is full.
      if (owner.paired && owner.log.length - owner.acked >= d.window) continue;
      // Executing picks the value the execution sees: two successors.
      out.push({ type: 'deliverRequest', req: r, nd: 0 }, { type: 'deliverRequest', req: r, nd: 1 });
    } else {
      out.push({ type: 'deliverRequest', req: r });
    }
  }
  // The spare's channel is used only after a restore.
  const spare = s.restoredFrom !== null;
  if (canReceiveLog(s, 'b', d)) out.push({ type: 'deliverLog' });
  if (spare && canReceiveLog(s, 'c', d)) out.push({ type: 'deliverLog', vm: 'c' });
  pushApply(out, s.vms.b, undefined, d);
  if (spare) pushApply(out, s.vms.c, 'c', d);
  if (canReceiveAck(s, 'p')) out.push({ type: 'deliverAck' });
  if (spare && canReceiveAck(s, 'b')) out.push({ type: 'deliverAck', vm: 'b' });
  for (const o of s.outputs) {
    out.push({ type: 'deliverOutput', seq: o.seq, req: o.req, nd: o.nd, from: o.from });
  }

  for (const v of d.vms) if (canTimeOut(s.vms[v])) out.push({ type: 'timeout', vm: v });
  if (d.testAndSet) {
    for (const v of d.vms) {
      const vm = s.vms[v];
      if (isUp(vm) && vm.suspects && !vm.goingLive && s.links[linkBetween(v, 's')]) out.push({ type: 'testAndSet', vm: v });
    }
  }
  for (const v of d.vms) if (canGoLive(s.vms[v], d)) out.push({ type: 'goLive', vm: v });
  if (d.restoreBudget > 0 && s.restoredFrom === null) {
    for (const v of ['p', 'b'] as const) if (canRestoreFrom(s, v)) out.push({ type: 'restore', vm: v });
  }

  if (s.faults.crashes < d.crashBudget) {
    for (const v of d.vms) if (isUp(s.vms[v])) out.push({ type: 'crash', vm: v });
  }
  if (s.faults.cuts < d.cutBudget) {
    for (const l of d.links) if (s.links[l]) out.push({ type: 'cut', link: l });
  }
  for (const l of d.links) if (!s.links[l]) out.push({ type: 'heal', link: l });
  return out;
}

/** The client has received some output for request r. */
export function answered(s: State, r: Req): boolean {
  return s.client.received.some((o) => o.req === r);
}

export function inLog(vm: Vm, r: Req): boolean {
  return vm.log.some((e) => e.req === r);
}

/** The acks on their way from backup `x` to its primary. */
export function acksFrom(s: State, x: VmId): number[] {
  return x === 'c' ? s.ackFromC : s.ackChannel;
}

/**
 * A backup takes the next entry while the link from its primary is up, it
 * does not suspect, and (flow control) fewer than W received entries wait
 * to be replayed.
 */
function canReceiveLog(s: State, x: 'b' | 'c', d: Design): boolean {
  const vm = s.vms[x];
  if (vm.mode !== 'backup' || vm.suspects || (x === 'c' ? s.logToC : s.logChannel).length === 0) return false;
  // b's primary is always p; c's is the VM it was restored from.
  return s.links[x === 'c' ? linkBetween(s.restoredFrom!, 'c') : 'p-b'] && vm.log.length - vm.replayed.length < d.window;
}

/** A primary takes an ack from its current peer, over the link to it, while still paired. */
function canReceiveAck(s: State, v: 'p' | 'b'): boolean {
  const vm = s.vms[v];
  if (vm.mode !== 'primary' || !vm.paired) return false;
  const x = peerOf(s, v);
  return acksFrom(s, x).length > 0 && s.links[linkBetween(v, x)];
}

function pushApply(out: Action[], vm: Vm, v: 'c' | undefined, d: Design): void {
  if (vm.mode !== 'backup' || vm.replayed.length >= vm.log.length) return;
  const at = v === undefined ? {} : { vm: v };
  if (d.loggedNd) out.push({ type: 'apply', ...at });
  else out.push({ type: 'apply', ...at, nd: 0 }, { type: 'apply', ...at, nd: 1 });
}

/** Restore from `v`: an up primary that went live alone, the spare unused, and the link to the spare up. */
function canRestoreFrom(s: State, v: 'p' | 'b'): boolean {
  const vm = s.vms[v];
  return vm.mode === 'primary' && !vm.paired && s.links[linkBetween(v, 'c')];
}

/** Only a VM that still works with a peer can time out on it. */
export function canTimeOut(vm: Vm): boolean {
  return ((vm.mode === 'primary' && vm.paired) || vm.mode === 'backup') && !vm.suspects;
}

/**
 * Going live needs the win (or, without test-and-set, only the suspicion);
 * a backup must first have replayed everything it received (the drain),
 * unless the knob drops the drain.
 */
export function canGoLive(vm: Vm, d: Design): boolean {
  if (!isUp(vm) || !vm.suspects) return false;
  if (d.testAndSet && !vm.goingLive) return false;
  if (vm.mode === 'backup' && d.drain) return vm.replayed.length === vm.log.length;
  return true;
}
