/**
 * Design knobs: each removes one safeguard of the design, so that a reviewer
 * can watch what breaks without it. `breaks` is the brief's expectation at the
 * default bounds (for an extension's knob: at the default bounds with that
 * extension on); the matrix compares every run against it.
 *
 * A knob with `requires` removes a safeguard of an extension and means
 * nothing without it: a configuration with the knob but not the extension is
 * refused, and a matrix has its row only when the extension is on.
 *
 * To add a knob: add an entry here, read it with `config.knobs.has(...)` at the
 * place in the reducer or in `actions.ts` where the safeguard lives, and list
 * what it is expected to break.
 */

export interface KnobInfo {
  /** The safeguard's name, as a checklist item. */
  title: string;
  /** What a design reviewer asks about it, in plain words. */
  question: string;
  /** The paper's answer, in one sentence. */
  answer: string;
  /** The safeguard this knob removes. */
  safeguard: string;
  /** What the design does instead. */
  instead: string;
  /** Where the paper motivates the safeguard. */
  paper: string;
  /** Properties (by name) that must be violated with this knob alone; every other safety or liveness property must hold. */
  breaks: readonly string[];
  /** Whether the failover duplicate is still reachable with this knob alone. */
  duplicates: boolean;
  /**
   * The bounds of the extension whose safeguard this is: the knob is
   * meaningful only with `restores >= 1`, or with a `window` (a list, as a
   * protocol definition's knob names the bounds it needs).
   */
  requires?: readonly ('restores' | 'window')[];
}

export const KNOBS = {
  'no-test-and-set': {
    title: 'Test-and-set on shared storage',
    question: 'When the logging link fails and each VM thinks the other has died, what stops both from going live?',
    answer: 'Before going live a VM must win an atomic test-and-set on the shared storage; only one VM can win it.',
    safeguard: 'the atomic test-and-set on shared storage decides who goes live',
    instead: 'every suspecting VM goes live without asking the arbiter',
    paper: '§2.3',
    breaks: ['noSplitBrain', 'consistentOutput', 'atLeastOnce'],
    duplicates: true,
  },
  'loser-keeps-running': {
    title: 'The loser halts',
    question: 'What does the VM that loses the race for the arbiter do?',
    answer: 'It halts itself, so the winner is the only VM left serving.',
    safeguard: 'the loser of the test-and-set halts itself',
    instead: 'the loser goes live anyway',
    paper: '§2.3',
    breaks: ['noSplitBrain', 'consistentOutput', 'atLeastOnce'],
    duplicates: true,
  },
  'no-output-rule': {
    title: 'The Output Rule',
    question: 'What happens if the primary crashes right after sending an output to the client?',
    answer: 'The primary may not send an output until the backup has received and acknowledged the log entry that produced it, so the backup can always reproduce what the client saw.',
    safeguard: 'a paired primary holds each output until the backup has acknowledged its entry',
    instead: 'a paired primary releases each output at execution',
    paper: '§2.2',
    breaks: ['outputRule', 'consistentOutput'],
    duplicates: true,
  },
  'no-drain': {
    title: 'Drain before going live',
    question: 'Can the backup go live while received log entries are still waiting to be replayed?',
    answer: 'No: the backup first replays every log entry it has received, and only then goes live.',
    safeguard: 'a backup replays every entry it received before it goes live',
    instead: 'a backup going live drops the entries it received but did not replay',
    paper: '§2.3, §3.1',
    breaks: ['consistentOutput'],
    duplicates: true,
  },
  'unlogged-nondeterminism': {
    title: 'Logged non-determinism',
    question: 'How does the backup reproduce non-deterministic events such as a clock read?',
    answer: 'The primary logs the value each non-deterministic operation saw, and the backup replays with the logged value instead of its own.',
    safeguard: 'the non-deterministic value an execution saw is logged and used on replay',
    instead: 'the backup picks its own value on replay',
    paper: '§2.1',
    breaks: ['consistentOutput'],
    duplicates: true,
  },
  'ignore-retransmissions': {
    title: 'Retransmission and re-emit',
    question: 'Can a reply be lost across failover?',
    answer: "No: the new primary re-emits its last output and answers retransmitted requests from its log; a duplicate is identical, so the client's TCP drops it.",
    safeguard: 'a VM answers a retried request from its log, and the winner re-emits its last output',
    instead: 'a VM ignores a request already in its log, and the winner does not re-emit',
    paper: '§2.2 (duplicates and TCP), §3.4',
    breaks: ['atLeastOnce'],
    duplicates: false,
  },
  'no-generation': {
    title: "How is the arbiter's flag reset for a new pair? (generations)",
    question: "How is the arbiter's flag reset for a new pair?",
    answer:
      'Restoring redundancy starts a new generation: the restored pair asks for the new generation\'s flag, and a VM of the old pair that never noticed the failover asks for its own, old generation and loses.',
    safeguard: 'the test-and-set names the asker\'s generation, and only the current generation\'s free flag is granted',
    instead: 'restore just clears the flag, and the arbiter grants whoever asks first while it is free',
    paper: '§3.1',
    breaks: ['noSplitBrain', 'consistentOutput', 'atLeastOnce'],
    duplicates: true,
    requires: ['restores'],
  },
  'no-flow-control': {
    title: "What bounds the backup's lag? (flow control on the logging channel)",
    question: "What bounds the backup's lag?",
    answer:
      'The backup takes a log entry only while its buffer of unreplayed entries has room, and the primary stalls new requests while its window of unacknowledged entries is full, so a failover drains at most a window of entries.',
    safeguard: 'the backup buffers at most W unreplayed entries, and a paired primary executes only while fewer than W are unacknowledged',
    instead: 'the window is ignored on both sides',
    paper: '§3.2',
    breaks: ['boundedLag'],
    duplicates: true,
    requires: ['window'],
  },
} as const satisfies Record<string, KnobInfo>;

export type Knob = keyof typeof KNOBS;
/** Every knob, the extensions' last. */
export const ALL_KNOB_NAMES = Object.keys(KNOBS) as Knob[];
/**
 * The core model's knobs: the rows of a matrix at any bounds. An extension's
 * knob joins them only where its extension is on (`knobsFor` in config.ts).
 */
export const KNOB_NAMES = ALL_KNOB_NAMES.filter((k) => !('requires' in KNOBS[k]));

export function isKnob(name: unknown): name is Knob {
  // A string only: hasOwn would coerce ["no-drain"] to "no-drain".
  return typeof name === 'string' && Object.hasOwn(KNOBS, name);
}
