/**
 * The safeguards of one configuration as booleans, computed once so that the
 * reducer and the enabled-action list read a field rather than search the
 * knob list on every transition.
 */
import { ALL_LINKS, LINKS, VMS, type LinkId, type VmId } from './state.ts';

const CORE_VMS: readonly VmId[] = ['p', 'b'];
import { hasKnob, restoresOf, type Config } from './config.ts';

export interface Design {
  requests: number;
  crashBudget: number;
  cutBudget: number;
  /** Extension R: restores allowed (0 or 1: there is one spare). */
  restoreBudget: number;
  /** The VMs that may ever act: p and b, and c with Extension R. */
  vms: readonly VmId[];
  /** The links a fault may cut: the core three, and the spare's three with Extension R. */
  links: readonly LinkId[];
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
  /** Extension R: the arbiter grants only the current generation's flag. */
  generations: boolean;
  /** Extension F: the window both sides keep to (Infinity: no flow control). */
  window: number;
}

export function designOf(config: Config): Design {
  const restores = restoresOf(config);
  return {
    requests: config.requests,
    crashBudget: config.crashes,
    cutBudget: config.cuts,
    restoreBudget: restores,
    vms: restores > 0 ? VMS : CORE_VMS,
    links: restores > 0 ? ALL_LINKS : LINKS,
    testAndSet: !hasKnob(config, 'no-test-and-set'),
    loserHalts: !hasKnob(config, 'loser-keeps-running'),
    outputRule: !hasKnob(config, 'no-output-rule'),
    drain: !hasKnob(config, 'no-drain'),
    loggedNd: !hasKnob(config, 'unlogged-nondeterminism'),
    retransmit: !hasKnob(config, 'ignore-retransmissions'),
    generations: !hasKnob(config, 'no-generation'),
    window: config.window === undefined || hasKnob(config, 'no-flow-control') ? Infinity : config.window,
  };
}
