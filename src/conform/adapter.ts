/**
 * What the conformance loop needs of a system under test, and nothing
 * about any protocol. An adapter owns the world its system runs in and
 * translates between the model's vocabulary and the system:
 *
 * - `start()` brings the system to the model's initial state (starting or
 *   resetting its processes, emptying the network);
 * - `perform(action)` makes the system take one step of the model: it
 *   delivers a held message, fires a timer, kills a process, cuts a link.
 *   It answers false, having changed nothing, when the system cannot take
 *   that step now (the message is not there, the hook refuses);
 * - `status()` waits until nothing is in transit, reads every process and
 *   maps what it finds, with what the network holds, onto a model state;
 * - `stop()` ends every process it started.
 */
export interface Adapter<S, A> {
  start(): Promise<void>;
  perform(action: A): Promise<boolean>;
  status(): Promise<S>;
  stop(): Promise<void>;
  stats(): AdapterStats;
}

export interface AdapterStats {
  processesStarted: number;
  messagesCarried: number;
  /** Every process started, for checking that none outlives the run. */
  pids: number[];
}

/** JSON with sorted keys: two plain-data states are equal exactly when these strings are. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
