/**
 * From what the implementation's processes say and what the network holds
 * to the model's `State`. The model merges states the implementation keeps
 * apart (spec/README.md, "Modelling choices"), and the mapping merges them
 * the same way: packets in flight are sets (identical copies are one); a
 * stopped VM keeps no state (a crashed process, a halted VM); messages that
 * can never be delivered are not in flight (log entries once the backup no
 * longer accepts them, acks once the primary no longer waits for them).
 * Test-and-set requests and replies are not in the state at all: the
 * model's `testAndSet` is one step.
 */
import { blankVm } from '../spec/init.ts';
import { compareOutputs, type Entry, type LinkId, type Nd, type Output, type State, type Vm, type VmId } from '../spec/state.ts';
import type { Frame } from '../src/conform/router.ts';

/** The core model's links: the implementation has no spare host (Extension R is the model's only). */
export type CoreLinkId = Extract<LinkId, 'p-b' | 'p-s' | 'b-s'>;

/** The hosts of the implementation: the two VMs, the arbiter `s`, the client `c`. */
export const LINK_HOSTS: Record<CoreLinkId, [string, string]> = { 'p-b': ['p', 'b'], 'p-s': ['p', 's'], 'b-s': ['b', 's'] };

export interface VmStatus {
  mode: 'primary' | 'backup' | 'halted';
  paired?: boolean;
  log?: Entry[];
  replayed?: Entry[];
  acked?: number;
  suspects?: boolean;
  goingLive?: boolean;
}

export interface Observed {
  /** Absent: the process is not running (it was killed). */
  vms: Partial<Record<VmId, VmStatus>>;
  arbiter: { flag: string | null };
  client: { sent: number[]; received: { seq: number; req: number; nd: number; from: string }[] };
  frames: readonly Frame[];
  links: Record<CoreLinkId, boolean>;
  owner: string;
  faults: { crashes: number; cuts: number };
}

export function vmOf(s: VmStatus | undefined): Vm {
  if (s === undefined) return blankVm('crashed');
  if (s.mode === 'halted') return blankVm('halted');
  return {
    mode: s.mode,
    paired: s.paired ?? false,
    log: (s.log ?? []).map(entry),
    replayed: (s.replayed ?? []).map(entry),
    acked: s.acked ?? 0,
    suspects: s.suspects ?? false,
    goingLive: s.goingLive ?? false,
  };
}

/** The backup still takes log entries; the primary still waits for acks. */
export const acceptsLog = (b: Vm) => b.mode === 'backup' && !b.suspects;
export const awaitsAcks = (p: Vm) => p.mode === 'primary' && p.paired;

export function mapState(o: Observed): State {
  const p = vmOf(o.vms.p);
  const b = vmOf(o.vms.b);
  const held = (from: string, to: string, type: string) => o.frames.filter((f) => f.from === from && f.to === to && f.m.type === type);
  const outputs: Output[] = [];
  for (const v of ['p', 'b'] as const) for (const f of held(v, 'c', 'out')) addOutput(outputs, { ...entry(f.m as unknown as Entry), from: v });
  const received: Output[] = [];
  for (const r of o.client.received) addOutput(received, { ...entry(r), from: r.from as VmId });
  return {
    vms: { p, b, c: blankVm('spare') },
    arbiter: o.arbiter.flag === 'p' || o.arbiter.flag === 'b' ? o.arbiter.flag : null,
    links: { ...o.links, 'p-c': true, 'b-c': true, 'c-s': true },
    owner: o.owner === 'b' ? 'b' : 'p',
    logChannel: acceptsLog(b) ? held('p', 'b', 'log').map((f) => entry(f.m.entry as Entry)) : [],
    ackChannel: awaitsAcks(p) ? held('b', 'p', 'ack').map((f) => f.m.seq as number) : [],
    outputs,
    client: {
      sent: [...o.client.sent].sort((x, y) => x - y),
      inFlight: [...new Set(held('c', 'service', 'req').map((f) => f.m.req as number))].sort((x, y) => x - y),
      received,
    },
    faults: { ...o.faults },
    restoredFrom: null,
    logToC: [],
    ackFromC: [],
  };
}

function entry(e: { seq: number; req: number; nd: number }): Entry {
  return { seq: e.seq, req: e.req, nd: e.nd as Nd };
}

function addOutput(set: Output[], o: Output): void {
  if (set.some((x) => compareOutputs(x, o) === 0)) return;
  set.push(o);
  set.sort(compareOutputs);
}
