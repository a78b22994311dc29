/**
 * Breadth-first search on several cores. Worker threads expand each level in
 * parallel, sharing one fingerprint table, the per-state columns (parent,
 * action index, goal bits) and the frontier in shared memory; the
 * coordinator (this thread) blocks between levels, gathers the regions of
 * new states the workers filled into the next level's frontier, sums what
 * they found, grows the shared arrays when the next level could overfill
 * them, and at the end runs the liveness pass on the edges the workers hand
 * over. The result is the same report as the
 * one-worker `explore`: the same distinct states, transitions, depth and
 * verdicts; a counterexample is as short, though possibly another one of
 * that length.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ByteWriter } from './bytes.ts';
import { codecOf } from './codec.ts';
import type { ExploreOptions, ExploreReport, LivenessStats, PropertyResult, StopReason } from './explore.ts';
import { collisionOdds, fingerprint } from './fingerprint.ts';
import { StateGraph } from './graph.ts';
import type { Model, Property } from './model.ts';
import { CMD, COUNTER, CURSOR, Command, awaitMessage, DONE, ERROR, FULL, MAX_STATES, READY, SEQ, controlSize, resultBase, type Frontier, type ModelSource, type SharedColumns } from './parallel-layout.ts';
import { SharedTable } from './shared-table.ts';
import { depthOf } from './trace.ts';
import { workerScript } from './worker-bundle.ts';
import { livenessResults, safetyResult } from './verdicts.ts';

/**
 * The table is sized for the worst case of the next level (every successor
 * new), which never happens; at that worst case it would be 90% full, and in
 * practice it stays far below.
 */
const MAX_LOAD = 0.9;

