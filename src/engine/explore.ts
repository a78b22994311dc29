/**
 * Exhaustive breadth-first exploration. Breadth-first so that the first state
 * found to violate an `always` property (or to witness a `sometimes` one) lies
 * at the least depth: its trace is a shortest counterexample.
 *
 * Per visited state the explorer keeps a 64-bit fingerprint (in the table), a
 * parent number and the index of the action that reached it (6 bytes), which
 * is all it needs to rebuild a trace by replaying from the initial state. The
 * frontier is kept encoded, not as objects.
 *
 * The search runs in slices: `explore` runs one slice to the end, and
 * `exploreAsync` gives the event loop a turn between slices of about 50 ms,
 * so that a signal handler (Ctrl-C) can stop it and still get a report.
 */
import { assembleReport, typeCounters } from './assemble.ts';
import { ByteWriter } from './bytes.ts';
import { codecOf, identifier, stepper } from './codec.ts';
import { FingerprintTable } from './fingerprint.ts';
import { GrowableInt32, GrowableUint16 } from './growable.ts';
import type { Model, Property } from './model.ts';
import { ByteQueue } from './queue.ts';
import { StateGraph } from './graph.ts';
import type { ExploreOptions, ExploreReport, StopReason } from './results.ts';
import { turnOfTheLoop } from './turn.ts';

export type {
  ActionCount,
  Coverage,
  ExploreOptions,
  ExploreReport,
  ExploreStats,
  LivenessStats,
  Progress,
  PropertyResult,
  StopReason,
  Verdict,
} from './results.ts';

export function explore<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  options: ExploreOptions = {},
): ExploreReport<S, A> {
  const search = new Search(model, properties, options);
  search.run(Infinity);
  return search.report();
}

/**
 * `explore`, giving the event loop a turn every `options.yieldInterval` ms
 * (50 by default) and stopping with a partial report, `stoppedBecause:
 * 'interrupted'`, once `options.signal` is aborted.
 */
export async function exploreAsync<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  options: ExploreOptions = {},
): Promise<ExploreReport<S, A>> {
  const search = new Search(model, properties, options);
  const slice = options.yieldInterval ?? 50;
  while (!search.run(performance.now() + slice)) {
    await turnOfTheLoop();
    if (options.signal?.aborted) search.stop('interrupted');
  }
  return search.report();
}

/** One breadth-first search, run slice by slice. */
class Search<S, A> {
  private readonly started = performance.now();
  private readonly codec;
  private readonly table;
  private readonly parent = new GrowableInt32();
  private readonly via = new GrowableUint16();
  private readonly queue = new ByteQueue();
  private readonly safety: Property<S>[];
  private readonly live: Property<S>[];
  private readonly graph: StateGraph | null;
  /** found[i]: the state number that decides safety property i, or -1. */
  private readonly found: Int32Array;
  private readonly taken: Int32Array | null;
  private readonly inits: readonly S[];
  private readonly visit: (state: S, from: number, actionIndex: number) => number;
  private readonly undecided: () => number;

  private transitions = 0;
  private depth = 0;
  private head = 0;
  private levelEnd = 0;
  private peakRss = process.memoryUsage().rss;
  private peakQueueBytes = 0;
  private nextProgress: number;
  private lastProgress = { at: this.started, states: 0 };
  private stoppedBecause: StopReason | null = null;
  private searchSeconds = 0;

  constructor(
    private readonly model: Model<S, A>,
    private readonly properties: readonly Property<S>[],
    private readonly options: ExploreOptions,
  ) {
    const liveness = properties.some((p) => p.kind === 'eventually');
    this.codec = codecOf(model);
    this.table = new FingerprintTable(liveness);
    this.safety = properties.filter((p) => p.kind !== 'eventually');
    this.live = properties.filter((p) => p.kind === 'eventually');
    this.graph = this.live.length > 0 ? new StateGraph(this.live.length) : null;
    this.found = new Int32Array(this.safety.length).fill(-1);
    this.taken = typeCounters(model);
    this.nextProgress = this.started + (options.progressInterval ?? 1000);
    const { codec, table, parent, via, queue, graph, live, safety, found } = this;
    const identify = identifier(model, liveness);
    const writer = new ByteWriter();
    const fp = new Int32Array(2);
    let undecided = safety.length;
    this.undecided = () => undecided;
    /** Adds a state if new; returns its number either way. */
    this.visit = (state: S, from: number, actionIndex: number): number => {
      writer.reset();
      codec.encode(state, writer);
      identify(state, writer, fp);
      const id = parent.length;
      const known = table.add(fp[0], fp[1], id);
      if (known !== -1) return known;
      parent.push(from);
      via.push(actionIndex);
      queue.push(writer.buf, writer.length);
      if (graph) {
        let bits = 0;
        for (let i = 0; i < live.length; i++) if (live[i].holds(state)) bits |= 1 << i;
        graph.setGoals(id, bits);
      }
      if (undecided > 0) {
        for (let i = 0; i < safety.length; i++) {
          if (found[i] !== -1) continue;
          const p = safety[i];
          if (p.holds(state) === (p.kind === 'sometimes')) {
            found[i] = id;
            undecided--;
          }
        }
      }
      return id;
    };
    this.inits = model.init();
    this.inits.forEach((s, i) => this.visit(s, -1 - i, 0));
    this.levelEnd = parent.length;
  }

