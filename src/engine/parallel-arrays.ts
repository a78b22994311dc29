/**
 * The coordinator's bookkeeping of shared arrays in a parallel search: the
 * per-state columns (allocated, grown, viewed), the next level's frontier
 * gathered from the regions every thread filled, and the liveness graph
 * gathered from the edges every thread recorded.
 */
import { StateGraph } from './graph.ts';
import type { EdgePart } from './parallel-expander.ts';
import { REGION_WORDS, type Frontier, type SharedColumns } from './parallel-layout.ts';

export function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One frontier of the regions every worker filled. */
export function gather(parts: Frontier[]): Frontier {
  const pages: SharedArrayBuffer[] = [];
  const regions = new Int32Array(parts.reduce((n, p) => n + p.regions.length, 0));
  let r = 0;
  for (const part of parts) {
    for (let k = 0; k < part.regions.length; k += REGION_WORDS) {
      regions.set(part.regions.subarray(k, k + REGION_WORDS), r);
      regions[r] += pages.length;
      r += REGION_WORDS;
    }
    pages.push(...part.pages);
  }
  return { pages, regions };
}

export function allocateColumns(capacity: number): SharedColumns {
  return {
    parent: new SharedArrayBuffer(capacity * 4),
    via: new SharedArrayBuffer(capacity * 2),
    goals: new SharedArrayBuffer(capacity),
  };
}

export function growColumns(old: SharedColumns, capacity: number, used: number): SharedColumns {
  const next = allocateColumns(capacity);
  new Int32Array(next.parent).set(new Int32Array(old.parent).subarray(0, used));
  new Uint16Array(next.via).set(new Uint16Array(old.via).subarray(0, used));
  new Uint8Array(next.goals).set(new Uint8Array(old.goals).subarray(0, used));
  return next;
}

export interface ColumnViews {
  parent: Int32Array;
  via: Uint16Array;
  goals: Uint8Array;
}

export function columnViews(c: SharedColumns): ColumnViews {
  return { parent: new Int32Array(c.parent), via: new Uint16Array(c.via), goals: new Uint8Array(c.goals) };
}

/** The edges every thread recorded, as one graph in state order. */
export function collectGraph(states: number, goals: Uint8Array, properties: number, parts: EdgePart[]): StateGraph {
  const graph = new StateGraph(properties);
  // Each thread numbered the fairness classes as it met them: translate them once per thread.
  graph.fill(
    goals,
    states,
    parts.map((part) => {
      const code = Uint16Array.from(part.classNames, (name, c) => (c === 0 ? 0 : graph.codeOf(name)));
      return { ...part, codes: part.classes.map((c) => code[c]) };
    }),
  );
  return graph;
}
