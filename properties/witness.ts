/**
 * Witnesses: states the correct design must be able to reach. A checker that
 * never finds them is not exploring what it claims to.
 */
import { sometimes } from '../src/engine/model.ts';
import type { State } from '../spec/state.ts';

/**
 * The failover duplicate: the client received the same output from two
 * VMs, once from the old primary and again from the VM that went live. A
 * duplicate from one VM (a retry answered twice) does not count. In the core
 * model the two are p and b; with the spare, c taking over counts too.
 */
export const duplicatesHappen = sometimes<State>(
  'duplicatesHappen',
  'the client receives the same output from both VMs (the failover duplicate)',
  (s) => {
    const got = s.client.received;
    return got.some((a) => got.some((b) => a.from !== b.from && a.seq === b.seq && a.req === b.req && a.nd === b.nd));
  },
);

/** Extension R: the restored backup goes live, so the new pair really protects. */
export const restoredTakeover = sometimes<State>(
  'restoredTakeover',
  'the restored backup c goes live',
  (s) => s.vms.c.mode === 'primary',
);
