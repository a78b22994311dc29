/**
 * Deliberate coding mistakes, one switch each, so that a conformance run can
 * be shown to catch them. Each is a plausible slip in an ordinary
 * implementation, not a design choice: the correct code is the default.
 */
export const BUGS = {
  'ack-off-by-one': 'the primary releases outputs up to seq+1 on ack(seq): one entry the backup does not hold yet',
  'ack-before-store': 'the backup acknowledges every log frame it reads, before deciding whether it may store it',
  'stale-retransmit-cache': 'a retransmitted request is answered from the output cache filled at execution, before the entry is acknowledged',
  'replay-reads-clock': 'the backup replays an entry with its own clock read instead of the logged value',
  'skip-drain': 'the winning backup goes live without waiting for its replay to catch up, dropping what it has not replayed',
  'any-reply-wins': 'a VM treats any test-and-set reply as a win, not only a reply that says it won',
} as const;

export type BugName = keyof typeof BUGS;

export const BUG_NAMES = Object.keys(BUGS) as BugName[];

export function isBug(name: string): name is BugName {
  return (BUG_NAMES as string[]).includes(name);
}
