/**
 * How the coordinator and the worker threads of a parallel search talk:
 * one shared Int32Array of control words, commands numbered so that a worker
 * waits for the number to change, and a result block per worker. Shared
 * memory and Atomics only, so the coordinator can block (Atomics.wait) and
 * the search stays a synchronous function.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export const SEQ = 0;
export const CMD = 1;
export const DONE = 2;
export const READY = 3;
export const COUNTER = 4;
export const DEPTH = 5;
export const ERROR = 6;
/** The --max-states bound (0: none), and the flag a worker raises when it is reached. */
export const MAX_STATES = 7;
export const FULL = 8;
/** The next region of the level's frontier to be taken by a worker. */
export const CURSOR = 9;
export const RESULTS = 16;

export const enum Command {
  /** Expand the level's frontier (posted on the worker's port), post the regions of new states back. */
  Level = 1,
  /** Take the larger table and columns posted on the port, and copy the old table's entries into it. */
  Grow = 2,
  /** Post the recorded out-edges (for the liveness pass). */
  Edges = 3,
  Stop = 4,
  /** After a level: turn the edges recorded in it from table slots into state numbers. */
  Resolve = 5,
}

/**
 * A frontier in shared memory: regions of pages, each region a run of
 * records (state number, 4 bytes; length, 2 bytes; the encoded state). A
 * worker takes a whole region at a time, so a level is shared out as the
 * workers become free. `regions` holds four numbers per region: page, first
 * byte, end, and how many states.
 */
export interface Frontier {
  pages: SharedArrayBuffer[];
  regions: Int32Array;
}

/** Per worker: new states, transitions, largest branching, then the first state found for each safety property (-1: none). */
export function resultBase(worker: number, properties: number): number {
  return RESULTS + worker * blockSize(properties);
}

export function controlSize(workers: number, properties: number): number {
  return RESULTS + workers * blockSize(properties);
}

/** A worker's result block, rounded up to a 64-byte cache line so that workers never write the same line. */
function blockSize(properties: number): number {
  return (3 + properties + 15) & ~15;
}

/** A module that builds the model and its properties in a worker, from plain data. */
export interface ModelSource {
  /** File URL of a module whose export `build(args)` returns `{ model, properties }`. */
  module: string;
  args: unknown;
}

export interface SharedColumns {
  parent: SharedArrayBuffer;
  via: SharedArrayBuffer;
  goals: SharedArrayBuffer;
}

export interface WorkerSetup {
  source: ModelSource;
  index: number;
  control: SharedArrayBuffer;
  decided: SharedArrayBuffer;
  table: { slots: SharedArrayBuffer; ids: SharedArrayBuffer | null };
  columns: SharedColumns;
  live: boolean;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The next message on a port. One posted by another thread may become
 * receivable a moment after the poster signalled: wait for it, calling
 * `check` (which may throw) between tries.
 */
export function awaitMessage(port: MessagePort, check?: () => void): unknown {
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return m.message;
    Atomics.wait(pause, 0, 0, 1);
    check?.();
  }
}

/** Slots of the old table a worker copies at a time when the table grows. */
export const GROW_SPAN = 1 << 16;
