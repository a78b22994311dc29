/**
 * The view-service design as a model: which actions are enabled in a state
 * (in a fixed order, never a disabled one) and what each does. Effects are
 * data: a server that sends puts a message in `network`, and delivering,
 * losing, crashing and the view service's timer are actions the checker
 * chooses. The reducer is an immer recipe, so `next` never mutates its
 * argument and the engine's in-place fast path can use the recipe itself.
 *
 * Each knob removes one guard; `Design` names the guards, so the code below
 * reads as the design and the knobs read as its exceptions.
 */
import { produce } from 'immer';
import { formatAction, messageOf, type Action } from './actions.ts';
import { SERVERS, answered, messageKey, reqOf, type Config, type Message, type Req, type Server, type ServerId, type State, type View } from './state.ts';

export interface Design {
  requests: number;
  crashes: number;
  delays: number;
  losses: number;
  /** The view service advances only once the primary has acknowledged the current view. */
  primaryAck: boolean;
  /** A server accepts a forwarded operation only in the view it was forwarded in. */
  rejectStale: boolean;
  /** The primary replies only after the backup's answer. */
  waitForBackup: boolean;
  /** A new backup serves only once the primary's state is copied to it, and the primary waits for that. */
  copyState: boolean;
}

export function designOf(c: Config): Design {
  const off = (k: string) => c.knobs.includes(k);
  return {
    requests: c.requests,
    crashes: c.crashes,
    delays: c.delays,
    losses: c.losses,
    primaryAck: !off('no-primary-ack'),
    rejectStale: !off('accept-stale-view'),
    waitForBackup: !off('reply-before-backup'),
    copyState: !off('serve-before-copy'),
  };
}

/** The view the view service moves to next, or null when it has none to move to. */
export function nextView(s: State): View | null {
  const { primary, backup, num } = s.vs.view;
  const dead = (x: ServerId) => s.vs.dead.includes(x);
  const spare = SERVERS.find((x) => x !== primary && x !== backup && !dead(x)) ?? null;
  if (dead(primary)) return backup && !dead(backup) ? { num: num + 1, primary: backup, backup: spare } : null;
  if (backup && dead(backup)) return { num: num + 1, primary, backup: spare };
  if (!backup && spare) return { num: num + 1, primary, backup: spare };
  return null;
}

const isPrimary = (x: Server, id: ServerId) => x.view.primary === id;
/** A primary takes one request at a time, and none before its backup holds the state. */
const busy = (x: Server, id: ServerId) => isPrimary(x, id) && (!x.synced || x.pending !== null);

function canPing(s: State, id: ServerId): boolean {
  const x = s.servers[id];
  if (!x.up) return false;
  return x.view.num < s.vs.view.num || (s.vs.view.primary === id && x.view.num === s.vs.view.num && x.synced && !s.vs.acked);
}

function deliverable(s: State, m: Message): boolean {
  if (m.kind === 'reply') return true;
  const x = s.servers[m.to];
  switch (m.kind) {
    case 'request':
      return !busy(x, m.to);
    // A message of a view the receiver has not learned yet waits for its next ping.
    case 'forward':
    case 'copy':
      return x.view.num >= m.view;
    default:
      return true;
  }
}

/** Nothing about the request is in flight or in progress: the client's retry timer may fire. */
function quiet(s: State, r: Req): boolean {
  return !s.network.some((m) => reqOf(m) === r) && !SERVERS.some((id) => s.servers[id].up && s.servers[id].pending === r);
}

export function enabledActions(s: State, d: Design): Action[] {
  const out: Action[] = [];
  for (let r = 1; r <= d.requests; r++) if (!s.client.sent.includes(r)) out.push({ type: 'send', req: r });
  for (const r of s.client.sent) if (!answered(s, r) && quiet(s, r)) out.push({ type: 'retry', req: r });
  for (const id of SERVERS) if (canPing(s, id)) out.push({ type: 'ping', server: id });
  for (const id of SERVERS) if (!s.servers[id].up && !s.vs.dead.includes(id)) out.push({ type: 'declareDead', server: id });
  if ((s.vs.acked || !d.primaryAck) && nextView(s)) out.push({ type: 'advance' });
  const seen = new Set<string>();
  for (const m of s.network) {
    const key = messageKey(m);
    if (seen.has(key)) continue;
    seen.add(key);
    if (deliverable(s, m)) out.push({ type: 'receive', ...m });
  }
  if (s.faults.crashes < d.crashes) for (const id of SERVERS) if (s.servers[id].up) out.push({ type: 'crash', server: id });
  if (s.faults.delays < d.delays) {
    const { primary, backup } = s.vs.view;
    for (const id of SERVERS) {
      if ((id === primary || id === backup) && s.servers[id].up && !s.vs.dead.includes(id)) out.push({ type: 'delay', server: id });
    }
  }
  if (s.faults.losses < d.losses) {
    seen.clear();
    for (const m of s.network) {
      const key = messageKey(m);
      if ((m.kind === 'request' || m.kind === 'reply') && !seen.has(key)) out.push({ type: 'lose', ...m });
      seen.add(key);
    }
  }
  return out;
}

export function next(s: State, a: Action, d: Design): State {
  return produce(s, (draft) => apply(draft, a, d));
}

