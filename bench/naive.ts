/**
 * The in-process baseline: the breadth-first search a TypeScript user would
 * write first (immer reducer, JSON.stringify, a Set of strings, a queue of
 * objects). Kept only here, so that the benchmark can report lockstep's rate
 * as a ratio to it, measured in the same process on the same machine.
 */
import type { Model } from '../src/engine/model.ts';

export function naiveSearch<S, A>(model: Model<S, A>, maxStates: number): { states: number; transitions: number; seconds: number } {
  const started = performance.now();
  const seen = new Set<string>();
  let queue: S[] = [];
  for (const s of model.init()) {
    const key = JSON.stringify(s);
    if (!seen.has(key)) {
      seen.add(key);
      queue.push(s);
    }
  }
  let transitions = 0;
  while (queue.length > 0 && seen.size < maxStates) {
    const next: S[] = [];
    for (const s of queue) {
      for (const a of model.actions(s)) {
        const t = model.next(s, a);
        transitions++;
        const key = JSON.stringify(t);
        if (!seen.has(key)) {
          seen.add(key);
          next.push(t);
        }
      }
      if (seen.size >= maxStates) break;
    }
    queue = next;
  }
  return { states: seen.size, transitions, seconds: (performance.now() - started) / 1000 };
}
