/**
 * The coordinator's side of the conversation with the worker threads of a
 * parallel search (see parallel-layout.ts for the words they share): which
 * workers take part, handing them a command and waiting until they are
 * done, collecting what they post back or count in their control blocks,
 * surfacing a worker's failure as an error, and telling them to stop.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { CMD, Command, DONE, ERROR, READY, TICKET, awaitMessage, blockOf, type ModelSource, type RunOrder, type SharedArrays } from './parallel-layout.ts';
import { acquire, discard, ring, type PooledWorker } from './worker-pool.ts';

/** A worker thread could not build the model or failed in the search: the search's own error. */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
}

export class Crew {
  private readonly pooled: PooledWorker[];
  private readonly ports: MessagePort[];
  /** The worker threads taking part, by index. */
  readonly joined: number[] = [];

  /** Starts `helpers` worker threads for this search (or takes them from the pool): they get ready while the coordinator works. */
  constructor(
    source: ModelSource,
    private readonly helpers: number,
    private readonly properties: number,
    private readonly control: Int32Array,
    order: Omit<RunOrder, 'index' | 'args' | 'control'>,
  ) {
    this.pooled = acquire(source, helpers);
    this.ports = this.pooled.map((w) => w.port);
    this.pooled.forEach((w, index) => ring(w, { ...order, args: source.args, index, control: control.buffer as SharedArrayBuffer }));
  }

  /** The first word of worker w's control block. */
  block(w: number): number {
    return blockOf(w, this.properties);
  }

  /** Workers that have become ready since the last call join now, with the arrays the search works on. */
  admit(shared: SharedArrays): void {
    for (let w = 0; w < this.helpers; w++) {
      if (!this.joined.includes(w) && Atomics.load(this.control, this.block(w) + READY) === 1) {
        this.ports[w].postMessage(shared);
        this.joined.push(w);
      }
    }
  }

  /** Hands the joined workers a command (after `post`, which puts on a worker's port what it needs). */
  issue(cmd: Command, post?: (port: MessagePort) => void): void {
    const { control } = this;
    Atomics.store(control, DONE, 0);
    Atomics.store(control, CMD, cmd);
    for (const w of this.joined) {
      post?.(this.ports[w]);
      Atomics.add(control, this.block(w) + TICKET, 1);
      Atomics.notify(control, this.block(w) + TICKET);
    }
  }

  /** Waits until every joined worker is done with the command. */
  finish(): void {
    this.waitFor(DONE, this.joined.length);
    this.failIfError();
  }

  /** What each joined worker posted back, in the order they joined. */
  collect<T>(): T[] {
    return this.joined.map((w) => awaitMessage(this.ports[w], this.failIfError) as T);
  }

  /** Waits for every worker to be ready: one that could not even start is an error, even when the search finished without it. */
  awaitAll(): void {
    for (let w = 0; w < this.helpers; w++) this.waitFor(this.block(w) + READY, 1);
  }

  readonly failIfError = (): void => {
    if (Atomics.load(this.control, ERROR) === 0) return;
    const messages = this.ports.map((p) => (receiveMessageOnPort(p)?.message as { error?: string } | undefined)?.error).filter(Boolean);
    throw new WorkerFailure(`a search worker failed: ${messages[0] ?? 'unknown error'}`);
  };

  private waitFor(index: number, target: number): void {
    const { control } = this;
    for (let v = Atomics.load(control, index); v < target; v = Atomics.load(control, index)) {
      Atomics.wait(control, index, v, 200);
      this.failIfError();
    }
  }

  /**
   * Tells every worker, joined or not, to stop; waits for none. The workers
   * are kept for the next search only when this one ended normally (an
   * interrupted search ends normally: its threads are idle).
   */
  stop(endedNormally: boolean): void {
    const { control } = this;
    Atomics.store(control, CMD, Command.Stop);
    for (let w = 0; w < this.helpers; w++) {
      Atomics.add(control, this.block(w) + TICKET, 1);
      Atomics.notify(control, this.block(w) + TICKET);
    }
    if (!endedNormally) discard(this.pooled);
  }
}
