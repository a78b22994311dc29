/**
 * The design's safeguards, each as a knob that removes it, with the
 * question a design reviewer asks about it and the properties it protects;
 * and the rest of the review checklist's words. The references are the
 * course material the design comes from: MIT 6.824's primary/backup lab
 * (the view service) and its "Primary/Backup Replication" lecture.
 */
import type { KnobSpec, ReviewText } from '../../src/index.ts';

const LAB = "MIT 6.824 Lab 2 (Primary/Backup Key/Value Service) and its Primary/Backup Replication lecture";

export const KNOBS: readonly KnobSpec[] = [
  {
    name: 'no-primary-ack',
    title: 'The view service waits for the primary to acknowledge the view',
    question: 'Can the view service hand the service to a server that never received the state?',
    answer: 'No: it advances only after the primary of the current view has pinged with that view, and the primary does so only once its backup holds the state.',
    safeguard: 'the view service advances to view n+1 only after the primary of view n has acknowledged view n',
    instead: 'the view service advances as soon as a server is declared dead, acknowledged or not',
    reference: `${LAB}: the view service must not change views until the primary of the current view has acknowledged it by pinging with its number`,
    breaks: ['noSplitBrain', 'consistentReplies', 'noLostAck'],
  },
  {
    name: 'accept-stale-view',
    title: 'A server rejects operations forwarded in another view',
    question: 'Can a primary that has been replaced still get operations through?',
    answer: 'No: its backup has moved to a newer view and refuses what it forwards, so the old primary never has an answer to reply with.',
    safeguard: 'the backup accepts a forwarded operation only in the view it holds',
    instead: 'the backup also accepts operations forwarded in an older view',
    reference: `${LAB}: a server that is not the backup of the sender's view rejects what it forwards; the lecture's discussion of split brain`,
    breaks: ['noSplitBrain', 'consistentReplies', 'noLostAck'],
  },
  {
    name: 'reply-before-backup',
    title: "The primary replies only after the backup's answer",
    question: "Can the client hold an answer that the next primary does not know?",
    answer: "No: the primary applies and replies only once the backup has applied the operation, so the backup that is promoted has it.",
    safeguard: "the primary waits for the backup's answer before it applies and replies",
    instead: 'the primary applies and replies at once, and forwards to the backup in the background',
    reference: `${LAB}: the primary forwards each operation to the backup and waits for its answer before it responds to the client`,
    breaks: ['noSplitBrain', 'consistentReplies', 'noLostAck'],
  },
  {
    name: 'serve-before-copy',
    title: "A new backup serves only once it holds the primary's state",
    question: 'Can a backup be promoted, or take operations, before it has the state?',
    answer: "No: the primary copies its state to a new backup and waits for the copy's answer before it serves or acknowledges the view.",
    safeguard: "the primary copies its state to a new backup and waits until it is installed before serving and acknowledging the view",
    instead: 'the primary sends the copy but serves and acknowledges at once, and the backup takes forwarded operations before the copy arrives',
    reference: `${LAB}: the primary sends its complete key/value state to a new backup before the backup takes part`,
    breaks: ['noSplitBrain', 'consistentReplies', 'noLostAck'],
  },
];

export const REVIEW: ReviewText = {
  title: 'primary/backup replication with a view service (MIT 6.824 Lab 2 style)',
  witnesses: [
    {
      property: 'answersAcrossViews',
      title: 'The service keeps answering across a view change',
      question: 'Does the checker explore view changes at all, and does the service answer after one?',
      answer: 'The client gets a reply in the first view and another in a later one, from the promoted backup.',
    },
  ],
  limits: [
    '**Bounds.** Exhaustive within the bounds above only: two or three requests, three servers, small fault budgets. Larger bounds are explored randomly (`lockstep fuzz`), which finds violations but cannot prove their absence.',
    "**Fault model.** Crashes are fail-stop and permanent; a server's pings may be late, so the view service declares a live server dead (the `delays` budget); messages between the client and the servers may be lost (the `losses` budget) and every message may be delayed and reordered. Messages between servers are not lost (they travel as RPCs whose failure the caller sees as a view change). The view service itself never fails.",
    "**Liveness.** `atLeastOnce` is checked under weak fairness (every protocol step that stays enabled happens; faults do not have to), and only where the view service has not stalled: this design stops when a primary crashes before acknowledging its view, when the view has no backup to promote, or when a new backup crashes before it has the state. Those stalls are the design's known limit, not counted as violations.",
    '**Abstracted away.** A ping is one atomic exchange with the view service; the client learns the view from the view service in the step that sends; the key/value state is one append log; a falsely suspected server is never taken back; duplicate detection of retried requests (at-least-once semantics: a retried append may be applied twice).',
    '**The model is not the code.** This checks the design as `examples/view-service/` states it; whether an implementation follows it is another question.',
  ],
};