/** The recipe: applies an enabled action to a draft (or a private copy) in place. */
export function apply(s: State, a: Action, d: Design): void {
  switch (a.type) {
    case 'send':
      s.client.sent.push(a.req);
      s.client.sent.sort((x, y) => x - y);
      return sendRequest(s, a.req);
    case 'retry':
      return sendRequest(s, a.req);
    case 'ping':
      return ping(s, a.server, d);
    case 'declareDead':
    case 'delay':
      if (a.type === 'delay') s.faults.delays++;
      s.vs.dead.push(a.server);
      s.vs.dead.sort();
      return;
    case 'advance':
      s.vs.view = nextView(s)!;
      s.vs.acked = false;
      return;
    case 'receive': {
      const m = messageOf(a);
      take(s, m);
      return receive(s, m, d);
    }
    case 'crash':
      s.faults.crashes++;
      s.servers[a.server].up = false;
      s.network = s.network.filter((m) => m.kind === 'reply' || m.to !== a.server);
      return;
    case 'lose':
      s.faults.losses++;
      return take(s, messageOf(a));
  }
}

/** The client asks the view service for the view and sends to its primary. */
function sendRequest(s: State, r: Req): void {
  send(s, { kind: 'request', req: r, to: s.vs.view.primary });
}

function ping(s: State, id: ServerId, d: Design): void {
  const x = s.servers[id];
  if (s.vs.view.primary === id && x.view.num === s.vs.view.num) {
    s.vs.acked = true;
    return;
  }
  // A newer view: take up its role. An operation waiting for the old backup's answer is dropped; the client retries it.
  const v = s.vs.view;
  x.view = { ...v };
  x.pending = null;
  x.synced = false;
  if (v.primary === id) {
    if (v.backup !== null) send(s, { kind: 'copy', view: v.num, log: [...x.log], from: id, to: v.backup });
    // Without a backup there is nothing to copy; under serve-before-copy the primary does not wait for the copy's answer.
    x.synced = v.backup === null || !d.copyState;
  }
}

function receive(s: State, m: Message, d: Design): void {
  if (m.kind === 'reply') {
    if (!answered(s, m.req)) s.client.accepted.push({ req: m.req, view: m.view, from: m.from, log: m.log, n: m.n });
    return;
  }
  const x = s.servers[m.to];
  switch (m.kind) {
    case 'request': {
      // Only the primary of the view it holds serves; anyone else drops the request and the client retries.
      if (!isPrimary(x, m.to)) return;
      const backup = x.view.backup;
      if (backup === null) return applyAndReply(s, m.to, m.req);
      x.pending = m.req;
      send(s, { kind: 'forward', view: x.view.num, req: m.req, from: m.to, to: backup });
      if (!d.waitForBackup) applyAndReply(s, m.to, m.req);
      return;
    }
    case 'forward': {
      const current = x.view.num === m.view && x.view.backup === m.to && (x.synced || !d.copyState);
      const stale = x.view.num > m.view && !d.rejectStale;
      if (current || stale) {
        x.log.push(m.req);
        send(s, { kind: 'forwardOk', view: m.view, req: m.req, from: m.to, to: m.from });
      } else {
        send(s, { kind: 'forwardNo', view: m.view, req: m.req, from: m.to, to: m.from });
      }
      return;
    }
    case 'forwardOk':
    case 'forwardNo':
      if (x.pending !== m.req || x.view.num !== m.view) return;
      x.pending = null;
      if (m.kind === 'forwardOk' && d.waitForBackup) applyAndReply(s, m.to, m.req);
      return;
    case 'copy':
      if (x.view.num !== m.view || x.view.backup !== m.to) return;
      x.log = [...m.log];
      x.synced = true;
      return send(s, { kind: 'copyOk', view: m.view, from: m.to, to: m.from });
    case 'copyOk':
      if (x.view.num === m.view && isPrimary(x, m.to)) x.synced = true;
      return;
  }
}

function applyAndReply(s: State, id: ServerId, r: Req): void {
  const x = s.servers[id];
  x.log.push(r);
  s.produced++;
  send(s, { kind: 'reply', req: r, view: x.view.num, from: id, log: [...x.log], n: s.produced });
}

/** Puts a message in the network, kept sorted; a message to a crashed server is lost at once. */
function send(s: State, m: Message): void {
  if (m.kind !== 'reply' && !s.servers[m.to].up) return;
  const key = messageKey(m);
  const at = s.network.findIndex((x) => messageKey(x) > key);
  if (at < 0) s.network.push(m);
  else s.network.splice(at, 0, m);
}

function take(s: State, m: Message): void {
  const key = messageKey(m);
  const at = s.network.findIndex((x) => messageKey(x) === key);
  s.network.splice(at, 1);
}

/**
 * Weak fairness: every protocol step that stays enabled eventually happens,
 * and so does declaring a crashed server dead (its pings have stopped).
 * Faults (a crash, pings delayed past the deadline, a lost message) never
 * have to.
 */
export function fairness(_s: State, a: Action): string | null {
  if (a.type === 'crash' || a.type === 'delay' || a.type === 'lose') return null;
  return formatAction(a);
}