  /** Ends the search where it is. */
  stop(why: StopReason): void {
    this.stoppedBecause ??= why;
  }

  /**
   * Searches until the space is exhausted, a bound or the signal stops it
   * (true), or until `deadline` (performance.now()) has passed (false: call
   * again to go on). The loop's variables are locals while it runs.
   */
  run(deadline: number): boolean {
    if (this.stoppedBecause !== null) return true;
    const { model, codec, parent, queue, graph, options, visit, taken } = this;
    const maxStates = options.maxStates ?? Infinity;
    const stopAt = options.timeLimitSeconds !== undefined ? this.started + options.timeLimitSeconds * 1000 : Infinity;
    const successor = stepper(model);
    const fairness = model.fairness?.bind(model) ?? (() => null);
    const typeOf = taken !== null ? model.actionType!.bind(model) : null;
    let { head, levelEnd, depth, transitions } = this;
    let stopped: StopReason | null = null;
    let paused = false;
    search: while (queue.length > 0) {
      if (head === levelEnd) {
        depth++;
        levelEnd = parent.length;
      }
      const state = codec.decode(queue.shift());
      const from = head++;
      const actions = model.actions(state);
      const record = graph !== null && graph.open(from);
      graph?.beginState();
      for (let i = 0; i < actions.length; i++) {
        const next = successor(state, actions[i]);
        transitions++;
        if (typeOf !== null) taken![typeOf(actions[i])]++;
        const to = visit(next, from, i);
        if (record) graph.addEdge(to, fairness(state, actions[i]));
        if (parent.length >= maxStates) {
          stopped = 'max-states';
          break search;
        }
      }
      if (options.stopWhenDecided && this.undecided() === 0 && !graph) {
        stopped = 'all-decided';
        break;
      }
      if ((head & 1023) === 0) {
        this.peakQueueBytes = Math.max(this.peakQueueBytes, queue.bytes);
        const now = performance.now();
        if (now >= this.nextProgress) this.progress(now, transitions, depth);
        if (now >= stopAt) stopped = 'time-limit';
        else if (options.signal?.aborted) stopped = 'interrupted';
        else if (now >= deadline) paused = true;
        if (stopped !== null || paused) break;
      }
    }
    Object.assign(this, { head, levelEnd, depth, transitions });
    if (paused) return false;
    this.stoppedBecause = stopped ?? 'exhausted';
    return true;
  }

  private progress(now: number, transitions: number, depth: number): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss);
    this.nextProgress = now + (this.options.progressInterval ?? 1000);
    const states = this.parent.length;
    const last = this.lastProgress;
    this.lastProgress = { at: now, states };
    this.options.onProgress?.({
      states,
      transitions,
      queued: this.queue.length,
      depth,
      seconds: (now - this.started) / 1000,
      statesPerSecond: ((states - last.states) * 1000) / Math.max(1, now - last.at),
      threads: 1,
    });
  }

  report(): ExploreReport<S, A> {
    this.searchSeconds = (performance.now() - this.started) / 1000;
    const { table, parent, via, graph } = this;
    const why = this.stoppedBecause ?? 'interrupted';
    return assembleReport({
      model: this.model,
      properties: this.properties,
      inits: this.inits,
      parent: parent.data,
      via: via.data,
      found: this.found,
      states: parent.length,
      transitions: this.transitions,
      stoppedBecause: why,
      started: this.started,
      searchSeconds: this.searchSeconds,
      // One thread stops where it is told: at a state count it always stops alike, at a time or a signal not.
      countsVary: why === 'time-limit' || why === 'interrupted',
      graph: () => {
        graph?.seal();
        return graph;
      },
      idBytes: table.idBytes,
      tableBytes: table.slotBytes,
      engineBytes: table.bytes + parent.bytes + via.bytes + this.peakQueueBytes,
      peakRssBytes: this.peakRss,
      taken: this.taken,
    });
  }
}
