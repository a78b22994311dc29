/**
 * The actions of the model, in the protocol's own vocabulary. Each is one
 * transition; the checker chooses which enabled one happens next. An action
 * names everything that decides its effect, so a trace can be replayed by
 * action: `deliverRequest` carries the value the execution sees, `apply`
 * carries the value the backup picks when non-determinism is not logged.
 */
import type { LinkId, Nd, Req, VmId } from './state.ts';

export type Action =
  | { type: 'send'; req: Req }
  | { type: 'retry'; req: Req }
  /** `nd` is present exactly when the owner executes the request now. */
  | { type: 'deliverRequest'; req: Req; nd?: Nd }
  | { type: 'deliverLog' }
  /** `nd` is present exactly when the backup picks its own value (knob unlogged-nondeterminism). */
  | { type: 'apply'; nd?: Nd }
  | { type: 'deliverAck' }
  | { type: 'deliverOutput'; seq: number; req: Req; nd: Nd; from: VmId }
  | { type: 'timeout'; vm: VmId }
  | { type: 'testAndSet'; vm: VmId }
  | { type: 'goLive'; vm: VmId }
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
  'crash',
  'cut',
  'heal',
];

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
      return 'b';
    case 'deliverAck':
      return 'p';
    case 'timeout':
    case 'testAndSet':
    case 'goLive':
    case 'crash':
      return a.vm;
    case 'cut':
    case 'heal':
      return 'net';
  }
}

/** One short line: `crash(p)`, `deliverRequest(r1, nd=0)`. */
export function formatAction(a: Action): string {
  switch (a.type) {
    case 'send':
    case 'retry':
      return `${a.type}(r${a.req})`;
    case 'deliverRequest':
      return a.nd === undefined ? `deliverRequest(r${a.req})` : `deliverRequest(r${a.req}, nd=${a.nd})`;
    case 'deliverLog':
    case 'deliverAck':
      return a.type;
    case 'apply':
      return a.nd === undefined ? 'apply' : `apply(nd=${a.nd})`;
    case 'deliverOutput':
      return `deliverOutput(${formatOutput(a)})`;
    case 'timeout':
    case 'testAndSet':
    case 'goLive':
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
