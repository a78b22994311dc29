/**
 * The liveness property, checked under weak fairness: every fair behaviour
 * must reach the goal. Weak fairness makes "once faults stop and links heal"
 * precise: faults and causeless timeouts are not fair, so a fair run does
 * only finitely many of them (the budgets bound them anyway), while every
 * protocol action that stays enabled, and every heal, eventually happens.
 */
import { eventually } from '../src/engine/model.ts';
import type { State } from '../spec/state.ts';
import { anyUp } from './safety.ts';

/**
 * The goal: every request has been answered at least once, or no VM is up
 * any more. Sending is weakly fair, so a fair run sends every request; the
 * goal is stable (answers are never taken back, and a stopped VM stays
 * stopped), so "eventually" needs no "always" around it.
 */
export function allAnswered(s: State, requests: number): boolean {
  for (let r = 1; r <= requests; r++) if (!s.client.received.some((o) => o.req === r)) return false;
  return true;
}

export function atLeastOnceFor(requests: number) {
  return eventually<State>(
    'atLeastOnce',
    'every request is answered at least once, unless no VM is up any more',
    (s) => !anyUp(s) || allAnswered(s, requests),
  );
}
