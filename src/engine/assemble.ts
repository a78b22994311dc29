/**
 * The end of an exhaustive search, the same for the one-thread and the
 * parallel search: from the columns the search filled (parents, action
 * indices) and the states it found deciding each property, the property
 * results with their traces, the liveness pass, the coverage of action
 * types, and the figures. The two searches differ only in how they found
 * what they hand over here.
 */
import { collisionOdds } from './fingerprint.ts';
import type { StateGraph } from './graph.ts';
import type { Model, Property } from './model.ts';
import type { Coverage, ExploreReport, LivenessStats, PropertyResult, StopReason } from './results.ts';
import { depthOf } from './trace.ts';
import { livenessResults, safetyResult } from './verdicts.ts';

export interface SearchEnd<S, A> {
  model: Model<S, A>;
  properties: readonly Property<S>[];
  inits: readonly S[];
  parent: Int32Array;
  via: Uint16Array;
  /** Per safety property (in the order of `properties` without the eventually ones), the state that decides it, or -1. */
  found: Int32Array;
  states: number;
  transitions: number;
  stoppedBecause: StopReason;
  /** performance.now() when the search started, and the seconds the breadth-first search took. */
  started: number;
  searchSeconds: number;
  threads?: number;
  /** Whether the counts of this (incomplete) run may differ in another run of the same search. */
  countsVary: boolean;
  /**
   * The state graph for the liveness pass, asked for only when there are
   * eventually properties (its verdicts are final only when `complete`).
   */
  graph(complete: boolean): StateGraph | null;
  /** Bytes of the state numbers the table keeps for the liveness pass. */
  idBytes: number;
  tableBytes: number;
  engineBytes: number;
  peakRssBytes: number;
  /** Transitions per action type (`model.actionTypes`), or null when the model names none. */
  taken: Int32Array | null;
}

export function assembleReport<S, A>(end: SearchEnd<S, A>): ExploreReport<S, A> {
  const { model, properties, inits, parent, states } = end;
  const complete = end.stoppedBecause === 'exhausted';
  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const results = new Map<string, PropertyResult<S, A>>();
  safety.forEach((p, k) => results.set(p.name, safetyResult(model, inits, parent, end.via, p, end.found[k], complete)));

  let liveness: LivenessStats | undefined;
  if (live.length > 0) {
    const t0 = performance.now();
    const graph = end.graph(complete);
    // The initial states are the first ones numbered, those without a parent.
    const initIds: number[] = [];
    for (let id = 0; id < Math.min(inits.length, states); id++) if (parent[id] < 0) initIds.push(id);
    for (const r of livenessResults(model, inits, parent, complete ? graph : null, live, initIds)) results.set(r.name, r);
    const graphBytes = (graph?.bytes ?? 0) + end.idBytes;
    liveness = {
      seconds: (performance.now() - t0) / 1000,
      graphBytes,
      bytesPerState: graphBytes / Math.max(1, states),
      edges: graph?.target.length ?? 0,
      fairnessClasses: graph?.classNames.length ?? 0,
    };
  }

  return {
    complete,
    stoppedBecause: end.stoppedBecause,
    countsVary: !complete && end.countsVary,
    states,
    transitions: end.transitions,
    depth: depthOf(parent, states - 1),
    seconds: (performance.now() - end.started) / 1000,
    searchSeconds: end.searchSeconds,
    ...(end.threads !== undefined ? { threads: end.threads } : {}),
    liveness,
    tableBytes: end.tableBytes,
    bytesPerState: states > 0 ? end.tableBytes / states : 0,
    engineBytes: end.engineBytes,
    peakRssBytes: Math.max(end.peakRssBytes, process.memoryUsage().rss),
    collisionOdds: collisionOdds(states),
    ...coverageOf(model, end.taken),
    properties: properties.map((p) => results.get(p.name)!),
  };
}

/** The coverage fields of a report: none when the model names no action types. */
export function coverageOf<S, A>(model: Model<S, A>, taken: Int32Array | null): Partial<Coverage> {
  const types = model.actionTypes;
  if (!types || !taken) return {};
  const coverage = types.map((action, t) => ({ action, taken: taken[t] }));
  return { coverage, dead: coverage.filter((c) => c.taken === 0).map((c) => c.action) };
}

/** A counter per action type for the model, or null when it names none (see `Model.actionTypes`). */
export function typeCounters<S, A>(model: Model<S, A>): Int32Array | null {
  return model.actionTypes && model.actionType ? new Int32Array(model.actionTypes.length) : null;
}
