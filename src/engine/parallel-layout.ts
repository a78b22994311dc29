/**
 * How the coordinator and the worker threads of a parallel search talk: one
 * shared Int32Array of control words, and per worker a block of words on a
 * cache line of its own. The coordinator hands a worker a command by
 * raising the worker's ticket; the worker waits for its ticket to change,
 * does the command, and counts itself done. A worker that has not started
 * yet gets no tickets: it joins the search at the first level after it is
 * ready. Shared memory and Atomics only, so the coordinator can block
 * (Atomics.wait) and the search stays a synchronous function.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { SharedTableBuffers } from './shared-table.ts';

export const CMD = 1;
/** Workers done with the current command. */
export const DONE = 2;
/** The next state number. */
export const COUNTER = 4;
export const ERROR = 6;
/** The --max-states bound (0: none), and the flag a thread raises when it is reached. */
export const MAX_STATES = 7;
export const FULL = 8;
/** The next region of the level's frontier (or span of a growing table) to be taken. */
export const CURSOR = 9;
/** When the state count reaches this, the table must grow: the thread that sees it raises PAUSE, and every thread stops between two states. */
export const GROW_AT = 10;
export const PAUSE = 11;
const BLOCKS = 16;

/** A worker's words, from `blockOf(worker)`. */
export const TICKET = 0;
export const READY = 1;
export const FRESH = 2;
export const TRANSITIONS = 3;
/** Per safety property, a new state that decides it (-1: none). */
export const FOUND = 4;

export const enum Command {
  /**
   * Expand the level's frontier (posted on the worker's port as a `LevelOrder`)
   * until it is done or the search pauses to grow the table; post a
   * `LevelReport` back.
   */
  Level = 1,
  /** Take the larger table and columns posted on the port, and help copy the old table into it. */
  Grow = 2,
  /** Post the recorded out-edges (for the liveness pass). */
  Edges = 3,
  Stop = 4,
  /** After a level: turn the edges recorded in it from table slots into state numbers. */
  Resolve = 5,
}

export function blockOf(worker: number, properties: number): number {
  return BLOCKS + worker * blockSize(properties);
}

export function controlSize(workers: number, properties: number): number {
  return BLOCKS + workers * blockSize(properties);
}

/** Rounded up to 16 words (a 64-byte cache line), so that workers never write the same line. */
function blockSize(properties: number): number {
  return (FOUND + properties + 15) & ~15;
}

export const REGION_WORDS = 3;

/**
 * A frontier in shared memory: regions of pages, each region a run of
 * records (state number, 4 bytes; length, 2 bytes; the encoded state). A
 * thread takes a whole region at a time, so a level is shared out as the
 * threads become free. `regions` holds three numbers per region: page, first
 * byte and end.
 */
export interface Frontier {
  pages: SharedArrayBuffer[];
  /** REGION_WORDS numbers a region. */
  regions: Int32Array;
}

export interface LevelOrder {
  frontier: Frontier;
  /** The rest of a level that paused for the table to grow: go on with the same level's results. */
  resume: boolean;
}

export interface LevelReport {
  /** The regions of new states this thread filled in the level so far. */
  frontier: Frontier;
  /** After a pause: what this thread left of the region it was in (page, from, end). */
  remainder: Int32Array;
}

/** A module that builds the model and its properties in a worker, from plain data. */
export interface ModelSource {
  /**
   * File URL of a module whose export `build(args)` returns `{ model,
   * properties }`; or, with `adapter`, any module that the adapter's
   * `adapt(namespace)` turns into such a `build`.
   */
  module: string;
  /** File URL of a module exporting `adapt(namespace) => build`. */
  adapter?: string;
  args: unknown;
}

export interface SharedColumns {
  parent: SharedArrayBuffer;
  via: SharedArrayBuffer;
  goals: SharedArrayBuffer;
}

/** The table and columns every thread works on; posted to a worker when it joins and when they grow. */
export interface SharedArrays {
  table: SharedTableBuffers;
  columns: SharedColumns;
}

/** What a worker thread is started with: the model source it serves, its port and its doorbell (see worker-pool.ts). */
export interface WorkerSetup {
  source: ModelSource;
  port: MessagePort;
  doorbell: SharedArrayBuffer;
}

/** A search, posted to a worker before its doorbell rings. */
export interface RunOrder {
  /** For the source's `build`. */
  args: unknown;
  /** The worker's number in this search (its control block). */
  index: number;
  control: SharedArrayBuffer;
  decided: SharedArrayBuffer;
  /** Transitions per action type, one row per thread (see `coverageRow`); null when the model names no types. */
  coverage: SharedArrayBuffer | null;
}

/** Words of a thread's row of coverage counters: whole cache lines, so that threads never write the same line. */
export function coverageStride(types: number): number {
  return (types + 15) & ~15;
}

/** Thread `row`'s counters (0: the coordinator, 1 + w: worker w). */
export function coverageRow(buffer: SharedArrayBuffer, row: number, types: number): Int32Array {
  const stride = coverageStride(types);
  return new Int32Array(buffer, row * stride * 4, types);
}

/** Slots of the old table a thread copies at a time when the table grows. */
export const GROW_SPAN = 1 << 16;

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
