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

/** Where two plain-data values differ: dotted paths, as short as they can be (`vms.b.log`, `outputs`). */
export function differences(a: unknown, b: unknown, path = ''): string[] {
  if (stableJson(a) === stableJson(b)) return [];
  const objects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b);
  if (!objects) return [path || '(the whole state)'];
  const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
  return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
}
