/**
 * How a step of the view-service model reads and how it is drawn: plain
 * words worked out from the states before and after, and lanes (the
 * client, the view service, three servers) with an arrow for each message
 * as it arrives and a note for each local step. The text timeline, Mermaid
 * and the explorer all use these, so a trace reads the same everywhere.
 */
import type { DiagramEvent, Lane, StepWords } from '../../src/index.ts';
import { formatAction, formatLog, messageOf, type Action } from './actions.ts';
import { SERVERS, type Message, type ServerId, type State, type View } from './state.ts';

export const LANES: readonly Lane[] = [
  { id: 'client', label: 'client' },
  { id: 'vs', label: 'view service' },
  ...SERVERS.map((id) => ({ id, label: id })),
];

export function viewText(v: View): string {
  return `view ${v.num} (primary ${v.primary}, backup ${v.backup ?? 'none'})`;
}

export function narrate(before: State, a: Action, after: State): string {
  switch (a.type) {
    case 'send':
    case 'retry':
      return `client ${a.type === 'send' ? 'sends' : 'resends'} r${a.req} to ${before.vs.view.primary}, the primary of view ${before.vs.view.num}`;
    case 'ping': {
      const x = after.servers[a.server];
      if (after.vs.acked && !before.vs.acked) return `${a.server} pings with view ${x.view.num}: the view service has its acknowledgement`;
      const role = x.view.primary === a.server ? 'primary' : x.view.backup === a.server ? 'backup' : 'not in the view';
      const copy = after.network.length > before.network.length ? `, sends its state ${formatLog(x.log)} to ${x.view.backup}` : '';
      return `${a.server} pings and learns ${viewText(x.view)}: ${role}${copy}`;
    }
    case 'declareDead':
      return `view service hears no pings from ${a.server} and declares it dead`;
    case 'delay':
      return `${a.server}'s pings are late: the view service declares it dead, though it is alive`;
    case 'advance':
      return `view service moves to ${viewText(after.vs.view)}${before.vs.acked ? '' : ', without the primary having acknowledged view ' + before.vs.view.num}`;
    case 'receive':
      return received(before, messageOf(a), after);
    case 'crash':
      return `${a.server} crashes`;
    case 'lose':
      return `the network loses ${formatAction({ ...a, type: 'receive' }).slice('receive('.length, -1)}`;
  }
}

function received(before: State, m: Message, after: State): string {
  if (m.kind === 'reply') {
    const took = after.client.accepted.length > before.client.accepted.length;
    return `client ${took ? 'accepts' : 'ignores (already answered)'} the reply to r${m.req} from ${m.from} (view ${m.view}): ${formatLog(m.log)}`;
  }
  const x = after.servers[m.to];
  const was = before.servers[m.to];
  const replied = after.produced > before.produced;
  switch (m.kind) {
    case 'request': {
      if (x.pending === null && !replied) return `${m.to} is not the primary of its view ${was.view.num}: drops r${m.req}`;
      const fwd = x.pending === m.req ? `forwards r${m.req} to backup ${x.view.backup}` : '';
      const reply = replied ? `applies r${m.req}, replies ${formatLog(x.log)}` : '';
      return `${m.to} ${[fwd, reply].filter(Boolean).join(' and ')}`;
    }
    case 'forward':
      return x.log.length > was.log.length
        ? `${m.to} (view ${x.view.num}) accepts r${m.req} from view ${m.view}: log ${formatLog(x.log)}`
        : `${m.to} (view ${x.view.num}) rejects r${m.req} forwarded in view ${m.view}`;
    case 'forwardOk':
      if (replied) return `${m.to} has the backup's answer: applies r${m.req}, replies ${formatLog(x.log)}`;
      return was.pending === m.req && x.pending === null ? `${m.to} has the backup's answer for r${m.req}` : `${m.to} ignores a stale answer for r${m.req}`;
    case 'forwardNo':
      return was.pending === m.req && x.pending === null ? `${m.to}'s backup refused r${m.req}: ${m.to} drops it` : `${m.to} ignores a stale refusal of r${m.req}`;
    case 'copy':
      return x.synced && !was.synced ? `${m.to} installs the state ${formatLog(m.log)}: now a backup` : `${m.to} ignores a state copy for view ${m.view}`;
    case 'copyOk':
      return x.synced && !was.synced ? `${m.to} knows its backup has the state: serves view ${x.view.num}` : `${m.to} ignores a stale copy answer`;
  }
}

/** What the client has seen: each answered request with its history. */
export function clientView(s: State): string {
  if (s.client.accepted.length === 0) return s.client.sent.length === 0 ? 'nothing sent' : 'no answer yet';
  return s.client.accepted.map((a) => `r${a.req}=${formatLog(a.log)}@v${a.view}`).join(' ');
}

export function actorOf(before: State, a: Action): string {
  switch (a.type) {
    case 'send':
    case 'retry':
      return 'client';
    case 'declareDead':
    case 'delay':
    case 'advance':
      return 'view service';
    case 'receive':
      return a.kind === 'reply' ? 'client' : a.to;
    case 'lose':
      return 'network';
    default:
      return a.server;
  }
}

