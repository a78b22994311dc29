/**
 * The safeguards of one configuration as booleans, computed once so that the
 * reducer and the enabled-action list read a field rather than search the
 * knob list on every transition.
 */
import { hasKnob, type Config } from './config.ts';

export interface Design {
  requests: number;
  crashBudget: number;
  cutBudget: number;
  /** A suspecting VM asks the arbiter before it goes live. */
  testAndSet: boolean;
  /** The loser of the test-and-set halts. */
  loserHalts: boolean;
  /** A paired primary holds outputs until acknowledged. */
  outputRule: boolean;
  /** A backup replays everything it received before going live. */
  drain: boolean;
  /** The backup replays with the logged non-deterministic value. */
  loggedNd: boolean;
  /** Retried requests are answered from the log, and the winner re-emits its last output. */
  retransmit: boolean;
}

export function designOf(config: Config): Design {
  return {
    requests: config.requests,
    crashBudget: config.crashes,
    cutBudget: config.cuts,
    testAndSet: !hasKnob(config, 'no-test-and-set'),
    loserHalts: !hasKnob(config, 'loser-keeps-running'),
    outputRule: !hasKnob(config, 'no-output-rule'),
    drain: !hasKnob(config, 'no-drain'),
    loggedNd: !hasKnob(config, 'unlogged-nondeterminism'),
    retransmit: !hasKnob(config, 'ignore-retransmissions'),
  };
}
