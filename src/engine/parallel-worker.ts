/**
 * One worker of the parallel search. Each level's frontier lies in shared
 * memory as regions of a few hundred states; the workers take regions one
 * at a time until none is left, so a level is shared out as they become
 * free, whatever the states cost to expand. A new state goes into the shared
 * fingerprint table at once, and into the worker's open region; when the
 * region is full the worker numbers its states in one step (one atomic add
 * for the batch) and writes their parent, action and goal entries, which
 * then lie side by side, not interleaved with another worker's. The regions
 * a worker filled go back to the coordinator and make up the next level.
 *
 * For the liveness pass a worker keeps the out-edges of the states it
 * expanded. An edge's target may be a state another worker has not numbered
 * yet, so an edge first names the target's table slot, and is turned into
 * the state's number after the level, when every new state has one.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ByteReader, ByteWriter } from './bytes.ts';
import { codecOf, stepper } from './codec.ts';
import { fingerprint } from './fingerprint.ts';
import type { Model, Property } from './model.ts';
import { CMD, COUNTER, CURSOR, Command, awaitMessage, DONE, GROW_SPAN, ERROR, FULL, MAX_STATES, READY, SEQ, resultBase, type Frontier, type WorkerSetup } from './parallel-layout.ts';
import { SharedTable } from './shared-table.ts';

/** Bytes of one page of frontier records, and of a region (the unit a worker takes). */
const PAGE = 1 << 20;
const REGION = 1 << 14;
/** A record's header: state number (4 bytes) and encoded length (2 bytes). */
const HEADER = 6;

const setup = workerData as WorkerSetup & { port: MessagePort };
const control = new Int32Array(setup.control);
const port = setup.port;

function signalDone(): void {
  Atomics.add(control, DONE, 1);
  Atomics.notify(control, DONE);
}

type Build = (args: unknown) => { model: Model<unknown, unknown>; properties: Property<unknown>[] };

/** The worker's life: build the model from the source's `build`, then serve commands until told to stop. */
export function startWorker(build: Build): void {
  try {
    const built = build(setup.source.args);
    run(built.model, built.properties);
  } catch (e) {
    port.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    Atomics.store(control, ERROR, 1);
    signalDone();
    Atomics.add(control, READY, 1);
    Atomics.notify(control, READY);
  }
}

