/**
 * The coordinator of a parallel search (see parallel.ts), as its phases:
 * start the workers, seed the first level, expand a level (pausing when the
 * table must grow), grow the table, join the workers, report. `run` strings
 * them together as a generator that yields whenever this thread's slice of
 * a level has lasted `yieldEvery` ms, so that an async driver can give the
 * event loop a turn (and a signal handler a chance to `halt` the search)
 * in the middle of a long level. The worker threads go on meanwhile.
 */
import { assembleReport, typeCounters } from './assemble.ts';
import { identifier } from './codec.ts';
import { Crew } from './crew.ts';
import type { StateGraph } from './graph.ts';
import type { Model, Property } from './model.ts';
import { columnViews, collectGraph, concat, gather, growColumns, allocateColumns, type ColumnViews } from './parallel-arrays.ts';
import { LevelExpander, type EdgePart, type LevelResult } from './parallel-expander.ts';
import {
  COUNTER,
  CURSOR,
  Command,
  FOUND,
  FRESH,
  FULL,
  GROW_AT,
  MAX_STATES,
  PAUSE,
  REGION_WORDS,
  TRANSITIONS,
  controlSize,
  coverageRow,
  coverageStride,
  type Frontier,
  type LevelOrder,
  type LevelReport,
  type ModelSource,
  type SharedArrays,
} from './parallel-layout.ts';
import type { ExploreOptions, ExploreReport, StopReason } from './results.ts';
import { SharedTable } from './shared-table.ts';

/** The shared table's load at which it grows. */
const GROW_LOAD = 0.75;

export class Coordinator<S, A> {
  private readonly started = performance.now();
  private readonly safety: Property<S>[];
  private readonly live: Property<S>[];
  private readonly helpers: number;
  private readonly control: Int32Array;
  private readonly decided: Int32Array;
  private readonly coverage: SharedArrayBuffer | null;
  private readonly types: number;
  private readonly self: LevelExpander<S, A>;
  private readonly found: Int32Array;
  /** The table is never full: the threads stop within a few thousand states of the mark. */
  private readonly slack: number;
  private capacity = 1 << 16;
  private shared: SharedArrays;
  private table: SharedTable;
  private views: ColumnViews;

  private crew!: Crew;

  private inits: readonly S[] = [];
  private level: Frontier = { pages: [], regions: new Int32Array(0) };
  private frontier = 0;
  private transitions = 0;
  private depth = 0;
  private peakRss = process.memoryUsage().rss;
  private stoppedBecause: StopReason = 'exhausted';
  private halted: StopReason | null = null;
  private nextProgress: number;
  private lastProgress = { at: this.started, states: 0 };
  private readonly stopAt: number;

  constructor(
    private readonly model: Model<S, A>,
    private readonly properties: readonly Property<S>[],
    private readonly source: ModelSource,
    workers: number,
    private readonly options: ExploreOptions,
    /** Milliseconds of this thread's work between two yields of `run` (Infinity: never). */
    private readonly yieldEvery: number,
  ) {
    // Refuses symmetry reduction with liveness before any thread starts.
    identifier(model, properties.some((p) => p.kind === 'eventually'));
    this.safety = properties.filter((p) => p.kind !== 'eventually');
    this.live = properties.filter((p) => p.kind === 'eventually');
    this.helpers = Math.max(0, workers - 1);
    this.control = new Int32Array(new SharedArrayBuffer(controlSize(this.helpers, this.safety.length) * 4));
    this.decided = new Int32Array(new SharedArrayBuffer(Math.max(1, this.safety.length) * 4));
    if (options.maxStates !== undefined) this.control[MAX_STATES] = Math.max(1, options.maxStates);
    this.types = typeCounters(model)?.length ?? 0;
    this.coverage = this.types > 0 ? new SharedArrayBuffer((1 + this.helpers) * coverageStride(this.types) * 4) : null;
    this.found = new Int32Array(this.safety.length).fill(-1);
    this.nextProgress = this.started + (options.progressInterval ?? 1000);
    this.stopAt = options.timeLimitSeconds !== undefined ? this.started + options.timeLimitSeconds * 1000 : Infinity;

    // The table grows (doubles) when 3/4 full, as the one-thread table does.
    this.slack = (this.helpers + 1) * 4096;
    while (this.capacity / 8 < this.slack) this.capacity *= 2;
    this.shared = { table: SharedTable.allocate(this.capacity, this.live.length > 0), columns: allocateColumns(this.capacity * GROW_LOAD + this.slack) };
    this.table = new SharedTable(this.shared.table);
    this.views = columnViews(this.shared.columns);
    this.control[GROW_AT] = this.capacity * GROW_LOAD;
    this.self = new LevelExpander(model, properties, this.control, this.decided, {
      taken: this.coverage ? coverageRow(this.coverage, 0, this.types) : null,
    });
    this.self.attach(this.shared);
  }

