/**
 * The initial state: p is the paired primary and owns the address, b
 * replays, the spare c is not running, everything is up.
 */
import type { State, Vm } from './state.ts';

export function blankVm(mode: Vm['mode']): Vm {
  return { mode, paired: false, log: [], replayed: [], acked: 0, suspects: false, goingLive: false };
}

export function initialState(): State {
  return {
    vms: { p: { ...blankVm('primary'), paired: true }, b: blankVm('backup'), c: blankVm('spare') },
    arbiter: null,
    links: { 'p-b': true, 'p-s': true, 'b-s': true, 'p-c': true, 'b-c': true, 'c-s': true },
    owner: 'p',
    logChannel: [],
    ackChannel: [],
    outputs: [],
    client: { sent: [], inFlight: [], received: [] },
    faults: { crashes: 0, cuts: 0 },
    restoredFrom: null,
    logToC: [],
    ackFromC: [],
  };
}

/**
 * A copy of a state that the reducer may change in place without touching
 * the original: every object and array the reducer writes to is new; entries
 * and outputs, which the reducer never changes (it replaces them), are
 * shared. The explorer's fast path uses it instead of decoding a copy.
 *
 * With `spare` false (the core model) the reducer never writes to c or to
 * c's channels, so those are shared too: the core pays nothing for them.
 */
export function cloneForUpdate(s: State, spare = true): State {
  const l = s.links;
  return {
    vms: { p: cloneVm(s.vms.p), b: cloneVm(s.vms.b), c: spare ? cloneVm(s.vms.c) : s.vms.c },
    arbiter: s.arbiter,
    links: { 'p-b': l['p-b'], 'p-s': l['p-s'], 'b-s': l['b-s'], 'p-c': l['p-c'], 'b-c': l['b-c'], 'c-s': l['c-s'] },
    owner: s.owner,
    logChannel: s.logChannel.slice(),
    ackChannel: s.ackChannel.slice(),
    outputs: s.outputs.slice(),
    client: { sent: s.client.sent.slice(), inFlight: s.client.inFlight.slice(), received: s.client.received.slice() },
    faults: { crashes: s.faults.crashes, cuts: s.faults.cuts },
    restoredFrom: s.restoredFrom,
    logToC: spare ? s.logToC.slice() : s.logToC,
    ackFromC: spare ? s.ackFromC.slice() : s.ackFromC,
  };
}

function cloneVm(vm: Vm): Vm {
  return {
    mode: vm.mode,
    paired: vm.paired,
    log: vm.log.slice(),
    replayed: vm.replayed.slice(),
    acked: vm.acked,
    suspects: vm.suspects,
    goingLive: vm.goingLive,
  };
}