export function exploreParallel<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  source: ModelSource,
  workers: number,
  options: ExploreOptions = {},
): ExploreReport<S, A> {
  const started = performance.now();
  const codec = codecOf(model);
  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const control = new Int32Array(new SharedArrayBuffer(controlSize(workers, safety.length) * 4));
  const decided = new Int32Array(new SharedArrayBuffer(Math.max(1, safety.length) * 4));
  if (options.maxStates !== undefined) control[MAX_STATES] = Math.max(1, options.maxStates);
  let tableBuffers = SharedTable.allocate(1 << 16, live.length > 0);
  let table = new SharedTable(tableBuffers);
  let columns = allocateColumns(Math.floor(table.capacity * MAX_LOAD));
  let views = columnViews(columns);
  const found = new Int32Array(safety.length).fill(-1);
  let peakRss = process.memoryUsage().rss;

  // The initial states, numbered and checked here: the first level's frontier.
  const inits = model.init();
  const writer = new ByteWriter();
  const fp = new Int32Array(2);
  const initIds: number[] = [];
  const records = new ByteWriter();
  for (let i = 0; i < inits.length; i++) {
    writer.reset();
    codec.encode(inits[i], writer);
    fingerprint(writer.buf, writer.length, fp);
    const slot = table.insert(fp[0], fp[1]);
    if (slot >= 0) continue;
    const id = control[COUNTER]++;
    table.setId(~slot, id);
    views.parent[id] = -1 - i;
    let bits = 0;
    live.forEach((p, k) => (p.holds(inits[i]) ? (bits |= 1 << k) : 0));
    views.goals[id] = bits;
    safety.forEach((p, k) => {
      if (found[k] === -1 && p.holds(inits[i]) === (p.kind === 'sometimes')) found[k] = id;
    });
    for (const b of [id & 0xff, (id >>> 8) & 0xff, (id >>> 16) & 0xff, id >>> 24, writer.length & 0xff, writer.length >>> 8]) records.u8(b);
    records.bytes(writer.buf, 0, writer.length);
    initIds.push(id);
  }
  const firstPage = new SharedArrayBuffer(Math.max(1, records.length));
  new Uint8Array(firstPage).set(records.view());
  let level: Frontier = { pages: [firstPage], regions: Int32Array.of(0, 0, records.length, initIds.length) };

  const ports: MessagePort[] = [];
  const threads: Worker[] = [];
  for (let w = 0; w < workers; w++) {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1);
    threads.push(
      new Worker(workerScript(source), {
        workerData: { source, index: w, control: control.buffer, decided: decided.buffer, table: tableBuffers, columns, live: live.length > 0, port: port2 },
        transferList: [port2],
        // The bundle is plain JavaScript: not the parent's loader flags (tsx would load in every thread).
        execArgv: [],
      }),
    );
  }
  const failIfError = () => {
    if (Atomics.load(control, ERROR) === 0) return;
    const messages = ports.map((p) => (receiveMessageOnPort(p)?.message as { error?: string } | undefined)?.error).filter(Boolean);
    for (const t of threads) void t.terminate();
    throw new Error(`a search worker failed: ${messages[0] ?? 'unknown error'}`);
  };
  const waitFor = (index: number, target: number) => {
    for (let v = Atomics.load(control, index); v < target; v = Atomics.load(control, index)) {
      Atomics.wait(control, index, v, 200);
      failIfError();
    }
  };
  const command = (cmd: Command) => {
    Atomics.store(control, DONE, 0);
    Atomics.store(control, CMD, cmd);
    Atomics.add(control, SEQ, 1);
    Atomics.notify(control, SEQ);
    waitFor(DONE, workers);
    failIfError();
  };

  let transitions = 0;
  let depth = 0;
  let stoppedBecause: StopReason = 'exhausted';
  let frontier = initIds.length;
  let branch = 0;
  for (const s of inits) branch = Math.max(branch, model.actions(s).length);
  try {
    waitFor(READY, workers);
    let nextProgress = started + (options.progressInterval ?? 1000);
    while (frontier > 0) {
      // Room for the worst case of the next level: every frontier state's every successor new.
      const states = control[COUNTER];
      // A successor may branch more than its parent: a margin of 2.
      const worst = states + frontier * (branch + 2);
      if (worst > views.parent.length) {
        let cap = table.capacity * 2;
        while (worst / MAX_LOAD > cap) cap *= 2;
        tableBuffers = SharedTable.allocate(cap, table.ids !== null);
        table = new SharedTable(tableBuffers);
        control[CURSOR] = 0;
        columns = growColumns(columns, Math.floor(cap * MAX_LOAD), states);
        views = columnViews(columns);
        for (const p of ports) p.postMessage({ table: tableBuffers, columns });
        command(Command.Grow);
      }
      control[CURSOR] = 0;
      for (const p of ports) p.postMessage(level);
      command(Command.Level);
      level = gather(ports.map((p) => awaitMessage(p, failIfError) as Frontier));
      if (live.length > 0) command(Command.Resolve);
      depth++;
      frontier = 0;
      for (let w = 0; w < workers; w++) {
        const base = resultBase(w, safety.length);
        frontier += control[base];
        transitions += control[base + 1];
        branch = Math.max(branch, control[base + 2]);
        for (let k = 0; k < safety.length; k++) {
          const id = control[base + 3 + k];
          if (id >= 0 && found[k] === -1) {
            found[k] = id;
            decided[k] = 1;
          }
        }
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
    return {
      complete,
      stoppedBecause,
      states,
      transitions,
      depth: depthOf(views.parent, states - 1),
      seconds: (performance.now() - started) / 1000,
      searchSeconds,
      liveness,
      tableBytes: slotBytes,
      bytesPerState: states > 0 ? slotBytes / states : 0,
      engineBytes: table.bytes + views.parent.byteLength + views.via.byteLength + views.goals.byteLength,
      peakRssBytes: peakRss,
      collisionOdds: collisionOdds(states),
      properties: properties.map((p) => results.get(p.name)!),
    };
  } finally {
    try {
      command(Command.Stop);
    } catch {
      // A failed worker already said why.
    }
    for (const t of threads) void t.terminate();
  }

  /** The edges every worker recorded, as one graph in state order. */
  function collectGraph(states: number, goals: Uint8Array, properties: number): StateGraph {
    command(Command.Edges);
    const parts = ports.map(
      (p) => awaitMessage(p, failIfError) as { states: Int32Array; counts: Int32Array; targets: Int32Array; classes: Int32Array; classNames: string[] },
    );
    const owner = new Int32Array(states).fill(-1);
    const offset = new Int32Array(states);
    parts.forEach((part, w) => {
      let at = 0;
      for (let k = 0; k < part.states.length; k++) {
        owner[part.states[k]] = w;
        offset[part.states[k]] = at;
        at += part.counts[k];
      }
    });
    const countOf = new Int32Array(states);
    parts.forEach((part) => part.states.forEach((v, k) => (countOf[v] = part.counts[k])));
    const graph = new StateGraph(properties);
    for (let v = 0; v < states; v++) {
      graph.setGoals(v, goals[v]);
      graph.beginState();
      const w = owner[v];
      if (w < 0) continue;
      const part = parts[w];
      for (let e = offset[v]; e < offset[v] + countOf[v]; e++) {
        const c = part.classes[e];
        graph.addEdge(part.targets[e], c === 0 ? null : part.classNames[c]);
      }
    }
    graph.seal();
    return graph;
  }
}

/** One frontier of the regions every worker filled. */
function gather(parts: Frontier[]): Frontier {
  const pages: SharedArrayBuffer[] = [];
  const regions = new Int32Array(parts.reduce((n, p) => n + p.regions.length, 0));
  let r = 0;
  for (const part of parts) {
    for (let k = 0; k < part.regions.length; k += 4) {
      regions.set(part.regions.subarray(k, k + 4), r);
      regions[r] += pages.length;
      r += 4;
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