  /** The whole search; yields between slices of this thread's work, returns the report. */
  *run(): Generator<void, ExploreReport<S, A>, void> {
    const crew = this.startWorkers();
    let ended = false;
    try {
      this.seed();
      while (this.frontier > 0 && this.halted === null) {
        crew.failIfError();
        crew.admit(this.shared);
        if (this.control[COUNTER] >= this.control[GROW_AT]) this.grow();
        const mine = yield* this.expandLevel();
        this.sumLevel(mine);
        if (this.halted !== null) this.stoppedBecause = this.halted;
        else if (this.control[FULL] === 1 || (this.frontier > 0 && this.options.maxStates !== undefined && this.control[COUNTER] >= this.options.maxStates)) {
          this.stoppedBecause = 'max-states';
          break;
        } else if (this.frontier > 0 && this.options.stopWhenDecided && this.live.length === 0 && this.found.every((f) => f !== -1)) {
          this.stoppedBecause = 'all-decided';
          break;
        }
      }
      const searchSeconds = (performance.now() - this.started) / 1000;
      this.join();
      const report = this.report(searchSeconds);
      ended = true;
      return report;
    } finally {
      crew.stop(ended);
    }
  }

  /** Stops the search at the next slice: the threads stop between two states, and `run` reports what was found. */
  halt(why: StopReason): void {
    if (this.halted !== null) return;
    this.halted = why;
    Atomics.store(this.control, PAUSE, 1);
  }

  /** Phase: the worker threads start (or are kept from an earlier search); they get ready while this thread works. */
  private startWorkers(): Crew {
    const order = { decided: this.decided.buffer as SharedArrayBuffer, coverage: this.coverage };
    return (this.crew = new Crew(this.source, this.helpers, this.safety.length, this.control, order));
  }

  /** Phase: the initial states, numbered and checked here: the first level's frontier. */
  private seed(): void {
    this.inits = this.model.init();
    const first = this.self.start(this.inits);
    this.level = first.frontier;
    first.found.forEach((id, k) => this.decide(k, id));
    this.frontier = first.fresh;
  }

  /** Phase: one level, in one pass or, when the table must grow meanwhile, in several; yields between slices. */
  private *expandLevel(): Generator<void, LevelResult, void> {
    const { control, crew } = this;
    let current = this.level;
    let resume = false;
    let mine: LevelResult;
    let reports: LevelReport[];
    for (const w of crew.joined) control[crew.block(w) + TRANSITIONS] = 0;
    for (;;) {
      control[CURSOR] = 0;
      const order: LevelOrder = { frontier: current, resume };
      crew.issue(Command.Level, (p) => p.postMessage(order));
      for (let slice = resume; ; slice = true) {
        mine = this.self.level(current, slice, this.deadline());
        if (!mine.yielded) break;
        if (this.between(mine)) yield;
      }
      crew.finish();
      reports = crew.collect<LevelReport>();
      if (control[PAUSE] === 0 || control[FULL] === 1 || this.halted !== null) break;
      // Left of this level: what each thread left of its region, and the regions nobody took.
      const taken = Math.min(control[CURSOR], current.regions.length / REGION_WORDS);
      const left = [mine.remainder, ...reports.map((r) => r.remainder), current.regions.subarray(taken * REGION_WORDS)];
      current = { pages: current.pages, regions: concat(left) };
      resume = true;
      // Every state found so far is numbered, and edges name slots of the table about to go.
      if (this.live.length > 0) this.resolve();
      this.grow();
    }
    this.level = gather([mine.frontier, ...reports.map((r) => r.frontier)]);
    if (this.live.length > 0 && this.halted === null) this.resolve();
    return mine;
  }

  /** When this thread's slice of a level must end: the next progress report, the time limit, or a turn of the event loop. */
  private deadline(): number {
    return Math.min(this.nextProgress, this.stopAt, performance.now() + this.yieldEvery);
  }

  /** Between two slices of a level: progress, the time limit; whether to yield. */
  private between(mine: LevelResult): boolean {
    const now = performance.now();
    if (now >= this.nextProgress) this.progress(now, mine.transitions, true);
    if (now >= this.stopAt) this.halt('time-limit');
    else if (this.options.signal?.aborted) this.halt('interrupted');
    return this.yieldEvery !== Infinity;
  }

