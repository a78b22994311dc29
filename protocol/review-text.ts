/** The built-in protocol's words for the design-review checklist that are not a knob's: its heading, its witness item, and what the evidence does not cover. */
import type { ReviewText } from '../src/protocol/definition.ts';

export const REVIEW: ReviewText = {
  title: 'primary/backup replication in the style of VMware FT',
  witnesses: [
    {
      property: 'duplicatesHappen',
      title: 'Failover produces duplicates, and they are identical',
      question: 'Does the checker explore failover at all, and what does the client see across it?',
      answer: "The backup that goes live re-emits its last output, so the client may see an output twice; the copies are identical and TCP drops the second.",
    },
    {
      property: 'restoredTakeover',
      title: 'The restored pair protects: its new backup can take over',
      question: 'After a failover and a restore, is the pair really redundant again?',
      answer: 'The spare is started as a copy of the running VM; when that VM then fails, the new backup goes live in the new generation.',
    },
    {
      property: 'stalls',
      title: 'Flow control really stalls the primary',
      question: 'Does the window ever bind, or is the flow-control check vacuous?',
      answer: 'A paired primary holding W unacknowledged entries leaves a new request in flight until an ack arrives.',
    },
  ],
  limits: [
    '**Bounds.** Exhaustive within the bounds above only. Larger bounds are explored randomly (`lockstep fuzz`), which finds violations but cannot prove their absence.',
    '**Fault model.** Crashes are fail-stop and permanent; links are cut and heal; a cut logging link delays traffic, never loses or reorders it; the shared storage and its test-and-set never fail; failure detection may time out at any moment. Byzantine faults, message corruption and clock assumptions are outside the model.',
    '**Liveness.** `atLeastOnce` is checked under weak fairness: every protocol action that stays enabled eventually happens, faults and spontaneous timeouts do not have to.',
    '**Abstracted away.** Disk writes as outputs and the non-shared-disk design, the content of requests beyond one non-deterministic bit, and the identity of duplicate packets in flight (identical packets in flight are one).',
    '**The model is not the code.** This checks the design as `spec/` states it; whether an implementation follows `spec/` is another question.',
  ],
};
