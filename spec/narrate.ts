/**
 * Plain words for a step of a trace: what the actor did and what changed
 * that matters, worked out from the states before and after, and the
 * client's view. Used by every renderer, so a trace reads the same in the
 * terminal, in Markdown and in a diagram.
 */
import { actorOf, formatOutput, receiverOf, type Action } from './action.ts';
import { generationOf, peerOf, type Output, type State, type VmId } from './state.ts';

export function narrate(before: State, a: Action, after: State): string {
  switch (a.type) {
    case 'send':
      return `client sends r${a.req}`;
    case 'retry':
      return `client resends r${a.req}`;
    case 'deliverRequest':
      return deliverRequest(before, a.req, after);
    case 'deliverLog': {
      const x = receiverOf(a);
      const e = after.vms[x].log[after.vms[x].log.length - 1];
      const acked = acks(after, x).length > acks(before, x).length;
      return `${x} receives entry #${e.seq} (r${e.req}, nd=${e.nd})${acked ? ' and acks it' : ''}`;
    }
    case 'apply': {
      const x = receiverOf(a);
      const e = after.vms[x].replayed[after.vms[x].replayed.length - 1];
      return `${x} replays #${e.seq} (r${e.req}) with nd=${e.nd}${a.nd === undefined ? '' : ' (its own pick)'}`;
    }
    case 'deliverAck': {
      const v = receiverOf(a);
      return `${v} gets ack #${after.vms[v].acked}${released(before, after, v)}`;
    }
    case 'deliverOutput':
      return `client receives ${formatOutput(a)}`;
    case 'timeout':
      return `${a.vm} times out and suspects ${peerOf(before, a.vm)}`;
    case 'testAndSet': {
      const vm = after.vms[a.vm];
      // Only with the spare is there more than one generation to name.
      const gen = before.restoredFrom === null ? '' : ` of generation ${generationOf(before, a.vm)}`;
      if (vm.mode === 'halted') return `${a.vm} loses the test-and-set${gen} and halts`;
      return after.arbiter === a.vm && before.arbiter === null
        ? `${a.vm} wins the test-and-set${gen}`
        : `${a.vm} loses the test-and-set${gen} but goes on`;
    }
    case 'restore': {
      const n = after.vms.c.log.length;
      return `c is restored as the backup of ${a.vm} (${n} entr${n === 1 ? 'y' : 'ies'}, all replayed): generation 2, its flag free`;
    }
    case 'goLive':
      return goLive(before, a.vm, after);
    case 'crash':
      return `${a.vm} crashes`;
    case 'cut':
      return `link ${a.link} is cut`;
    case 'heal':
      return `link ${a.link} heals`;
  }
}

function acks(s: State, x: VmId): number[] {
  return x === 'c' ? s.ackFromC : s.ackChannel;
}

function deliverRequest(before: State, req: number, after: State): string {
  const v = before.owner;
  const vm = after.vms[v];
  if (before.vms[v].mode !== 'primary') return `r${req} reaches ${v}, which does not serve: lost`;
  if (vm.log.length > before.vms[v].log.length) {
    const e = vm.log[vm.log.length - 1];
    const x = peerOf(before, v);
    const logged = (x === 'c' ? after.logToC : after.logChannel).length > (x === 'c' ? before.logToC : before.logChannel).length ? `, logs it to ${x}` : '';
    const out = released(before, after, v) || (vm.paired ? ', holds the output' : '');
    return `${v} executes r${req} as #${e.seq} with nd=${e.nd}${logged}${out}`;
  }
  const out = released(before, after, v);
  return out ? `${v} already ran r${req}${out}` : `${v} already ran r${req} and does not answer`;
}

function goLive(before: State, v: VmId, after: State): string {
  const was = before.vms[v];
  const parts = [`${v} goes live alone`];
  if (was.mode === 'backup' && was.replayed.length < was.log.length) {
    parts.push(`dropping ${was.log.length - was.replayed.length} unreplayed entr${was.log.length - was.replayed.length === 1 ? 'y' : 'ies'}`);
  }
  if (before.owner !== v) parts.push('takes the address');
  const out = released(before, after, v);
  if (out) parts.push(out.slice(2));
  return parts.join(', ');
}

/** ", releases #1 r1 nd=0" for the outputs `v` put on the wire in this step. */
function released(before: State, after: State, v: VmId): string {
  const fresh = after.outputs.filter((o) => o.from === v && !before.outputs.some((x) => same(x, o)));
  return fresh.length === 0 ? '' : `, releases ${fresh.map((o) => formatOutput({ ...o, from: undefined })).join(', ')}`;
}

function same(a: Output, b: Output): boolean {
  return a.seq === b.seq && a.req === b.req && a.nd === b.nd && a.from === b.from;
}

/** What the client has seen so far: each output once, with who sent it. */
export function clientView(s: State): string {
  if (s.client.received.length === 0) return 'nothing yet';
  const groups = new Map<string, VmId[]>();
  for (const o of s.client.received) {
    const key = `#${o.seq} r${o.req} nd=${o.nd}`;
    groups.set(key, [...(groups.get(key) ?? []), o.from]);
  }
  return [...groups].map(([k, from]) => `${k} (${from.join('+')})`).join(', ');
}

export { actorOf };
