/** The initial state: p is the paired primary and owns the address, b replays, everything is up. */
import type { State, Vm } from './state.ts';

export function blankVm(mode: Vm['mode']): Vm {
  return { mode, paired: false, log: [], replayed: [], acked: 0, suspects: false, goingLive: false };
}

export function initialState(): State {
  return {
    vms: { p: { ...blankVm('primary'), paired: true }, b: blankVm('backup') },
    arbiter: null,
    links: { 'p-b': true, 'p-s': true, 'b-s': true },
    owner: 'p',
    logChannel: [],
    ackChannel: [],
    outputs: [],
    client: { sent: [], inFlight: [], received: [] },
    faults: { crashes: 0, cuts: 0 },
  };
}
