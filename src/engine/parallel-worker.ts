/**
 * A worker thread of the parallel search, kept between searches (see
 * worker-pool.ts). For each search it builds the model from its source and
 * the search's arguments, says it is ready, and then does what its tickets
 * say with a `LevelExpander` (see parallel-expander.ts) until told to stop. The shared
 * table and columns come on its port when it joins and when they grow; a
 * level's frontier comes on the port with the level's ticket, and the
 * regions of new states it filled (and, after a pause, what it left of the
 * region in hand) go back the same way.
 */
import { workerData } from 'node:worker_threads';
import type { Model, Property } from './model.ts';
import { LevelExpander } from './parallel-expander.ts';
import {
  CMD,
  Command,
  DONE,
  ERROR,
  FOUND,
  FRESH,
  READY,
  TICKET,
  TRANSITIONS,
  awaitMessage,
  blockOf,
  coverageRow,
  type LevelOrder,
  type LevelReport,
  type RunOrder,
  type SharedArrays,
  type WorkerSetup,
} from './parallel-layout.ts';

const setup = workerData as WorkerSetup;
const port = setup.port;

type Build = (args: unknown) => { model: Model<unknown, unknown>; properties: Property<unknown>[] };

/** The worker's life: wait for the doorbell, take part in the search it announces, and wait again. */
export function startWorker(build: Build): void {
  const doorbell = new Int32Array(setup.doorbell);
  let rung = 0;
  for (;;) {
    Atomics.wait(doorbell, 0, rung);
    rung = Atomics.load(doorbell, 0);
    search(build, awaitMessage(port) as RunOrder);
  }
}

/** One search: build the model from the order's arguments, then serve commands until told to stop. */
function search(build: Build, order: RunOrder): void {
  const control = new Int32Array(order.control);
  let built: ReturnType<Build>;
  try {
    built = build(order.args);
  } catch (e) {
    fail(control, e);
    return;
  }
  try {
    serve(control, order, built.model, built.properties);
  } catch (e) {
    fail(control, e);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

function fail(control: Int32Array, e: unknown): void {
  port.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  Atomics.store(control, ERROR, 1);
  Atomics.notify(control, DONE);
}

function serve<S, A>(control: Int32Array, order: RunOrder, model: Model<S, A>, properties: Property<S>[]): void {
  const safety = properties.filter((p) => p.kind !== 'eventually').length;
  const block = blockOf(order.index, safety);
  const types = model.actionTypes?.length ?? 0;
  const expander = new LevelExpander(model, properties, control, new Int32Array(order.decided), {
    taken: order.coverage && types > 0 ? coverageRow(order.coverage, 1 + order.index, types) : null,
    liveSlot: block + TRANSITIONS,
  });
  let joined = false;
  let ticket = 0;
  Atomics.store(control, block + READY, 1);
  Atomics.notify(control, block + READY);
  for (;;) {
    Atomics.wait(control, block + TICKET, ticket);
    ticket = Atomics.load(control, block + TICKET);
    const cmd = Atomics.load(control, CMD);
    if (cmd === Command.Stop) return;
    if (!joined) {
      expander.attach(awaitMessage(port) as SharedArrays);
      joined = true;
    }
    if (cmd === Command.Grow) {
      expander.grow(awaitMessage(port) as SharedArrays);
    } else if (cmd === Command.Level) {
      const order = awaitMessage(port) as LevelOrder;
      const r = expander.level(order.frontier, order.resume);
      port.postMessage({ frontier: r.frontier, remainder: r.remainder } satisfies LevelReport);
      control[block + FRESH] = r.fresh;
      control[block + TRANSITIONS] = r.transitions;
      for (let p = 0; p < safety; p++) control[block + FOUND + p] = r.found[p];
    } else if (cmd === Command.Resolve) {
      expander.resolveEdges();
    } else if (cmd === Command.Edges) {
      const edges = expander.edges();
      const buffers = [edges.states, edges.counts, edges.targets, edges.classes].map((a) => a.buffer as ArrayBuffer);
      port.postMessage(edges, buffers);
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
