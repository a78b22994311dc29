/**
 * The actions of the view-service model, as trace files store them. An
 * action is flat (a message's fields sit beside `type`), because replay
 * matches actions by their top-level keys. Parsing rebuilds every action
 * field by field, in one key order, so that a hand-written trace with its
 * keys in another order still names the same action.
 */
import { SERVERS, type Message, type Req, type ServerId } from './state.ts';

export type Action =
  | { type: 'send'; req: Req }
  | { type: 'retry'; req: Req }
  | { type: 'ping'; server: ServerId }
  | { type: 'declareDead'; server: ServerId }
  | { type: 'advance' }
  | ({ type: 'receive' } & Message)
  | { type: 'crash'; server: ServerId }
  | { type: 'delay'; server: ServerId }
  | ({ type: 'lose' } & Message);

export const ACTION_TYPES: readonly Action['type'][] = ['send', 'retry', 'ping', 'declareDead', 'advance', 'receive', 'crash', 'delay', 'lose'];

export function isFault(a: Action): boolean {
  return a.type === 'crash' || a.type === 'delay' || a.type === 'lose';
}

/** The message a `receive` or `lose` action is about. */
export function messageOf(a: Action & { kind: Message['kind'] }): Message {
  const { type: _type, ...m } = a;
  return m as Message;
}

export function formatLog(log: readonly Req[]): string {
  return `[${log.map((r) => `r${r}`).join(' ')}]`;
}

export function formatMessage(m: Message): string {
  switch (m.kind) {
    case 'request':
      return `request r${m.req} to ${m.to}`;
    case 'forward':
    case 'forwardOk':
    case 'forwardNo':
      return `${m.kind} r${m.req} view ${m.view} ${m.from}->${m.to}`;
    case 'copy':
      return `copy ${formatLog(m.log)} view ${m.view} ${m.from}->${m.to}`;
    case 'copyOk':
      return `copyOk view ${m.view} ${m.from}->${m.to}`;
    case 'reply':
      return `reply r${m.req} ${formatLog(m.log)} view ${m.view} from ${m.from}`;
  }
}

/** One short line: `ping(s2)`, `receive(forward r1 view 1 s1->s2)`. */
export function formatAction(a: Action): string {
  switch (a.type) {
    case 'send':
    case 'retry':
      return `${a.type}(r${a.req})`;
    case 'ping':
    case 'declareDead':
    case 'crash':
    case 'delay':
      return `${a.type}(${a.server})`;
    case 'advance':
      return 'advance';
    case 'receive':
    case 'lose':
      return `${a.type}(${formatMessage(messageOf(a))})`;
  }
}

/** Reads an action from a trace file; throws with a one-line message. */
export function parseAction(value: unknown, config: { requests: number }): Action {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('an action must be an object');
  const v = value as Record<string, unknown>;
  const req = (key = 'req'): Req => {
    const r = v[key];
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > config.requests) throw new Error(`"${key}" must be a request 1..${config.requests}`);
    return r;
  };
  const server = (key: string): ServerId => {
    const s = v[key];
    if (typeof s !== 'string' || !SERVERS.includes(s as ServerId)) throw new Error(`"${key}" must be one of ${SERVERS.join(', ')}`);
    return s as ServerId;
  };
  const count = (key: string): number => {
    const n = v[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new Error(`"${key}" must be a whole number`);
    return n;
  };
  const known = (keys: string[]) => {
    for (const k of Object.keys(v)) if (!keys.includes(k)) throw new Error(`unexpected field "${k}" in a ${String(v.type)} action`);
  };
  const message = (): Message => {
    switch (v.kind) {
      case 'request':
        known(['type', 'kind', 'req', 'to']);
        return { kind: 'request', req: req(), to: server('to') };
      case 'forward':
      case 'forwardOk':
      case 'forwardNo':
        known(['type', 'kind', 'view', 'req', 'from', 'to']);
        return { kind: v.kind, view: count('view'), req: req(), from: server('from'), to: server('to') };
      case 'copy':
        known(['type', 'kind', 'view', 'log', 'from', 'to']);
        return { kind: 'copy', view: count('view'), log: logOf(v.log, config.requests), from: server('from'), to: server('to') };
      case 'copyOk':
        known(['type', 'kind', 'view', 'from', 'to']);
        return { kind: 'copyOk', view: count('view'), from: server('from'), to: server('to') };
      case 'reply':
        known(['type', 'kind', 'req', 'view', 'from', 'log', 'n']);
        return { kind: 'reply', req: req(), view: count('view'), from: server('from'), log: logOf(v.log, config.requests), n: count('n') };
      default:
        throw new Error(`"kind" must be request, forward, forwardOk, forwardNo, copy, copyOk or reply`);
    }
  };
  switch (v.type) {
    case 'send':
    case 'retry':
      known(['type', 'req']);
      return { type: v.type, req: req() };
    case 'ping':
    case 'declareDead':
    case 'crash':
    case 'delay':
      known(['type', 'server']);
      return { type: v.type, server: server('server') };
    case 'advance':
      known(['type']);
      return { type: 'advance' };
    case 'receive':
    case 'lose':
      return { type: v.type, ...message() };
    default:
      throw new Error(`unknown action type ${JSON.stringify(v.type)} (types: ${ACTION_TYPES.join(', ')})`);
  }
}

function logOf(value: unknown, requests: number): Req[] {
  if (!Array.isArray(value) || !value.every((r) => typeof r === 'number' && Number.isInteger(r) && r >= 1 && r <= requests)) {
    throw new Error(`"log" must be a list of requests 1..${requests}`);
  }
  return [...value] as Req[];
}