function run<S, A>(model: Model<S, A>, properties: Property<S>[]): void {
  const codec = codecOf(model);
  const successor = stepper(model);
  const fairness = model.fairness?.bind(model) ?? (() => null);
  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const allGoals = (1 << live.length) - 1;
  const decided = new Int32Array(setup.decided);
  let table = new SharedTable(setup.table);
  let parent = new Int32Array(setup.columns.parent);
  let via = new Uint16Array(setup.columns.via);
  let goals = new Uint8Array(setup.columns.goals);
  const base = resultBase(setup.index, safety.length);
  const writer = new ByteWriter();
  const reader = new ByteReader(new Uint8Array(0));
  const fp = new Int32Array(2);

  // This level's figures, and per safety property the state that decides it (-1: none yet).
  let fresh = 0;
  let transitions = 0;
  let branch = 0;
  let max = 0;
  const result = new Int32Array(safety.length);

  // The page being written, the open region in it, and the regions filled this level.
  let page = new Uint8Array(new SharedArrayBuffer(PAGE));
  let pos = 0;
  let regionStart = 0;
  let pageListed = -1;
  let outPages: SharedArrayBuffer[] = [];
  let outRegions: number[] = [];
  // The open region's states, not numbered yet: parent, action, goals, table slot.
  let pendCap = 1024;
  let pendParent = new Int32Array(pendCap);
  let pendVia = new Uint16Array(pendCap);
  let pendGoals = new Uint8Array(pendCap);
  let pendSlot = new Int32Array(pendCap);
  let pending = 0;
  const pendFound = new Int32Array(safety.length).fill(-1);

  // Edges of the states this worker expanded: per state its number and edge count, then targets and classes.
  const edgeStates: number[] = [];
  const edgeCounts: number[] = [];
  const targets: number[] = [];
  const classes: number[] = [];
  let unresolved = 0;
  const classNames: string[] = [''];
  const classIds = new Map<string, number>([['', 0]]);
  const classOf = (name: string | null): number => {
    if (name === null) return 0;
    let id = classIds.get(name);
    if (id === undefined) {
      id = classNames.length;
      classIds.set(name, id);
      classNames.push(name);
    }
    return id;
  };

  Atomics.add(control, READY, 1);
  Atomics.notify(control, READY);
  let seq = 0;
  for (;;) {
    Atomics.wait(control, SEQ, seq);
    seq = Atomics.load(control, SEQ);
    const cmd = Atomics.load(control, CMD);
    if (cmd === Command.Stop) {
      signalDone();
      port.close();
      parentPort?.close();
      return;
    }
    if (cmd === Command.Grow) {
      const msg = awaitMessage(port) as Pick<WorkerSetup, 'table' | 'columns'>;
      const old = table;
      table = new SharedTable(msg.table);
      // The old table is copied over in spans, each taken by whichever worker is free.
      for (let k = Atomics.add(control, CURSOR, 1); k * GROW_SPAN < old.capacity; k = Atomics.add(control, CURSOR, 1)) {
        table.copyFrom(old, k * GROW_SPAN, Math.min(old.capacity, (k + 1) * GROW_SPAN));
      }
      parent = new Int32Array(msg.columns.parent);
      via = new Uint16Array(msg.columns.via);
      goals = new Uint8Array(msg.columns.goals);
    } else if (cmd === Command.Edges) {
      port.postMessage({
        states: Int32Array.from(edgeStates),
        counts: Int32Array.from(edgeCounts),
        targets: Int32Array.from(targets),
        classes: Int32Array.from(classes),
        classNames,
      });
    } else if (cmd === Command.Level) {
      level(awaitMessage(port) as Frontier);
    } else if (cmd === Command.Resolve) {
      resolveEdges();
    }
    signalDone();
  }

  function level(frontier: Frontier): void {
    fresh = 0;
    transitions = 0;
    branch = 0;
    max = control[MAX_STATES];
    result.fill(-1);
    outPages = [];
    outRegions = [];
    pageListed = -1;
    const pages = frontier.pages.map((b) => new Uint8Array(b));
    const regions = frontier.regions;
    const count = regions.length / 4;
    for (;;) {
      if (Atomics.load(control, FULL) !== 0) break;
      const k = Atomics.add(control, CURSOR, 1);
      if (k >= count) break;
      const buf = pages[regions[4 * k]];
      const end = regions[4 * k + 2];
      for (let at = regions[4 * k + 1]; at < end; ) {
        const from = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
        const length = buf[at + 4] | (buf[at + 5] << 8);
        reader.buf = buf;
        reader.pos = at + HEADER;
        reader.end = at + HEADER + length;
        at = reader.end;
        expand(from, codec.decode(reader));
      }
    }
    flush();
    port.postMessage({ pages: outPages, regions: Int32Array.from(outRegions) } satisfies Frontier);
    control[base] = fresh;
    control[base + 1] = transitions;
    control[base + 2] = branch;
    for (let p = 0; p < safety.length; p++) control[base + 3 + p] = result[p];
  }

  function expand(from: number, state: S): void {
    const actions = model.actions(state);
    if (actions.length > branch) branch = actions.length;
    const record = live.length > 0 && goals[from] !== allGoals;
    if (record) {
      edgeStates.push(from);
      edgeCounts.push(actions.length);
    }
    for (let i = 0; i < actions.length; i++) {
      const succ = successor(state, actions[i]);
      transitions++;
      writer.reset();
      codec.encode(succ, writer);
      fingerprint(writer.buf, writer.length, fp);
      let slot = table.insert(fp[0], fp[1]);
      if (slot < 0) {
        slot = ~slot;
        keep(succ, from, i, slot);
      }
      if (record) {
        targets.push(slot);
        classes.push(classOf(fairness(state, actions[i])));
      }
    }
  }

  /** Appends a new state to the open region; numbers the region's states when it is full. */
  function keep(state: S, from: number, action: number, slot: number): void {
    const length = writer.length;
    if (length > 0xffff) throw new Error('internal: an encoded state over 64 KiB');
    if (pos + HEADER + length > PAGE) {
      flush();
      page = new Uint8Array(new SharedArrayBuffer(PAGE));
      pos = regionStart = 0;
      pageListed = -1;
    }
    page[pos + 4] = length & 0xff;
    page[pos + 5] = length >>> 8;
    page.set(writer.buf.subarray(0, length), pos + HEADER);
    pos += HEADER + length;
    if (pending === pendCap) growPending();
    pendParent[pending] = from;
    pendVia[pending] = action;
    let bits = 0;
    for (let k = 0; k < live.length; k++) if (live[k].holds(state)) bits |= 1 << k;
    pendGoals[pending] = bits;
    pendSlot[pending] = slot;
    for (let p = 0; p < safety.length; p++) {
      if (decided[p] !== 0 || result[p] !== -1 || pendFound[p] !== -1) continue;
      const prop = safety[p];
      if (prop.holds(state) === (prop.kind === 'sometimes')) pendFound[p] = pending;
    }
    pending++;
    if (pos - regionStart >= REGION) flush();
  }

  /**
   * Numbers the open region's states with one atomic add, writes their
   * columns and their numbers (into the records and the table), and closes
   * the region. Past --max-states the surplus is dropped and the search told
   * to stop.
   */
  function flush(): void {
    if (pending === 0) return;
    const first = Atomics.add(control, COUNTER, pending);
    let kept = pending;
    if (max > 0 && first + kept > max) {
      kept = Math.max(0, max - first);
      Atomics.store(control, FULL, 1);
    }
    if (first + kept > parent.length) throw new Error('internal: the shared columns are full (the coordinator under-reserved)');
    let at = regionStart;
    for (let k = 0; k < kept; k++) {
      const id = first + k;
      parent[id] = pendParent[k];
      via[id] = pendVia[k];
      goals[id] = pendGoals[k];
      table.setId(pendSlot[k], id);
      page[at] = id & 0xff;
      page[at + 1] = (id >>> 8) & 0xff;
      page[at + 2] = (id >>> 16) & 0xff;
      page[at + 3] = id >>> 24;
      at += HEADER + (page[at + 4] | (page[at + 5] << 8));
    }
    for (let p = 0; p < safety.length; p++) {
      if (pendFound[p] !== -1 && pendFound[p] < kept && result[p] === -1) result[p] = first + pendFound[p];
      pendFound[p] = -1;
    }
    if (kept > 0) {
      if (pageListed === -1) {
        pageListed = outPages.length;
        outPages.push(page.buffer as SharedArrayBuffer);
      }
      outRegions.push(pageListed, regionStart, at, kept);
      fresh += kept;
    }
    regionStart = pos;
    pending = 0;
  }

  function growPending(): void {
    pendCap *= 2;
    const grow = <T extends Int32Array | Uint16Array | Uint8Array>(old: T, next: T): T => (next.set(old), next);
    pendParent = grow(pendParent, new Int32Array(pendCap));
    pendVia = grow(pendVia, new Uint16Array(pendCap));
    pendGoals = grow(pendGoals, new Uint8Array(pendCap));
    pendSlot = grow(pendSlot, new Int32Array(pendCap));
  }

  /** After a level, when every new state has its number: edges name states, not slots. */
  function resolveEdges(): void {
    const full = Atomics.load(control, FULL) !== 0;
    for (let e = unresolved; e < targets.length; e++) {
      const id = table.idAt(targets[e]);
      if (id < 0 && !full) throw new Error('internal: an edge to a state that was never numbered');
      targets[e] = id;
    }
    unresolved = targets.length;
  }
}
