/**
 * Witnesses: states the correct design must be able to reach. A checker that
 * never finds them is not exploring what it claims to.
 */
import { sometimes } from '../src/engine/model.ts';
import type { State } from '../spec/state.ts';

/**
 * The failover duplicate: the client received the same output from both VMs,
 * once from the old primary and again from the backup that went live. A
 * duplicate from one VM (a retry answered twice) does not count.
 */
export const duplicatesHappen = sometimes<State>(
  'duplicatesHappen',
  'the client receives the same output from both VMs (the failover duplicate)',
  (s) => {
    const got = s.client.received;
    return got.some((a) => got.some((b) => a.from === 'p' && b.from === 'b' && a.seq === b.seq && a.req === b.req && a.nd === b.nd));
  },
);
