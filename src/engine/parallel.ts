/**
 * Breadth-first search on several cores. The coordinator (this thread) and
 * `workers - 1` worker threads expand each level together, sharing one
 * fingerprint table, the per-state columns (parent, action index, goal bits)
 * and the frontier in shared memory; see parallel-expander.ts for what each
 * thread does. The coordinator starts expanding at once: a worker thread
 * joins at the first level after it has started (a thread takes tens of
 * milliseconds to start, and its code more to warm up). Between levels the
 * coordinator gathers the regions of new states into the next frontier and
 * sums what was found; when the table is 3/4 full, in the middle of a level
 * or not, it has the threads pause, double the table and the columns, and go
 * on. At the end it runs the liveness pass on the edges every thread
 * recorded. The result is the one-worker `explore`'s: the same
 * distinct states, transitions, depth and verdicts; a counterexample is as
 * short, though possibly another one of that length.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { identifier } from './codec.ts';
import type { ExploreOptions, ExploreReport, LivenessStats, PropertyResult, StopReason } from './explore.ts';
import { collisionOdds } from './fingerprint.ts';
import { StateGraph } from './graph.ts';
import type { Model, Property } from './model.ts';
import { LevelExpander, type EdgePart, type LevelResult } from './parallel-expander.ts';
import {
  CMD,
  COUNTER,
  CURSOR,
  Command,
  DONE,
  ERROR,
  FOUND,
  FRESH,
  FULL,
  GROW_AT,
  MAX_STATES,
  PAUSE,
  READY,
  REGION_WORDS,
  TICKET,
  TRANSITIONS,
  awaitMessage,
  blockOf,
  controlSize,
  type Frontier,
  type LevelOrder,
  type LevelReport,
  type ModelSource,
  type SharedArrays,
  type SharedColumns,
} from './parallel-layout.ts';
import { SharedTable } from './shared-table.ts';
import { depthOf } from './trace.ts';
import { livenessResults, safetyResult } from './verdicts.ts';
import { acquire, discard, ring } from './worker-pool.ts';

/** The shared table's load at which it grows. */
const GROW_LOAD = 0.75;

