/**
 * How the coordinator and the worker threads of a parallel search talk:
 * one shared Int32Array of control words, commands numbered so that a worker
 * waits for the number to change, and a result block per worker. Shared
 * memory and Atomics only, so the coordinator can block (Atomics.wait) and
 * the search stays a synchronous function.
 */

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
export const RESULTS = 16;

export const enum Command {
  Level = 1,
  Grow = 2,
  Edges = 3,
  Stop = 4,
  Init = 5,
  /** After a level: take in the states the other workers found for this one. */
  Collect = 6,
}

/** Per worker: new states, transitions, largest branching, then the first state found for each safety property (-1: none). */
export function resultBase(worker: number, properties: number): number {
  return RESULTS + worker * (3 + properties);
}

export function controlSize(workers: number, properties: number): number {
  return RESULTS + workers * (3 + properties);
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
