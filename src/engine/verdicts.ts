/**
 * Turning what a search found into property results, the same way for the
 * one-thread and the parallel search: a decided safety property gets its
 * rebuilt trace, an eventually property its lasso from the liveness pass.
 */
import type { PropertyResult, Verdict } from './results.ts';
import type { StateGraph } from './graph.ts';
import { findFairLasso } from './liveness.ts';
import type { Model, Property } from './model.ts';
import { followLasso, rebuildPath } from './path.ts';

/** The result of an always or sometimes property, decided at state `found` (-1: never). */
export function safetyResult<S, A>(
  model: Model<S, A>,
  inits: readonly S[],
  parent: Int32Array,
  via: Uint16Array,
  property: Property<S>,
  found: number,
  complete: boolean,
): PropertyResult<S, A> {
  const decided = found !== -1;
  const verdict: Verdict = property.kind === 'always' ? (decided ? 'violated' : 'holds') : decided ? 'witnessed' : 'not-witnessed';
  const base = { name: property.name, kind: property.kind, verdict };
  if (!decided) return { ...base, final: complete };
  const trace = rebuildPath(model, inits, parent, via, found);
  return { ...base, final: true, length: trace.steps.length, trace };
}

/**
 * The results of the eventually properties, from the graph the search
 * recorded; without a graph (the search stopped early) nothing is final.
 */
export function livenessResults<S, A>(
  model: Model<S, A>,
  inits: readonly S[],
  parent: Int32Array,
  graph: StateGraph | null,
  live: readonly Property<S>[],
  initIds: readonly number[],
): PropertyResult<S, A>[] {
  return live.map((p, bit) => {
    const base = { name: p.name, kind: p.kind };
    if (!graph) return { ...base, verdict: 'holds', final: false };
    const lasso = findFairLasso(graph, bit, initIds);
    if (!lasso) return { ...base, verdict: 'holds', final: true };
    const trace = followLasso(model, inits[-1 - parent[lasso.root]], lasso.prefix, lasso.cycle);
    return { ...base, verdict: 'violated', final: true, length: lasso.prefix.length + lasso.cycle.length, trace };
  });
}