/** Searches with `workers` threads in all: this one and `workers - 1` worker threads built from `source`. */
export function exploreParallel<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  source: ModelSource,
  workers: number,
  options: ExploreOptions = {},
): ExploreReport<S, A> {
  const started = performance.now();
  // Refuses symmetry reduction with liveness before any thread starts.
  identifier(model, properties.some((p) => p.kind === 'eventually'));
  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const helpers = Math.max(0, workers - 1);
  const control = new Int32Array(new SharedArrayBuffer(controlSize(helpers, safety.length) * 4));
  const decided = new Int32Array(new SharedArrayBuffer(Math.max(1, safety.length) * 4));
  if (options.maxStates !== undefined) control[MAX_STATES] = Math.max(1, options.maxStates);

  // The worker threads start first (or are kept from an earlier search): they get ready while this thread works.
  const pooled = acquire(source, helpers);
  const ports = pooled.map((w) => w.port);
  pooled.forEach((w, index) => ring(w, { args: source.args, index, control: control.buffer, decided: decided.buffer }));
  let ended = false;
  const block = (w: number) => blockOf(w, safety.length);
  /** The worker threads taking part, by index. */
  const joined: number[] = [];

  const failIfError = () => {
    if (Atomics.load(control, ERROR) === 0) return;
    const messages = ports.map((p) => (receiveMessageOnPort(p)?.message as { error?: string } | undefined)?.error).filter(Boolean);
    throw new Error(`a search worker failed: ${messages[0] ?? 'unknown error'}`);
  };
  const waitFor = (index: number, target: number) => {
    for (let v = Atomics.load(control, index); v < target; v = Atomics.load(control, index)) {
      Atomics.wait(control, index, v, 200);
      failIfError();
    }
  };
  /** Hands the joined workers a command (after `post`, which puts on a worker's port what it needs). */
  const issue = (cmd: Command, post?: (port: MessagePort) => void) => {
    Atomics.store(control, DONE, 0);
    Atomics.store(control, CMD, cmd);
    for (const w of joined) {
      post?.(ports[w]);
      Atomics.add(control, block(w) + TICKET, 1);
      Atomics.notify(control, block(w) + TICKET);
    }
  };
  const finish = () => {
    waitFor(DONE, joined.length);
    failIfError();
  };
  /**
   * Tells every worker, joined or not, to stop; waits for none. The workers
   * are kept for the next search only when this one ended normally.
   */
  const stop = () => {
    Atomics.store(control, CMD, Command.Stop);
    for (let w = 0; w < helpers; w++) {
      Atomics.add(control, block(w) + TICKET, 1);
      Atomics.notify(control, block(w) + TICKET);
    }
    if (!ended) discard(pooled);
  };

  // The table grows (doubles) when 3/4 full, as the one-thread table does; it is never
  // full, since the threads stop within a few thousand states of the mark.
  const slack = (helpers + 1) * 4096;
  let capacity = 1 << 16;
  while (capacity / 8 < slack) capacity *= 2;
  let shared: SharedArrays = { table: SharedTable.allocate(capacity, live.length > 0), columns: allocateColumns(capacity * GROW_LOAD + slack) };
  let table = new SharedTable(shared.table);
  let views = columnViews(shared.columns);
  control[GROW_AT] = capacity * GROW_LOAD;
  const self = new LevelExpander(model, properties, control, decided);
  self.attach(shared);
  /** Doubles the table (the threads copy it) and the columns. */
  const grow = () => {
    capacity *= 2;
    const larger: SharedArrays = {
      table: SharedTable.allocate(capacity, table.ids !== null),
      columns: growColumns(shared.columns, capacity * GROW_LOAD + slack, control[COUNTER]),
    };
    control[CURSOR] = 0;
    issue(Command.Grow, (p) => p.postMessage(larger));
    self.grow(larger);
    finish();
    shared = larger;
    table = new SharedTable(shared.table);
    views = columnViews(shared.columns);
    control[GROW_AT] = capacity * GROW_LOAD;
    control[PAUSE] = 0;
  };
  const resolve = () => {
    issue(Command.Resolve);
    self.resolveEdges();
    finish();
  };
  const found = new Int32Array(safety.length).fill(-1);
  /** A state that decides safety property k; the first one found stands, and the threads stop checking k. */
  const decide = (k: number, id: number) => {
    if (id >= 0 && found[k] === -1) {
      found[k] = id;
      decided[k] = 1;
    }
  };
  let peakRss = process.memoryUsage().rss;

  // The initial states, numbered and checked here: the first level's frontier.
  let inits: readonly S[];
  let first: LevelResult;
  try {
    inits = model.init();
    first = self.start(inits);
  } catch (e) {
    stop();
    throw e;
  }
  let level = first.frontier;
  first.found.forEach((id, k) => decide(k, id));
  // The initial states are the first ones numbered, those without a parent.
  const initIds: number[] = [];
  for (let id = 0; id < first.fresh; id++) if (views.parent[id] < 0) initIds.push(id);

  let transitions = 0;
  let depth = 0;
  let stoppedBecause: StopReason = 'exhausted';
  let frontier = first.fresh;
  try {
    let nextProgress = started + (options.progressInterval ?? 1000);
    while (frontier > 0) {
      failIfError();
      for (let w = 0; w < helpers; w++) {
        if (!joined.includes(w) && Atomics.load(control, block(w) + READY) === 1) {
          ports[w].postMessage(shared);
          joined.push(w);
        }
      }
      if (control[COUNTER] >= control[GROW_AT]) grow();
      // The level, in one pass or, when the table must grow meanwhile, in several.
      let current = level;
      let resume = false;
      let mine: LevelResult;
      let reports: LevelReport[];
      for (;;) {
        control[CURSOR] = 0;
        const order: LevelOrder = { frontier: current, resume };
        issue(Command.Level, (p) => p.postMessage(order));
        mine = self.level(current, resume);
        finish();
        reports = joined.map((w) => awaitMessage(ports[w], failIfError) as LevelReport);
        if (control[PAUSE] === 0 || control[FULL] === 1) break;
        // Left of this level: what each thread left of its region, and the regions nobody took.
        const taken = Math.min(control[CURSOR], current.regions.length / REGION_WORDS);
        const left = [mine.remainder, ...reports.map((r) => r.remainder), current.regions.subarray(taken * REGION_WORDS)];
        current = { pages: current.pages, regions: concat(left) };
        resume = true;
        // Every state found so far is numbered, and edges name slots of the table about to go.
        if (live.length > 0) resolve();
        grow();
      }
      level = gather([mine.frontier, ...reports.map((r) => r.frontier)]);
      if (live.length > 0) resolve();
      depth++;
      frontier = mine.fresh;
      transitions += mine.transitions;
      for (let k = 0; k < safety.length; k++) decide(k, mine.found[k]);
      for (const w of joined) {
        const b = block(w);
        frontier += control[b + FRESH];
        transitions += control[b + TRANSITIONS];
        for (let k = 0; k < safety.length; k++) decide(k, control[b + FOUND + k]);
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const now = performance.now();
      if (options.onProgress && now >= nextProgress) {
        nextProgress = now + (options.progressInterval ?? 1000);
        options.onProgress({ states: control[COUNTER], transitions, queued: frontier, depth, seconds: (now - started) / 1000 });
      }
      if (control[FULL] === 1 || (frontier > 0 && options.maxStates !== undefined && control[COUNTER] >= options.maxStates)) {
        stoppedBecause = 'max-states';
        break;
      }
      if (frontier > 0 && options.stopWhenDecided && live.length === 0 && found.every((f) => f !== -1)) {
        stoppedBecause = 'all-decided';
        break;
      }
    }
    const searchSeconds = (performance.now() - started) / 1000;
    // A worker that could not even start is an error, even when this thread finished without it.
    for (let w = 0; w < helpers; w++) waitFor(block(w) + READY, 1);
    const states = Math.min(control[COUNTER], options.maxStates ?? Infinity);
    const complete = stoppedBecause === 'exhausted';
    const results = new Map<string, PropertyResult<S, A>>();
    safety.forEach((p, k) => results.set(p.name, safetyResult(model, inits, views.parent, views.via, p, found[k], complete)));
    let liveness: LivenessStats | undefined;
    if (live.length > 0) {
      const t0 = performance.now();
      const graph = complete ? collectGraph(states, views.goals, live.length) : null;
      for (const r of livenessResults(model, inits, views.parent, graph, live, initIds)) results.set(r.name, r);
      const graphBytes = (graph?.bytes ?? 0) + (table.ids?.byteLength ?? 0);
      liveness = {
        seconds: (performance.now() - t0) / 1000,
        graphBytes,
        bytesPerState: graphBytes / Math.max(1, states),
        edges: graph?.target.length ?? 0,
        fairnessClasses: graph?.classNames.length ?? 0,
      };
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const slotBytes = table.slots.byteLength;
    ended = true;
    return {
      complete,
      stoppedBecause,
      states,
      transitions,
      depth: depthOf(views.parent, states - 1),
      seconds: (performance.now() - started) / 1000,
      searchSeconds,
      threads: 1 + joined.length,
      liveness,
      tableBytes: slotBytes,
      bytesPerState: states > 0 ? slotBytes / states : 0,
      engineBytes: table.bytes + views.parent.byteLength + views.via.byteLength + views.goals.byteLength,
      peakRssBytes: peakRss,
      collisionOdds: collisionOdds(states),
      properties: properties.map((p) => results.get(p.name)!),
    };
  } finally {
    stop();
  }

  /** The edges every thread recorded, as one graph in state order. */
  function collectGraph(states: number, goals: Uint8Array, properties: number): StateGraph {
    issue(Command.Edges);
    const parts: EdgePart[] = [self.edges()];
    finish();
    for (const w of joined) parts.push(awaitMessage(ports[w], failIfError) as EdgePart);
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
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One frontier of the regions every worker filled. */
function gather(parts: Frontier[]): Frontier {
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

function allocateColumns(capacity: number): SharedColumns {
  return {
    parent: new SharedArrayBuffer(capacity * 4),
    via: new SharedArrayBuffer(capacity * 2),
    goals: new SharedArrayBuffer(capacity),
  };
}

function growColumns(old: SharedColumns, capacity: number, used: number): SharedColumns {
  const next = allocateColumns(capacity);
  new Int32Array(next.parent).set(new Int32Array(old.parent).subarray(0, used));
  new Uint16Array(next.via).set(new Uint16Array(old.via).subarray(0, used));
  new Uint8Array(next.goals).set(new Uint8Array(old.goals).subarray(0, used));
  return next;
}

function columnViews(c: SharedColumns) {
  return { parent: new Int32Array(c.parent), via: new Uint16Array(c.via), goals: new Uint8Array(c.goals) };
}
