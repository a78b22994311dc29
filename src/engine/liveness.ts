/**
 * `eventually` properties under weak fairness, on the graph the explorer
 * recorded. A counterexample is a path from an initial state that never
 * reaches the goal and then either gets stuck (no action enabled) or loops
 * forever in a cycle that is fair: every weakly-fair action class is taken
 * somewhere on the cycle or disabled somewhere on it.
 *
 * The usual way (TLC and SPIN work on the same graph): restrict the graph to
 * goal-avoiding states reachable through goal-avoiding states, split it into
 * strongly connected components (Tarjan, iteratively), and test each
 * component. Under weak fairness alone a component holds a fair cycle exactly
 * when every class enabled in all of its states is taken on one of its inner
 * edges; a cycle through all its states and those edges is then fair, and no
 * smaller cycle can be fair when the component is not.
 */
import type { StateGraph } from './graph.ts';

/** A lasso as state numbers and action indices: prefix from an initial state, then a cycle back to its start. */
export interface LassoPath {
  /** The initial state the prefix starts from. */
  root: number;
  prefix: number[];
  /** Empty when the run is stuck at the end of the prefix. */
  cycle: number[];
}

/** The graph's arrays, and each state's component number, as the analysis reads them. */
interface View {
  start: Int32Array;
  target: Int32Array;
  fair: Uint16Array;
  classes: number;
  scc: Int32Array;
}

export function findFairLasso(g: StateGraph, bit: number, inits: readonly number[]): LassoPath | null {
  const n = g.states;
  const start = g.edgeStart.data;
  const target = g.target.data;
  const fair = g.fairClass.data;
  const mask = 1 << bit;
  const avoid = (v: number) => (g.goals[v] & mask) === 0;

  // Breadth-first over goal-avoiding states: shortest prefixes, and a stuck state if any.
  const parent = new Int32Array(n).fill(-2);
  const via = new Uint16Array(n);
  const dist = new Int32Array(n).fill(-1);
  const order: number[] = [];
  for (const s of inits) {
    if (!avoid(s) || dist[s] >= 0) continue;
    parent[s] = -1;
    dist[s] = 0;
    order.push(s);
  }
  for (let h = 0; h < order.length; h++) {
    const v = order[h];
    if (start[v] === start[v + 1]) return { ...prefixTo(v, parent, via), cycle: [] };
    for (let e = start[v]; e < start[v + 1]; e++) {
      const w = target[e];
      if (dist[w] >= 0 || !avoid(w)) continue;
      dist[w] = dist[v] + 1;
      parent[w] = v;
      via[w] = e - start[v];
      order.push(w);
    }
  }

  let best: { entry: number; members: Int32Array; id: number } | null = null;
  const view: View = { start, target, fair, classes: g.classNames.length, scc: new Int32Array(n).fill(-1) };
  tarjan(order, (v) => dist[v] >= 0, start, target, (members, id) => {
    for (const v of members) view.scc[v] = id;
    if (members.length === 1 && !selfLoop(members[0], start, target)) return;
    if (!isFair(members, id, view)) return;
    let entry = members[0];
    for (const v of members) if (dist[v] < dist[entry]) entry = v;
    if (!best || dist[entry] < dist[best.entry]) best = { entry, members: Int32Array.from(members), id };
  });
  if (!best) return null;
  const { entry, members, id } = best;
  const cycle = fairCycle(entry, members, id, view);
  return { ...prefixTo(entry, parent, via), cycle };
}

function prefixTo(v: number, parent: Int32Array, via: Uint16Array): { root: number; prefix: number[] } {
  const prefix: number[] = [];
  let u = v;
  while (parent[u] >= 0) {
    prefix.push(via[u]);
    u = parent[u];
  }
  return { root: u, prefix: prefix.reverse() };
}

function selfLoop(v: number, start: Int32Array, target: Int32Array): boolean {
  for (let e = start[v]; e < start[v + 1]; e++) if (target[e] === v) return true;
  return false;
}

/**
 * Iterative Tarjan over the states `inside` accepts, from each root in turn.
 * Components are reported as they close, as arrays of state numbers.
 */