export function words(before: State, a: Action, after: State): StepWords {
  return { actor: actorOf(before, a), action: formatAction(a), change: narrate(before, a, after), view: clientView(after) };
}

const arrowLabel = (m: Message): string => {
  switch (m.kind) {
    case 'request':
      return `request r${m.req}`;
    case 'forward':
    case 'forwardOk':
    case 'forwardNo':
      return `${m.kind} r${m.req} (view ${m.view})`;
    case 'copy':
      return `state ${formatLog(m.log)} (view ${m.view})`;
    case 'copyOk':
      return `state installed (view ${m.view})`;
    case 'reply':
      return `reply r${m.req} ${formatLog(m.log)} (view ${m.view})`;
  }
};

/**
 * Diagram notes are terse (the page shows the step's full narration above
 * the diagram, and a note beside the rightmost lane has little room); the
 * arrows carry the messages.
 */
export function events(before: State, a: Action, after: State): DiagramEvent[] {
  const note = (over: string[], text: string, fault = false): DiagramEvent => ({ kind: 'note', over, text, ...(fault ? { fault } : {}) });
  switch (a.type) {
    case 'send':
    case 'retry':
      return [note(['client'], `${a.type} r${a.req} to ${before.vs.view.primary}`)];
    case 'ping': {
      const x = after.servers[a.server];
      const ping: DiagramEvent = { kind: 'arrow', from: a.server, to: 'vs', label: `ping ${before.servers[a.server].view.num}` };
      if (after.vs.acked && !before.vs.acked) return [ping, note(['vs'], `view ${x.view.num} acknowledged`)];
      const role = x.view.primary === a.server ? 'primary' : x.view.backup === a.server ? 'backup' : 'idle';
      const copies = after.network.length > before.network.length ? `, copies ${formatLog(x.log)}` : '';
      return [ping, { kind: 'arrow', from: 'vs', to: a.server, label: `view ${x.view.num}: ${x.view.primary}, ${x.view.backup ?? '-'}`, reply: true }, note([a.server], role + copies)];
    }
    case 'declareDead':
      return [note(['vs'], `${a.server} declared dead`)];
    case 'advance': {
      const v = after.vs.view;
      return [note(['vs'], `view ${v.num}: ${v.primary}, ${v.backup ?? '-'}${before.vs.acked ? '' : ' (view ' + before.vs.view.num + ' never acknowledged)'}`)];
    }
    case 'delay':
      return [note(['vs', a.server], `LATE PINGS: ${a.server} declared dead, though alive`, true)];
    case 'crash':
      return [note([a.server], 'CRASH', true)];
    case 'lose': {
      const m = messageOf(a);
      return [note([m.kind === 'reply' ? 'client' : m.to], `LOST ${arrowLabel(m)}`, true)];
    }
    case 'receive': {
      const m = messageOf(a);
      const from = m.kind === 'request' ? 'client' : m.from;
      const to: ServerId | 'client' = m.kind === 'reply' ? 'client' : m.to;
      const reply = m.kind === 'reply' || m.kind === 'forwardOk' || m.kind === 'forwardNo' || m.kind === 'copyOk';
      const arrow: DiagramEvent = { kind: 'arrow', from, to, label: arrowLabel(m), ...(reply ? { reply: true } : {}) };
      const what = effect(before, m, after);
      // The page puts a note beside the step's arrows, at their rightmost end: name the receiver when it is the left end.
      const leftward = LANES.findIndex((l) => l.id === to) < LANES.findIndex((l) => l.id === from);
      return what ? [arrow, note([to], leftward ? `${to}: ${what}` : what)] : [arrow];
    }
  }
}

/** What receiving a message did, in a few words (nothing where the arrow says it all). */
function effect(before: State, m: Message, after: State): string | null {
  if (m.kind === 'reply') return after.client.accepted.length > before.client.accepted.length ? null : 'ignored: answered';
  const x = after.servers[m.to];
  const was = before.servers[m.to];
  const replied = after.produced > before.produced;
  switch (m.kind) {
    case 'request':
      if (x.pending === null && !replied) return 'not primary: drops';
      return [x.pending === m.req ? `forwards to ${x.view.backup}` : '', replied ? `replies ${formatLog(x.log)}` : ''].filter(Boolean).join(', ');
    case 'forward':
      return x.log.length > was.log.length ? `accepts: ${formatLog(x.log)}` : `rejects (view ${x.view.num})`;
    case 'forwardOk':
      return replied ? `replies ${formatLog(x.log)}` : was.pending === m.req && x.pending === null ? 'done' : 'ignored: stale';
    case 'forwardNo':
      return was.pending === m.req && x.pending === null ? `drops r${m.req}` : 'ignored: stale';
    case 'copy':
      return x.synced && !was.synced ? `installs ${formatLog(m.log)}` : 'ignored: stale';
    case 'copyOk':
      return x.synced && !was.synced ? `serves view ${x.view.num}` : 'ignored: stale';
  }
}
