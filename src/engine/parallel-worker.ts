/**
 * A worker thread of the parallel search: it builds the model from its
 * source, says it is ready, and then does what its tickets say with a
 * `LevelExpander` (see parallel-expander.ts) until told to stop. The shared
 * table and columns come on its port when it joins and when they grow; a
 * level's frontier comes on the port with the level's ticket, and the
 * regions of new states it filled (and, after a pause, what it left of the
 * region in hand) go back the same way.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
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
  type LevelOrder,
  type LevelReport,
  type SharedArrays,
  type WorkerSetup,
} from './parallel-layout.ts';

const setup = workerData as WorkerSetup & { port: MessagePort };
const control = new Int32Array(setup.control);
const port = setup.port;

type Build = (args: unknown) => { model: Model<unknown, unknown>; properties: Property<unknown>[] };

/** The worker's life: build the model from the source's `build`, then serve commands until told to stop. */
export function startWorker(build: Build): void {
  let built: ReturnType<Build>;
  try {
    built = build(setup.source.args);
  } catch (e) {
    fail(e);
    return;
  }
  try {
    serve(built.model, built.properties);
  } catch (e) {
    fail(e);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

function fail(e: unknown): void {
  port.postMessage({ error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  Atomics.store(control, ERROR, 1);
  Atomics.notify(control, DONE);
}

function serve<S, A>(model: Model<S, A>, properties: Property<S>[]): void {
  const safety = properties.filter((p) => p.kind !== 'eventually').length;
  const block = blockOf(setup.index, safety);
  const expander = new LevelExpander(model, properties, control, new Int32Array(setup.decided));
  let joined = false;
  let ticket = 0;
  Atomics.store(control, block + READY, 1);
  Atomics.notify(control, block + READY);
  for (;;) {
    Atomics.wait(control, block + TICKET, ticket);
    ticket = Atomics.load(control, block + TICKET);
    const cmd = Atomics.load(control, CMD);
    if (cmd === Command.Stop) {
      port.close();
      parentPort?.close();
      return;
    }
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
      port.postMessage(expander.edges());
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}
