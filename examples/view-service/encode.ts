/**
 * A compact, canonical encoding of a state, so the search stores a few
 * dozen bytes per state instead of its JSON, and a cheap copy for the
 * engine's in-place fast path. Canonical because the state is: sets are
 * sorted lists or bit masks, and the network is kept sorted. Decoding
 * rebuilds every object with the key order the reducer gives it, because
 * the network's order is the order of its messages' JSON.
 */
import type { ByteReader, ByteWriter } from '../../src/index.ts';
import { SERVERS, type Message, type Reply, type Req, type Server, type ServerId, type State, type View } from './state.ts';

const KINDS: readonly Message['kind'][] = ['request', 'forward', 'forwardOk', 'forwardNo', 'copy', 'copyOk', 'reply'];
const sid = (id: ServerId) => SERVERS.indexOf(id);
const idOf = (i: number): ServerId => SERVERS[i];

function writeView(v: View, out: ByteWriter): void {
  out.varint(v.num);
  out.u8(sid(v.primary) | ((v.backup === null ? 3 : sid(v.backup)) << 2));
}

function readView(r: ByteReader): View {
  const num = r.varint();
  const b = r.u8();
  return { num, primary: idOf(b & 3), backup: b >> 2 === 3 ? null : idOf(b >> 2) };
}

function writeLog(log: readonly Req[], out: ByteWriter): void {
  out.u8(log.length);
  for (const x of log) out.u8(x);
}

function readLog(r: ByteReader): Req[] {
  const n = r.u8();
  const log: Req[] = [];
  for (let i = 0; i < n; i++) log.push(r.u8());
  return log;
}

function writeReply(a: Omit<Reply, never>, out: ByteWriter): void {
  out.u8(a.req);
  out.varint(a.view);
  out.u8(sid(a.from));
  writeLog(a.log, out);
  out.varint(a.n);
}

function readReply(r: ByteReader): Reply {
  const req = r.u8();
  const view = r.varint();
  const from = idOf(r.u8());
  const log = readLog(r);
  return { req, view, from, log, n: r.varint() };
}

function writeMessage(m: Message, out: ByteWriter): void {
  out.u8(KINDS.indexOf(m.kind));
  if (m.kind === 'reply') return writeReply(m, out);
  out.u8(sid(m.to));
  if (m.kind === 'request') return out.u8(m.req);
  out.u8(sid(m.from));
  out.varint(m.view);
  if (m.kind === 'copy') writeLog(m.log, out);
  else if (m.kind !== 'copyOk') out.u8(m.req);
}

function readMessage(r: ByteReader): Message {
  const kind = KINDS[r.u8()];
  if (kind === 'reply') return { kind, ...readReply(r) };
  const to = idOf(r.u8());
  if (kind === 'request') return { kind, req: r.u8(), to };
  const from = idOf(r.u8());
  const view = r.varint();
  if (kind === 'copy') return { kind, view, log: readLog(r), from, to };
  if (kind === 'copyOk') return { kind, view, from, to };
  return { kind, view, req: r.u8(), from, to };
}

export function encodeState(s: State, out: ByteWriter): void {
  writeView(s.vs.view, out);
  let dead = 0;
  for (const id of s.vs.dead) dead |= 1 << sid(id);
  out.u8((s.vs.acked ? 1 : 0) | (dead << 1));
  for (const id of SERVERS) {
    const x = s.servers[id];
    out.u8((x.up ? 1 : 0) | (x.synced ? 2 : 0));
    writeView(x.view, out);
    writeLog(x.log, out);
    out.u8(x.pending ?? 0);
  }
  let sent = 0;
  for (const r of s.client.sent) sent |= 1 << r;
  out.u8(sent);
  out.u8(s.client.accepted.length);
  for (const a of s.client.accepted) writeReply(a, out);
  out.u8(s.network.length);
  for (const m of s.network) writeMessage(m, out);
  out.varint(s.produced);
  out.u8(s.faults.crashes);
  out.u8(s.faults.delays);
  out.u8(s.faults.losses);
}

export function decodeState(r: ByteReader): State {
  const view = readView(r);
  const flags = r.u8();
  const vs = { view, acked: (flags & 1) === 1, dead: SERVERS.filter((_, i) => (flags >> 1) & (1 << i)) };
  const servers = {} as Record<ServerId, Server>;
  for (const id of SERVERS) {
    const f = r.u8();
    const v = readView(r);
    const log = readLog(r);
    const pending = r.u8();
    servers[id] = { up: (f & 1) === 1, view: v, log, synced: (f & 2) === 2, pending: pending === 0 ? null : pending };
  }
  const sentMask = r.u8();
  const sent: Req[] = [];
  for (let i = 1; i < 8; i++) if (sentMask & (1 << i)) sent.push(i);
  const accepted: Reply[] = [];
  for (let n = r.u8(); n > 0; n--) accepted.push(readReply(r));
  const network: Message[] = [];
  for (let n = r.u8(); n > 0; n--) network.push(readMessage(r));
  const produced = r.varint();
  const faults = { crashes: r.u8(), delays: r.u8(), losses: r.u8() };
  return { vs, servers, client: { sent, accepted }, network, produced, faults };
}

/** A copy the in-place reducer may change: every mutable part is new. */
export function cloneState(s: State): State {
  const server = (x: Server): Server => ({ up: x.up, view: x.view, log: [...x.log], synced: x.synced, pending: x.pending });
  return {
    vs: { view: s.vs.view, acked: s.vs.acked, dead: [...s.vs.dead] },
    servers: { s1: server(s.servers.s1), s2: server(s.servers.s2), s3: server(s.servers.s3) },
    client: { sent: [...s.client.sent], accepted: [...s.client.accepted] },
    network: [...s.network],
    produced: s.produced,
    faults: { ...s.faults },
  };
}
