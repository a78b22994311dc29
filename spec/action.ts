/**
 * The actions of the model, in the protocol's own vocabulary. Each is one
 * transition; the checker chooses which enabled one happens next. An action
 * names everything that decides its effect, so a trace can be replayed by
 * action: `deliverRequest` carries the value the execution sees, `apply`
 * carries the value the backup picks when non-determinism is not logged.
 *
 * `deliverLog`, `apply` and `deliverAck` name the VM that receives or
 * replays in `vm`, left out for the core roles (b receives and replays, p
 * gets the acks), so every core action reads as it always did. A VM has at
 * most one channel it receives on at a time (its current peer's), so the VM
 * is enough to name the channel.
 */
import type { LinkId, Nd, Req, VmId } from './state.ts';

export type Action =
  | { type: 'send'; req: Req }
  | { type: 'retry'; req: Req }
  /** `nd` is present exactly when the owner executes the request now. */
  | { type: 'deliverRequest'; req: Req; nd?: Nd }
  /** `vm`: the backup that receives (absent: b). */
  | { type: 'deliverLog'; vm?: 'c' }
  /** `vm`: the backup that replays (absent: b). `nd` is present exactly when it picks its own value (knob unlogged-nondeterminism). */
  | { type: 'apply'; vm?: 'c'; nd?: Nd }
  /** `vm`: the primary the ack reaches (absent: p). */
  | { type: 'deliverAck'; vm?: 'b' }
  | { type: 'deliverOutput'; seq: number; req: Req; nd: Nd; from: VmId }
  | { type: 'timeout'; vm: VmId }
  | { type: 'testAndSet'; vm: VmId }
  | { type: 'goLive'; vm: VmId }
  /** Extension R: the cluster service starts c as the new backup of `vm`. */
  | { type: 'restore'; vm: 'p' | 'b' }
  | { type: 'crash'; vm: VmId }
  | { type: 'cut'; link: LinkId }
  | { type: 'heal'; link: LinkId };

export type ActionType = Action['type'];

/** Faults: chosen by the environment, bounded by budgets, never weakly fair. */
export const FAULT_TYPES: readonly ActionType[] = ['crash', 'cut'];

export const ACTION_TYPES: readonly ActionType[] = [
  'send',
  'retry',
  'deliverRequest',
  'deliverLog',
  'apply',
  'deliverAck',
  'deliverOutput',
  'timeout',
  'testAndSet',
  'goLive',
  'restore',
  'crash',
  'cut',
  'heal',
];

/** The VM that receives a log entry, replays, or gets an ack. */
export function receiverOf(a: { type: 'deliverLog' | 'apply' | 'deliverAck'; vm?: VmId }): VmId {
  return a.vm ?? (a.type === 'deliverAck' ? 'p' : 'b');
}

/** Who acts: the actor whose lane a diagram puts the action on. */
export function actorOf(a: Action): 'client' | VmId | 'net' {
  switch (a.type) {
    case 'send':
    case 'retry':
    case 'deliverOutput':
      return 'client';
    case 'deliverRequest':
      return 'net';
    case 'deliverLog':
    case 'apply':
    case 'deliverAck':
      return receiverOf(a);
    case 'timeout':
    case 'testAndSet':
    case 'goLive':
    case 'restore':
    case 'crash':
      return a.vm;
    case 'cut':
    case 'heal':
      return 'net';
  }
}

/** One short line: `crash(p)`, `deliverRequest(r1, nd=0)`, `deliverLog(c)`. */
export function formatAction(a: Action): string {
  switch (a.type) {
    case 'send':
    case 'retry':
      return `${a.type}(r${a.req})`;
    case 'deliverRequest':
      return a.nd === undefined ? `deliverRequest(r${a.req})` : `deliverRequest(r${a.req}, nd=${a.nd})`;
    case 'deliverLog':
    case 'deliverAck':
      return a.vm === undefined ? a.type : `${a.type}(${a.vm})`;
    case 'apply': {
      const args = [...(a.vm === undefined ? [] : [a.vm]), ...(a.nd === undefined ? [] : [`nd=${a.nd}`])];
      return args.length === 0 ? 'apply' : `apply(${args.join(', ')})`;
    }
    case 'deliverOutput':
      return `deliverOutput(${formatOutput(a)})`;
    case 'timeout':
    case 'testAndSet':
    case 'goLive':
    case 'restore':
    case 'crash':
      return `${a.type}(${a.vm})`;
    case 'cut':
    case 'heal':
      return `${a.type}(${a.link})`;
  }
}

export function formatOutput(o: { seq: number; req: Req; nd: Nd; from?: VmId }): string {
  return `#${o.seq} r${o.req} nd=${o.nd}${o.from ? ` from ${o.from}` : ''}`;
}
