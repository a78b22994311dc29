/**
 * The state of the protocol: two VMs, the arbiter's flag, three links, the
 * logging channel, the client and the packets between them. Plain JSON data
 * (no Map, Set, class or undefined) so that states can be encoded, compared,
 * stored in traces and shown as they are.
 *
 * Sets are kept as sorted arrays without repeats, so that one set has one
 * representation.
 */

export type VmId = 'p' | 'b';
export const VMS: readonly VmId[] = ['p', 'b'];

export type LinkId = 'p-b' | 'p-s' | 'b-s';
export const LINKS: readonly LinkId[] = ['p-b', 'p-s', 'b-s'];

export type Mode = 'primary' | 'backup' | 'halted' | 'crashed';

/** Request r1..rN is the number 1..N. */
export type Req = number;
/** The non-deterministic value an execution saw (think of a clock read). */
export type Nd = 0 | 1;

/** One executed (or received, or replayed) request: its position, the request, the value it saw. */
export interface Entry {
  seq: number;
  req: Req;
  nd: Nd;
}

/** An output packet: the entry whose execution produced it, and the VM that sent it. */
export interface Output extends Entry {
  from: VmId;
}

export interface Vm {
  mode: Mode;
  /** Primary only: still works with a backup (has not gone live alone). */
  paired: boolean;
  /** Primary: the entries it executed. Backup: the entries it received. */
  log: Entry[];
  /**
   * Backup: the entries it has replayed, as it replayed them (the brief's
   * `applied` is `replayed.length`). With logged non-determinism each equals
   * the received entry; without it the value may differ.
   */
  replayed: Entry[];
  /** Primary: the highest seq the backup has acknowledged. */
  acked: number;
  /** Has timed out on its peer and wants to go live. */
  suspects: boolean;
  /** Has won the test-and-set (or, under a knob, decided without it) and will go live. */
  goingLive: boolean;
}

export interface Client {
  /** Requests sent at least once. */
  sent: Req[];
  /** Requests in flight to the service address (a set: a retry waits until no copy is in flight). */
  inFlight: Req[];
  /** Outputs received, with the VM each came from. */
  received: Output[];
}

export interface State {
  vms: Record<VmId, Vm>;
  /** The test-and-set flag on shared storage: who set it, or null while free. */
  arbiter: VmId | null;
  /** true while the link is up. */
  links: Record<LinkId, boolean>;
  /** The VM that owns the service address: requests are delivered there. */
  owner: VmId;
  /** Log entries p -> b, FIFO. */
  logChannel: Entry[];
  /** Acknowledged seqs b -> p, FIFO. */
  ackChannel: number[];
  /** Output packets in flight to the client. */
  outputs: Output[];
  client: Client;
  /** Faults used so far, against the configuration's budgets. */
  faults: { crashes: number; cuts: number };
}

export function isUp(vm: Vm): boolean {
  return vm.mode === 'primary' || vm.mode === 'backup';
}

export function peerOf(v: VmId): VmId {
  return v === 'p' ? 'b' : 'p';
}

export function compareOutputs(a: Output, b: Output): number {
  return a.seq - b.seq || a.req - b.req || a.nd - b.nd || (a.from === b.from ? 0 : a.from === 'p' ? -1 : 1);
}

export function sameEntry(a: Entry, b: Entry): boolean {
  return a.seq === b.seq && a.req === b.req && a.nd === b.nd;
}
