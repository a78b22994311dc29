/**
 * A step as diagram events: arrows for messages that arrive, notes for what
 * an actor does on its own, for faults and for the links. The renderer turns
 * them into a Mermaid sequence diagram (or anything else with lanes).
 */
import { formatOutput, receiverOf, type Action } from './action.ts';
import { restoresOf, type Config } from './config.ts';
import { narrate } from './narrate.ts';
import { peerOf, type State, type VmId } from './state.ts';

export type Lane = 'client' | VmId | 'arbiter';
/** The core model's lanes. */
export const LANES: readonly Lane[] = ['client', 'p', 'b', 'arbiter'];
const SPARE_LANES: readonly Lane[] = ['client', 'p', 'b', 'c', 'arbiter'];

/** The lanes a diagram of this configuration draws: the spare's with Extension R. */
export function lanesFor(config: Pick<Config, 'restores'>): readonly Lane[] {
  return restoresOf(config) >= 1 ? SPARE_LANES : LANES;
}

export type DiagramEvent =
  | { kind: 'arrow'; from: Lane; to: Lane; label: string; reply?: boolean; emphasis?: boolean }
  | { kind: 'note'; over: Lane[]; text: string; fault?: boolean; emphasis?: boolean };

/**
 * One of a pair the client holds by the end of the run (`last`) that
 * breaks consistent output: the same seq with other contents, or the same
 * request at another seq.
 */
export function conflictingOutput(o: { seq: number; req: number; nd: number }, last: State): boolean {
  return last.client.received.some((x) => (x.seq === o.seq) !== (x.req === o.req) || (x.seq === o.seq && x.nd !== o.nd));
}

export function diagramEvents(before: State, a: Action, after: State, last?: State): DiagramEvent[] {
  const said = narrate(before, a, after);
  switch (a.type) {
    case 'send':
    case 'retry':
      return [{ kind: 'note', over: ['client'], text: said }];
    case 'deliverRequest':
      return [
        { kind: 'arrow', from: 'client', to: before.owner, label: `r${a.req}` },
        { kind: 'note', over: [before.owner], text: said },
      ];
    case 'deliverLog': {
      const x = receiverOf(a);
      const e = (x === 'c' ? before.logToC : before.logChannel)[0];
      return [{ kind: 'arrow', from: peerOf(before, x), to: x, label: `log #${e.seq} r${e.req} nd=${e.nd}` }];
    }
    case 'deliverAck': {
      const v = receiverOf(a);
      const x = peerOf(before, v);
      const seq = (x === 'c' ? before.ackFromC : before.ackChannel)[0];
      return [
        { kind: 'arrow', from: x, to: v, label: `ack #${seq}`, reply: true },
        ...(said.includes('releases') ? [{ kind: 'note' as const, over: [v as Lane], text: said }] : []),
      ];
    }
    case 'deliverOutput':
      return [{ kind: 'arrow', from: a.from, to: 'client', label: formatOutput({ ...a, from: undefined }), ...(last && conflictingOutput(a, last) ? { emphasis: true } : {}) }];
    case 'apply':
      return [{ kind: 'note', over: [receiverOf(a)], text: said }];
    case 'timeout':
      return [{ kind: 'note', over: [a.vm], text: said }];
    case 'testAndSet': {
      const won = after.arbiter === a.vm && before.arbiter === null;
      return [
        { kind: 'arrow', from: a.vm, to: 'arbiter', label: 'test-and-set' },
        { kind: 'arrow', from: 'arbiter', to: a.vm, label: won ? 'won' : 'lost', reply: true },
        ...(after.vms[a.vm].mode === 'halted' ? [{ kind: 'note' as const, over: [a.vm as Lane], text: `${a.vm} halts` }] : []),
      ];
    }
    case 'goLive':
      return [{ kind: 'note', over: [a.vm], text: said }];
    case 'restore':
      return [
        { kind: 'arrow', from: a.vm, to: 'c', label: 'snapshot (FT VMotion)' },
        { kind: 'note', over: [a.vm, 'c', 'arbiter'], text: said },
      ];
    case 'crash':
      return [{ kind: 'note', over: [a.vm], text: `CRASH: ${said}`, fault: true }];
    case 'cut':
    case 'heal': {
      const [x, y] = a.link.split('-');
      const lanes: Lane[] = [x === 's' ? 'arbiter' : (x as VmId), y === 's' ? 'arbiter' : (y as VmId)];
      return [{ kind: 'note', over: lanes, text: a.type === 'cut' ? `CUT: ${said}` : said, fault: a.type === 'cut' }];
    }
  }
}
