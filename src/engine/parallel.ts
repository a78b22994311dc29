/**
 * Breadth-first search on several cores. The coordinator (this thread) and
 * `workers - 1` worker threads expand each level together, sharing one
 * fingerprint table, the per-state columns (parent, action index, goal bits)
 * and the frontier in shared memory; see parallel-expander.ts for what each
 * thread does and coordinator.ts for the phases of the search. The
 * coordinator starts expanding at once: a worker thread joins at the first
 * level after it has started (a thread takes tens of milliseconds to start,
 * and its code more to warm up). Between levels the coordinator gathers the
 * regions of new states into the next frontier and sums what was found;
 * when the table is 3/4 full, in the middle of a level or not, it has the
 * threads pause, double the table and the columns, and go on. At the end it
 * runs the liveness pass on the edges every thread recorded. The result is
 * the one-worker `explore`'s: the same distinct states, transitions, depth
 * and verdicts; a counterexample is as short, though possibly another one
 * of that length.
 */
import { Coordinator } from './coordinator.ts';
import type { Model, Property } from './model.ts';
import type { ModelSource } from './parallel-layout.ts';
import type { ExploreOptions, ExploreReport } from './results.ts';
import { turnOfTheLoop } from './turn.ts';

/** Searches with `workers` threads in all: this one and `workers - 1` worker threads built from `source`. */
export function exploreParallel<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  source: ModelSource,
  workers: number,
  options: ExploreOptions = {},
): ExploreReport<S, A> {
  const run = new Coordinator(model, properties, source, workers, options, Infinity).run();
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
  }
}

/**
 * `exploreParallel`, giving the event loop a turn every
 * `options.yieldInterval` ms (50 by default) of the coordinator's work, the
 * worker threads going on meanwhile, and stopping with a partial report,
 * `stoppedBecause: 'interrupted'`, once `options.signal` is aborted. The
 * worker threads are then idle and kept for the next search.
 */
export async function exploreParallelAsync<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  source: ModelSource,
  workers: number,
  options: ExploreOptions = {},
): Promise<ExploreReport<S, A>> {
  const coordinator = new Coordinator(model, properties, source, workers, options, options.yieldInterval ?? 50);
  const run = coordinator.run();
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
    await turnOfTheLoop();
    if (options.signal?.aborted) coordinator.halt('interrupted');
  }
}
