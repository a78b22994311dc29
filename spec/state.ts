/**
 * The state of the protocol: three hosts (p and b run the replicated VM, c is
 * a spare that Extension R may start as a new backup), the arbiter's flag,
 * six links, the logging channels, the client and the packets between them.
 * Plain JSON data (no Map, Set, class or undefined) so that states can be
 * encoded, compared, stored in traces and shown as they are.
 *
 * The core model never touches the spare, its links or its channels: they
 * keep their initial values, and the core encoding leaves them out, so a
 * core state has the bytes it always had (see encode.ts).
 *
 * Sets are kept as sorted arrays without repeats, so that one set has one
 * representation.
 */

export type VmId = 'p' | 'b' | 'c';
/** Every host, in the order actions and properties visit them. */
export const VMS: readonly VmId[] = ['p', 'b', 'c'];

export type LinkId = 'p-b' | 'p-s' | 'b-s' | 'p-c' | 'b-c' | 'c-s';
/** The core model's links, in their action order. */
export const LINKS: readonly LinkId[] = ['p-b', 'p-s', 'b-s'];
/** The links to the spare (Extension R), after the core ones. */
export const SPARE_LINKS: readonly LinkId[] = ['p-c', 'b-c', 'c-s'];
export const ALL_LINKS: readonly LinkId[] = [...LINKS, ...SPARE_LINKS];

/** `spare`: the host c before it is restored, not running anything. */
export type Mode = 'primary' | 'backup' | 'halted' | 'crashed' | 'spare';

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
  /** Primary: the highest seq its backup has acknowledged. */
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
  /** The test-and-set flag of the current generation: who set it, or null while free. */
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
  /**
   * Extension R: the VM the spare was restored from (c's primary, generation
   * 2 with c), or null while the spare is unused. With one spare there is
   * at most one restore, so this one field fixes every VM's peer and
   * generation (`peerOf`, `generationOf`).
   */
  restoredFrom: 'p' | 'b' | null;
  /** Extension R: log entries from c's primary to c, FIFO. */
  logToC: Entry[];
  /** Extension R: acknowledged seqs from c to its primary, FIFO. */
  ackFromC: number[];
}

export function isUp(vm: Vm): boolean {
  return vm.mode === 'primary' || vm.mode === 'backup';
}

/**
 * The VM a VM works with: p and b with each other, until a restore pairs the
 * restored VM with c. The VM that did not go live keeps its old peer.
 */
export function peerOf(s: State, v: VmId): VmId {
  if (v === 'c') return s.restoredFrom ?? 'p';
  if (v === s.restoredFrom) return 'c';
  return v === 'p' ? 'b' : 'p';
}

/** p and b start in generation 1; a restore puts the restored VM and c in generation 2. */
export function generationOf(s: State, v: VmId): number {
  return s.restoredFrom !== null && (v === 'c' || v === s.restoredFrom) ? 2 : 1;
}

/** The generation whose flag the arbiter grants now. */
export function currentGeneration(s: State): number {
  return s.restoredFrom === null ? 1 : 2;
}

const LINK_TABLE: Record<VmId, Record<VmId | 's', LinkId>> = {
  p: { p: 'p-b', b: 'p-b', c: 'p-c', s: 'p-s' },
  b: { p: 'p-b', b: 'p-b', c: 'b-c', s: 'b-s' },
  c: { p: 'p-c', b: 'b-c', c: 'p-c', s: 'c-s' },
};

/** The link between two different VMs, or from a VM to the arbiter ('s'). A table: guards ask on every transition. */
export function linkBetween(u: VmId, v: VmId | 's'): LinkId {
  return LINK_TABLE[u][v];
}

/**
 * The order of an output set: by seq; then p's and b's outputs before c's
 * (so a core state sorts as it always did); then by request, value and
 * sender. encode.ts writes outputs in this order.
 */
export function compareOutputs(a: Output, b: Output): number {
  return a.seq - b.seq || +(a.from === 'c') - +(b.from === 'c') || a.req - b.req || a.nd - b.nd || fromRank(a.from) - fromRank(b.from);
}

function fromRank(v: VmId): number {
  return v === 'p' ? 0 : v === 'b' ? 1 : 2;
}

export function sameEntry(a: Entry, b: Entry): boolean {
  return a.seq === b.seq && a.req === b.req && a.nd === b.nd;
}