function tarjan(
  roots: readonly number[],
  inside: (v: number) => boolean,
  start: Int32Array,
  target: Int32Array,
  emit: (members: number[], id: number) => void,
): void {
  const n = start.length - 1;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callNode: number[] = [];
  const callEdge: number[] = [];
  let counter = 0;
  let components = 0;

  for (const root of roots) {
    if (index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callNode.push(root);
    callEdge.push(start[root]);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode[top];
      const e = callEdge[top];
      if (e < start[v + 1]) {
        callEdge[top] = e + 1;
        const w = target[e];
        if (!inside(w)) continue;
        if (index[w] < 0) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(start[w]);
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      callNode.pop();
      callEdge.pop();
      if (callNode.length > 0) {
        const u = callNode[callNode.length - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
      if (low[v] === index[v]) {
        const members: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          members.push(w);
        } while (w !== v);
        emit(members, components++);
      }
    }
  }
}

/** How many members enable each class, and which classes inner edges take. */
function classUse(members: ArrayLike<number>, id: number, { scc, start, target, fair, classes }: View): { enabledIn: Int32Array; taken: Uint8Array } {
  const enabledIn = new Int32Array(classes + 1);
  const seenAt = new Int32Array(classes + 1).fill(-1);
  const taken = new Uint8Array(classes + 1);
  for (let i = 0; i < members.length; i++) {
    const v = members[i];
    for (let e = start[v]; e < start[v + 1]; e++) {
      const c = fair[e];
      if (c === 0) continue;
      if (seenAt[c] !== v) {
        seenAt[c] = v;
        enabledIn[c]++;
      }
      if (scc[target[e]] === id) taken[c] = 1;
    }
  }
  return { enabledIn, taken };
}

function isFair(members: readonly number[], id: number, view: View): boolean {
  const { enabledIn, taken } = classUse(members, id, view);
  for (let c = 1; c <= view.classes; c++) if (enabledIn[c] === members.length && !taken[c]) return false;
  return true;
}

/**
 * A fair cycle from `entry` inside a fair component, as action indices: it
 * visits, for each class enabled somewhere but not everywhere in the
 * component, a state where it is disabled, and takes, for each class enabled
 * everywhere, an inner edge of that class; then it returns to `entry`.
 * Greedy: always the nearest open obligation next.
 */
function fairCycle(entry: number, members: Int32Array, id: number, view: View): number[] {
  const { start, target, fair, classes, scc } = view;
  const { enabledIn } = classUse(members, id, view);
  const mustTake = new Set<number>();
  const mustMiss = new Set<number>();
  for (let c = 1; c <= classes; c++) {
    if (enabledIn[c] === members.length) mustTake.add(c);
    else if (enabledIn[c] > 0) mustMiss.add(c);
  }
  const enabledAt = (v: number) => {
    const set = new Set<number>();
    for (let e = start[v]; e < start[v + 1]; e++) if (fair[e]) set.add(fair[e]);
    return set;
  };
  const cycle: number[] = [];
  const arrive = (v: number) => {
    const here = enabledAt(v);
    for (const c of [...mustMiss]) if (!here.has(c)) mustMiss.delete(c);
  };
  const takeEdge = (e: number, from: number) => {
    cycle.push(e - start[from]);
    mustTake.delete(fair[e]);
    arrive(target[e]);
    return target[e];
  };

  let at = entry;
  arrive(at);
  while (mustTake.size > 0 || mustMiss.size > 0) {
    const path = nearest(at, id, view, (v) => {
      if ([...mustMiss].some((c) => !enabledAt(v).has(c))) return -1;
      for (let e = start[v]; e < start[v + 1]; e++) if (mustTake.has(fair[e]) && scc[target[e]] === id) return e;
      return -2;
    });
    for (const [e, from] of path.edges) at = takeEdge(e, from);
    if (path.take >= 0) at = takeEdge(path.take, at);
  }
  if (cycle.length === 0 || at !== entry) {
    if (at === entry) {
      // Leave once so that the loop is not empty.
      for (let e = start[at]; e < start[at + 1]; e++) {
        if (scc[target[e]] === id) {
          at = takeEdge(e, at);
          break;
        }
      }
    }
    const back = nearest(at, id, view, (v) => (v === entry ? -1 : -2));
    for (const [e, from] of back.edges) at = takeEdge(e, from);
  }
  return cycle;
}

/**
 * Breadth-first inside the component from `from` to the nearest state that
 * `goal` accepts: -1 to stop there, an edge number to stop there and then take
 * that edge, -2 to go on. Returns the edges walked and the edge to take.
 */
function nearest(from: number, id: number, { scc, start, target }: View, goal: (v: number) => number): { edges: [number, number][]; take: number } {
  const back = new Map<number, [number, number]>();
  const queue = [from];
  back.set(from, [-1, -1]);
  for (let h = 0; h < queue.length; h++) {
    const v = queue[h];
    const g = goal(v);
    if (g !== -2) {
      const edges: [number, number][] = [];
      let u = v;
      while (u !== from) {
        const [e, p] = back.get(u)!;
        edges.push([e, p]);
        u = p;
      }
      return { edges: edges.reverse(), take: g };
    }
    for (let e = start[v]; e < start[v + 1]; e++) {
      const w = target[e];
      if (scc[w] !== id || back.has(w)) continue;
      back.set(w, [e, v]);
      queue.push(w);
    }
  }
  throw new Error('internal: no path inside a strongly connected component');
}
