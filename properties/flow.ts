/**
 * Extension F's properties: the window bounds the backup's lag, and the
 * primary really waits. Both depend on the window W, so they are made per
 * configuration.
 */
import { always, sometimes } from '../src/engine/model.ts';
import { inLog } from '../spec/enabled.ts';
import { VMS, type State } from '../spec/state.ts';

/** A backup never holds more than W received entries it has not replayed: a failover drains at most W. */
export function boundedLagFor(window: number) {
  return always<State>(
    'boundedLag',
    `no backup holds more than the window (${window}) of received, unreplayed entries`,
    (s) => VMS.every((v) => s.vms[v].mode !== 'backup' || s.vms[v].log.length - s.vms[v].replayed.length <= window),
  );
}

/**
 * A paired primary that owns the address holds W unacknowledged entries
 * while a request it has not run is in flight to it. A state predicate: a
 * design without flow control reaches it too.
 */
export function stallsFor(window: number) {
  return sometimes<State>(
    'stalls',
    `the owner, paired, holds the window (${window}) of unacknowledged entries while a new request is in flight to it`,
    (s) => {
      const o = s.vms[s.owner];
      if (o.mode !== 'primary' || !o.paired || o.log.length - o.acked < window) return false;
      return s.client.inFlight.some((r) => !inLog(o, r));
    },
  );
}
