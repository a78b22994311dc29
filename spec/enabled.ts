/**
 * Which actions are enabled in a state, in a fixed order: client, network
 * deliveries, VM steps, faults. A disabled action is never listed, so a trace
 * replays by action and a replay that diverges can say what was enabled.
 * Each guard here is the brief's; the comments say where a guard is ours.
 */
import type { Action } from './action.ts';
import type { Design } from './design.ts';
import { LINKS, VMS, isUp, type Req, type State, type Vm, type VmId } from './state.ts';

export function enabledActions(s: State, d: Design): Action[] {
  const out: Action[] = [];
  const { client } = s;
  const { p, b } = s.vms;

  for (let r = 1; r <= d.requests; r++) {
    if (!client.sent.includes(r)) out.push({ type: 'send', req: r });
  }
  for (const r of client.sent) {
    if (!client.inFlight.includes(r) && !answered(s, r)) out.push({ type: 'retry', req: r });
  }

  const owner = s.vms[s.owner];
  for (const r of client.inFlight) {
    if (owner.mode === 'primary' && !inLog(owner, r)) {
      // Executing picks the value the execution sees: two successors.
      out.push({ type: 'deliverRequest', req: r, nd: 0 }, { type: 'deliverRequest', req: r, nd: 1 });
    } else {
      out.push({ type: 'deliverRequest', req: r });
    }
  }
  if (s.logChannel.length > 0 && s.links['p-b'] && b.mode === 'backup' && !b.suspects) {
    out.push({ type: 'deliverLog' });
  }
  if (b.mode === 'backup' && b.replayed.length < b.log.length) {
    if (d.loggedNd) out.push({ type: 'apply' });
    else out.push({ type: 'apply', nd: 0 }, { type: 'apply', nd: 1 });
  }
  if (s.ackChannel.length > 0 && s.links['p-b'] && p.mode === 'primary' && p.paired) {
    out.push({ type: 'deliverAck' });
  }
  for (const o of s.outputs) {
    out.push({ type: 'deliverOutput', seq: o.seq, req: o.req, nd: o.nd, from: o.from });
  }

  for (const v of VMS) if (canTimeOut(s.vms[v])) out.push({ type: 'timeout', vm: v });
  if (d.testAndSet) {
    for (const v of VMS) {
      const vm = s.vms[v];
      if (isUp(vm) && vm.suspects && !vm.goingLive && s.links[arbiterLink(v)]) out.push({ type: 'testAndSet', vm: v });
    }
  }
  for (const v of VMS) if (canGoLive(s.vms[v], d)) out.push({ type: 'goLive', vm: v });

  if (s.faults.crashes < d.crashBudget) {
    for (const v of VMS) if (isUp(s.vms[v])) out.push({ type: 'crash', vm: v });
  }
  if (s.faults.cuts < d.cutBudget) {
    for (const l of LINKS) if (s.links[l]) out.push({ type: 'cut', link: l });
  }
  for (const l of LINKS) if (!s.links[l]) out.push({ type: 'heal', link: l });
  return out;
}

/** The client has received some output for request r. */
export function answered(s: State, r: Req): boolean {
  return s.client.received.some((o) => o.req === r);
}

export function inLog(vm: Vm, r: Req): boolean {
  return vm.log.some((e) => e.req === r);
}

export function arbiterLink(v: VmId): 'p-s' | 'b-s' {
  return v === 'p' ? 'p-s' : 'b-s';
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