  /** A progress report; in a level, with the transitions every thread has made in it so far. */
  private progress(now: number, levelTransitions: number, inLevel: boolean): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
    this.nextProgress = now + (this.options.progressInterval ?? 1000);
    let transitions = this.transitions + levelTransitions;
    if (inLevel) for (const w of this.crew.joined) transitions += Atomics.load(this.control, this.crew.block(w) + TRANSITIONS);
    const states = Math.min(Atomics.load(this.control, COUNTER), this.options.maxStates ?? Infinity);
    const last = this.lastProgress;
    this.lastProgress = { at: now, states };
    this.options.onProgress?.({
      states,
      transitions,
      queued: this.frontier,
      depth: this.depth,
      seconds: (now - this.started) / 1000,
      statesPerSecond: ((states - last.states) * 1000) / Math.max(1, now - last.at),
      threads: 1 + this.crew.joined.length,
    });
  }

  /** After a level: what every thread found in it. */
  private sumLevel(mine: LevelResult): void {
    const { control, safety } = this;
    this.depth++;
    this.frontier = mine.fresh;
    this.transitions += mine.transitions;
    for (let k = 0; k < safety.length; k++) this.decide(k, mine.found[k]);
    for (const w of this.crew.joined) {
      const b = this.crew.block(w);
      this.frontier += control[b + FRESH];
      this.transitions += control[b + TRANSITIONS];
      for (let k = 0; k < safety.length; k++) this.decide(k, control[b + FOUND + k]);
    }
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
    const now = performance.now();
    if (now >= this.nextProgress) this.progress(now, 0, false);
    if (this.frontier === 0) return;
    if (now >= this.stopAt) this.halt('time-limit');
    else if (this.options.signal?.aborted) this.halt('interrupted');
  }

  /** Phase: doubles the table (the threads copy it) and the columns. */
  private grow(): void {
    const { control } = this;
    this.capacity *= 2;
    const larger: SharedArrays = {
      table: SharedTable.allocate(this.capacity, this.table.ids !== null),
      columns: growColumns(this.shared.columns, this.capacity * GROW_LOAD + this.slack, control[COUNTER]),
    };
    control[CURSOR] = 0;
    this.crew.issue(Command.Grow, (p) => p.postMessage(larger));
    this.self.grow(larger);
    this.crew.finish();
    this.shared = larger;
    this.table = new SharedTable(this.shared.table);
    this.views = columnViews(this.shared.columns);
    control[GROW_AT] = this.capacity * GROW_LOAD;
    control[PAUSE] = 0;
  }

  private resolve(): void {
    this.crew.issue(Command.Resolve);
    this.self.resolveEdges();
    this.crew.finish();
  }

  /** Phase: a worker that could not even start is an error, even when this thread finished without it (not waited for when interrupted). */
  private join(): void {
    if (this.halted !== 'interrupted') this.crew.awaitAll();
  }

  /** Phase: the report, as the one-thread search makes it. */
  private report(searchSeconds: number): ExploreReport<S, A> {
    const states = Math.min(this.control[COUNTER], this.options.maxStates ?? Infinity);
    const { table, views } = this;
    return assembleReport({
      model: this.model,
      properties: this.properties,
      inits: this.inits,
      parent: views.parent,
      via: views.via,
      found: this.found,
      states,
      transitions: this.transitions,
      stoppedBecause: this.stoppedBecause,
      started: this.started,
      searchSeconds,
      threads: 1 + this.crew.joined.length,
      // Stopped in the middle of a level, the threads had got as far as they happened to.
      countsVary: this.stoppedBecause !== 'all-decided',
      graph: (complete) => (complete ? this.collectGraph(states) : null),
      idBytes: table.ids?.byteLength ?? 0,
      tableBytes: table.slots.byteLength,
      engineBytes: table.bytes + views.parent.byteLength + views.via.byteLength + views.goals.byteLength,
      peakRssBytes: this.peakRss,
      taken: this.sumCoverage(),
    });
  }

  private collectGraph(states: number): StateGraph {
    this.crew.issue(Command.Edges);
    const own = this.self.edges();
    this.crew.finish();
    const parts = [own, ...this.crew.collect<EdgePart>()];
    return collectGraph(states, this.views.goals, this.live.length, parts);
  }

  /** Every thread's row of coverage counters, summed. */
  private sumCoverage(): Int32Array | null {
    if (!this.coverage) return null;
    const sum = new Int32Array(this.types);
    for (let row = 0; row <= this.helpers; row++) {
      const counts = coverageRow(this.coverage, row, this.types);
      for (let t = 0; t < this.types; t++) sum[t] += counts[t];
    }
    return sum;
  }

  /** A state that decides safety property k; the first one found stands, and the threads stop checking k. */
  private decide(k: number, id: number): void {
    if (id >= 0 && this.found[k] === -1) {
      this.found[k] = id;
      this.decided[k] = 1;
    }
  }

}
