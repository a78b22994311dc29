/**
 * A protocol a team writes in its own project against lockstep's public
 * API: a primary that copies each write to a backup before it acknowledges
 * it, a crash of the primary, and a failover. Its one knob acknowledges
 * before the copy, which loses an acknowledged write. The package test
 * copies this file into an empty project and checks it there.
 */
import { always, defineProtocol, eventually, sometimes } from 'lockstep';

interface State {
  primary: number[];
  backup: number[];
  acked: number[];
  up: boolean;
  failedOver: boolean;
}
type Action = { type: 'write'; v: number } | { type: 'copy' } | { type: 'ack' } | { type: 'crash' } | { type: 'failover' };
interface Config {
  writes: number;
  crashes: number;
  knobs: string[];
}

export default defineProtocol<State, Action, Config>({
  name: 'copy-then-ack',
  title: 'a write is copied to the backup before it is acknowledged',
  bounds: [
    { name: 'writes', description: 'writes the client makes', default: 2, min: 1, max: 5 },
    { name: 'crashes', description: 'crash budget', default: 1, min: 0, max: 1 },
  ],
  knobs: [
    {
      name: 'ack-before-copy',
      title: 'Copy before acknowledging',
      question: 'Can an acknowledged write be lost when the primary crashes?',
      answer: 'No: the primary acknowledges a write only once the backup holds it.',
      safeguard: 'acknowledge after the copy',
      instead: 'acknowledge at once',
      breaks: ['noLostWrite'],
    },
  ],
  model: (config) => ({
    init: () => [{ primary: [], backup: [], acked: [], up: true, failedOver: false }],
    actions(s) {
      const out: Action[] = [];
      const next = s.primary.length + 1;
      if (s.up && next <= config.writes) out.push({ type: 'write', v: next });
      if (s.up && s.backup.length < s.primary.length) out.push({ type: 'copy' });
      const ackable = config.knobs.includes('ack-before-copy') ? s.primary.length : s.backup.length;
      if (s.up && s.acked.length < ackable) out.push({ type: 'ack' });
      if (s.up && config.crashes > 0) out.push({ type: 'crash' });
      if (!s.up && !s.failedOver) out.push({ type: 'failover' });
      return out;
    },
    next(s, a) {
      switch (a.type) {
        case 'write':
          return { ...s, primary: [...s.primary, a.v] };
        case 'copy':
          return { ...s, backup: s.primary.slice(0, s.backup.length + 1) };
        case 'ack':
          return { ...s, acked: s.primary.slice(0, s.acked.length + 1) };
        case 'crash':
          return { ...s, up: false };
        case 'failover':
          return { ...s, failedOver: true };
      }
    },
    isFault: (a) => a.type === 'crash',
    fairness: (_s, a) => (a.type === 'crash' ? null : a.type),
  }),
  properties: (config, { liveness }) => [
    always<State>('noLostWrite', 'after failover the backup holds every acknowledged write', (s) => !s.failedOver || s.acked.every((v) => s.backup.includes(v))),
    sometimes<State>('failsOver', 'the backup takes over', (s) => s.failedOver),
    ...(liveness ? [eventually<State>('allAcked', 'every write is acknowledged unless the primary crashed', (s) => !s.up || s.acked.length === config.writes)] : []),
  ],
  actions: {
    types: ['write', 'copy', 'ack', 'crash', 'failover'],
    typeOf: (a) => a.type,
    parse(value) {
      const a = value as Action;
      if (!a || typeof a !== 'object' || !['write', 'copy', 'ack', 'crash', 'failover'].includes(a.type)) throw new Error('not an action of copy-then-ack');
      return a;
    },
    format: (a) => (a.type === 'write' ? `write(${a.v})` : a.type),
    isFault: (a) => a.type === 'crash',
  },
  present: {
    narrate: (_before, a, after) => ({ actor: a.type === 'failover' ? 'backup' : 'primary', action: a.type, change: a.type, view: `acked ${after.acked.join(',') || 'none'}` }),
    lanes: () => [
      { id: 'client', label: 'client' },
      { id: 'primary', label: 'primary' },
      { id: 'backup', label: 'backup' },
    ],
    events: (_before, a) =>
      a.type === 'copy'
        ? [{ kind: 'arrow', from: 'primary', to: 'backup', label: 'copy' }]
        : a.type === 'ack'
          ? [{ kind: 'arrow', from: 'primary', to: 'client', label: 'ack' }]
          : [{ kind: 'note', over: ['primary'], text: a.type, ...(a.type === 'crash' ? { fault: true } : {}) }],
  },
  expectations: [
    { bounds: { writes: 2, crashes: 1 }, knobs: [], verdicts: { noLostWrite: 'holds', failsOver: 'witnessed', allAcked: 'holds' }, source: 'worked out by hand' },
    { bounds: { writes: 2, crashes: 1 }, knobs: ['ack-before-copy'], verdicts: { noLostWrite: 'violated', failsOver: 'witnessed', allAcked: 'holds' }, source: 'worked out by hand' },
  ],
});
