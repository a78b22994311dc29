/**
 * What a search says when it ends, shared by the one-thread, the parallel
 * and the random search and by everything that reads their reports. In a
 * module of its own so that the searches and the code that assembles their
 * reports depend on it, and not on one another (explore.ts re-exports it).
 */
import type { PropertyKind } from './model.ts';
import type { Lasso, Trace } from './trace.ts';

export type Verdict = 'holds' | 'violated' | 'witnessed' | 'not-witnessed';

export interface PropertyResult<S, A> {
  name: string;
  kind: PropertyKind;
  verdict: Verdict;
  /** False when the search stopped early and a `holds`/`not-witnessed` is only "so far". */
  final: boolean;
  /** Steps in the counterexample or witness (prefix and cycle for a lasso). */
  length?: number;
  trace?: Trace<S, A> | Lasso<S, A>;
}

export interface Progress {
  states: number;
  transitions: number;
  queued: number;
  /** The level being expanded (a breadth-first search's depth so far). */
  depth: number;
  seconds: number;
  /** Distinct states found per second since the previous report (or the start). */
  statesPerSecond: number;
  /** Threads expanding states so far (a parallel search: worker threads join once started). */
  threads?: number;
}

export interface ExploreOptions {
  /** Stop once this many distinct states have been found. */
  maxStates?: number;
  /** Stop after about this many seconds (checked every thousand states or so). */
  timeLimitSeconds?: number;
  /** Stop as soon as every property has a final verdict. */
  stopWhenDecided?: boolean;
  /**
   * Stop when this signal is aborted. A synchronous search sees it only if
   * it is aborted from another thread's code path; `exploreAsync` and
   * `exploreParallelAsync` give the event loop a turn every
   * `yieldInterval` ms, so a signal handler can abort it.
   */
  signal?: AbortSignal;
  /** Milliseconds between two turns of the event loop in the async searches (default 50). */
  yieldInterval?: number;
  onProgress?: (p: Progress) => void;
  /** Milliseconds between progress reports (default 1000). */
  progressInterval?: number;
}

/**
 * Why a search ended: it saw every reachable state (`exhausted`), every
 * property was decided (`all-decided`), or it was stopped before either,
 * by a bound (`max-states`, `time-limit`) or from outside (`interrupted`).
 */
export type StopReason = 'exhausted' | 'all-decided' | 'max-states' | 'time-limit' | 'interrupted';

/** How often transitions took one type of action. */
export interface ActionCount {
  action: string;
  taken: number;
}

/** Per action type the model names (`Model.actionTypes`), the transitions that took it. */
export interface Coverage {
  /** In the model's order of types. */
  coverage: ActionCount[];
  /** The types no transition took: in a complete search, actions that can never happen. */
  dead: string[];
}

export interface ExploreStats {
  states: number;
  transitions: number;
  depth: number;
  /** The whole run, and the breadth-first search alone. */
  seconds: number;
  searchSeconds: number;
  /** Threads that expanded states (a parallel search's worker threads join once started; a short search may end first). */
  threads?: number;
  /** Bytes of the fingerprint table (fingerprints only; state numbers kept for liveness count in `liveness.graphBytes`), and per distinct state. */
  tableBytes: number;
  bytesPerState: number;
  /** Bytes of everything the explorer keeps per state: table, parents, frontier at its largest. */
  engineBytes: number;
  peakRssBytes: number;
  /** Chance that a fingerprint collision hid a state. */
  collisionOdds: number;
  /** The liveness pass, when there are eventually properties. */
  liveness?: LivenessStats;
}

export interface LivenessStats {
  /** Seconds spent on the strongly-connected-component analysis after the search. */
  seconds: number;
  /** Bytes of the recorded graph, and per state. */
  graphBytes: number;
  bytesPerState: number;
  edges: number;
  fairnessClasses: number;
}

export interface ExploreReport<S, A> extends ExploreStats, Partial<Coverage> {
  complete: boolean;
  stoppedBecause: StopReason;
  /**
   * True when the counts (states, transitions, depth, coverage) of a search
   * that stopped early depend on how its threads happened to interleave: a
   * parallel search stopped in the middle of a level. A complete search's
   * counts never vary.
   */
  countsVary: boolean;
  properties: PropertyResult<S, A>[];
}
