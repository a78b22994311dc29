/**
 * The state of the view-service design: the view service's current view and
 * what it knows, three servers with the view each last learned and its copy
 * of the key-value state, the client, and the messages in flight. Plain JSON
 * (no Map, Set, class or undefined), so that states encode, compare and
 * show as they are; the network is a sorted list, so that one bag of
 * messages has one representation.
 *
 * The key-value state is an append log: each client operation appends its
 * request to one log, and the reply carries the log as the primary holds it
 * after the append. A reply is then a history, and "one reply contradicts
 * another" has a plain meaning: neither history is a prefix of the other.
 */
export type ServerId = 's1' | 's2' | 's3';
export const SERVERS: readonly ServerId[] = ['s1', 's2', 's3'];

/** Request r1..rN is the number 1..N. */
export type Req = number;

export interface View {
  num: number;
  primary: ServerId;
  backup: ServerId | null;
}

export interface Server {
  up: boolean;
  /** The view this server last learned from the view service. */
  view: View;
  /** The key-value state: the operations applied, in order. */
  log: Req[];
  /** Primary: its backup holds the state (or it has none). Backup: it has received the state. */
  synced: boolean;
  /** Primary: the request forwarded to the backup, waiting for its answer. */
  pending: Req | null;
}

export interface ViewService {
  view: View;
  /** The primary of `view` has pinged with `view.num` (holding the view, its backup synced). */
  acked: boolean;
  /** Servers declared dead, in server order. */
  dead: ServerId[];
}

/** A reply as the client accepted it: which primary sent it, in which view, with which history. */
export interface Reply {
  req: Req;
  view: number;
  from: ServerId;
  log: Req[];
  /** Replies produced so far when this one was (a ghost: when it was sent, not when it arrived). */
  n: number;
}

export type Message =
  | { kind: 'request'; req: Req; to: ServerId }
  | { kind: 'forward'; view: number; req: Req; from: ServerId; to: ServerId }
  | { kind: 'forwardOk'; view: number; req: Req; from: ServerId; to: ServerId }
  | { kind: 'forwardNo'; view: number; req: Req; from: ServerId; to: ServerId }
  | { kind: 'copy'; view: number; log: Req[]; from: ServerId; to: ServerId }
  | { kind: 'copyOk'; view: number; from: ServerId; to: ServerId }
  | ({ kind: 'reply' } & Reply);

export interface State {
  vs: ViewService;
  servers: Record<ServerId, Server>;
  client: {
    /** Requests sent at least once. */
    sent: Req[];
    /** The first reply accepted for each answered request, in the order accepted. */
    accepted: Reply[];
  };
  network: Message[];
  /** Replies produced so far (the ghost counter behind `Reply.n`). */
  produced: number;
  /** Faults used so far, against the configuration's budgets. */
  faults: { crashes: number; delays: number; losses: number };
}

export interface Config {
  requests: number;
  crashes: number;
  delays: number;
  losses: number;
  knobs: readonly string[];
}

/** View 1 is set up: s1 primary, s2 backup with the (empty) state, s3 a spare; the view service has s1's acknowledgement. */
export function initialState(): State {
  const view: View = { num: 1, primary: 's1', backup: 's2' };
  const server = (): Server => ({ up: true, view, log: [], synced: true, pending: null });
  return {
    vs: { view, acked: true, dead: [] },
    servers: { s1: server(), s2: server(), s3: { ...server(), synced: false } },
    client: { sent: [], accepted: [] },
    network: [],
    produced: 0,
    faults: { crashes: 0, delays: 0, losses: 0 },
  };
}

export function answered(s: State, r: Req): boolean {
  return s.client.accepted.some((a) => a.req === r);
}

/** `a` is a prefix of `b`: the history `b` continues `a`. */
export function isPrefix(a: readonly Req[], b: readonly Req[]): boolean {
  return a.length <= b.length && a.every((r, i) => b[i] === r);
}

/** The request a message is about, if any. */
export function reqOf(m: Message): Req | null {
  return 'req' in m ? m.req : null;
}

export function messageKey(m: Message): string {
  return JSON.stringify(m);
}
