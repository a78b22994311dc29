/**
 * Worker threads kept from one parallel search to the next in the same
 * process: `lockstep matrix` and `review` search a design after another, and
 * a thread that has searched once has its JavaScript compiled and warm (a
 * new thread spends its first few tenths of a second on that). A thread
 * waits on its doorbell between searches; a search rings it after posting
 * what the thread needs (see parallel-worker.ts). The threads do not keep
 * the process alive. A thread that failed, or took part in a search that
 * failed, is ended and forgotten: its state is not known.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ModelSource, RunOrder } from './parallel-layout.ts';
import { workerScript } from './worker-bundle.ts';

export interface PooledWorker {
  readonly thread: Worker;
  /** This side of the thread's port. */
  readonly port: MessagePort;
  readonly doorbell: Int32Array;
}

const pools = new Map<string, PooledWorker[]>();
let started = 0;

/** How many worker threads this process has started (for tests: kept threads are not started again). */
export function threadsStarted(): number {
  return started;
}

/** `n` worker threads for this model source: kept ones first, new ones for the rest. */
export function acquire(source: ModelSource, n: number): PooledWorker[] {
  const script = workerScript(source);
  const key = `${script.href}|${source.module}`;
  let pool = pools.get(key);
  if (!pool) pools.set(key, (pool = []));
  while (pool.length < n) pool.push(spawn(script, source));
  return pool.slice(0, n);
}

/** Starts a search on a thread. */
export function ring(worker: PooledWorker, order: RunOrder): void {
  worker.port.postMessage(order);
  Atomics.add(worker.doorbell, 0, 1);
  Atomics.notify(worker.doorbell, 0);
}

/** Ends these threads and forgets them. */
export function discard(workers: readonly PooledWorker[]): void {
  for (const [key, pool] of pools) pools.set(key, pool.filter((w) => !workers.includes(w)));
  for (const w of workers) {
    w.port.close();
    void w.thread.terminate();
  }
}

function spawn(script: URL, source: ModelSource): PooledWorker {
  const { port1, port2 } = new MessageChannel();
  const doorbell = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(script, {
    workerData: { source, port: port2, doorbell: doorbell.buffer },
    transferList: [port2],
    // The bundle is plain JavaScript: not the parent's loader flags (tsx would load in every thread).
    execArgv: [],
  });
  thread.unref();
  started++;
  return { thread, port: port1, doorbell };
}
