/**
 * What the view-service design must guarantee, as named predicates over
 * states. A reply carries the history (the append log) the primary held
 * when it answered, the view it answered in, and when it was produced, so
 * the safety properties are statements about what the client accepted; the
 * one that is not (noLostAck) is about the primary the view service names.
 * One line per conjunct, as in a TLA+ invariant.
 */
import type { Property, PropertyKind } from '../../src/index.ts';
import { isPrefix, type Reply, type State } from './state.ts';

// Type-only imports from lockstep: the explorer bundles this module for the browser, and lockstep's
// runtime API (src/index.ts) reaches node:fs and tsx, which a browser bundle cannot resolve.
const property =
  (kind: PropertyKind) =>
  (name: string, description: string, holds: (s: State) => boolean): Property<State> => ({ name, kind, description, holds });
const always = property('always');
const sometimes = property('sometimes');
const eventually = property('eventually');

/** Every two accepted replies, the one produced first as `a`. */
function pairs(s: State, check: (a: Reply, b: Reply) => boolean): boolean {
  const acc = s.client.accepted;
  for (const x of acc) for (const y of acc) if (x.n < y.n && !check(x, y)) return false;
  return true;
}

/**
 * No split brain: once the primary of a view has answered, a primary of an
 * older view may still answer (a stale primary finishing an operation its
 * backup took before moving on), but only with a history the newer answer
 * already contains. Two primaries never answer from histories that fork.
 */
export const noSplitBrain = always(
  'noSplitBrain',
  'an answer from an older view, produced after a newer view has answered, is a prefix of that newer answer',
  (s) => pairs(s, (first, later) => later.view >= first.view || isPrefix(later.log, first.log)),
);

/**
 * Linearizable enough: the client never accepts a reply that a later view
 * contradicts. Of two accepted replies, the one from the same or a later
 * view and produced later continues the other's history.
 */
export const consistentReplies = always(
  'consistentReplies',
  'a reply produced later in the same or a later view continues the history of every earlier accepted reply',
  (s) => pairs(s, (first, later) => later.view < first.view || isPrefix(first.log, later.log)),
);

/**
 * An acknowledged operation is never lost across a view change: the
 * primary the view service names, once it holds that view, has applied
 * every operation whose reply the client accepted.
 */
export const noLostAck = always(
  'noLostAck',
  "the current view's primary, once it holds the view, has applied every operation the client has a reply for",
  (s) => {
    const p = s.servers[s.vs.view.primary];
    if (!p.up || p.view.num !== s.vs.view.num) return true;
    return s.client.accepted.every((a) => p.log.includes(a.req));
  },
);

/** A witness: a view change happens and the service keeps answering. */
export const answersAcrossViews = sometimes(
  'answersAcrossViews',
  'the client has accepted replies from two different views',
  (s) => s.client.accepted.some((a) => s.client.accepted.some((b) => b.view > a.view)),
);

/**
 * Where the design itself stops: the view service waits for an
 * acknowledgement that cannot come, or has nobody left to promote. These
 * are the design's known limits (the view service cannot tell a slow
 * server from a dead one, and it never advances without the primary),
 * not bugs: liveness is claimed for every other run.
 */
export function stalled(s: State): boolean {
  const v = s.vs.view;
  const p = s.servers[v.primary];
  const b = v.backup ? s.servers[v.backup] : null;
  const dead = (id: string | null) => id !== null && s.vs.dead.includes(id as never);
  // The primary is gone, and the view service cannot promote: no acknowledgement, no backup, or the backup declared dead.
  if (!p.up && (!s.vs.acked || !b || dead(v.backup))) return true;
  // The primary waits for a state copy that a crashed backup will never acknowledge, so it never acknowledges the view.
  const copied = p.view.num === v.num && p.synced;
  const copyOk = s.network.some((m) => m.kind === 'copyOk' && m.view === v.num);
  if (!s.vs.acked && b && !b.up && !copied && !copyOk) return true;
  // Both members declared dead, one of them really crashed: nobody to promote, and the survivor cannot commit.
  return b !== null && dead(v.primary) && dead(v.backup) && (!p.up || !b.up);
}

export function atLeastOnce(requests: number): Property<State> {
  return eventually(
    'atLeastOnce',
    'every request is answered at least once, unless the view service has stalled (see stalled())',
    (s) => stalled(s) || Array.from({ length: requests }, (_, i) => i + 1).every((r) => s.client.accepted.some((a) => a.req === r)),
  );
}

export function properties(requests: number, liveness: boolean): Property<State>[] {
  const safety = [noSplitBrain, consistentReplies, noLostAck, answersAcrossViews];
  return liveness ? [...safety, atLeastOnce(requests)] : safety;
}
