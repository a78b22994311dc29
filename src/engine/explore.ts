/**
 * Exhaustive breadth-first exploration. Breadth-first so that the first state
 * found to violate an `always` property (or to witness a `sometimes` one) lies
 * at the least depth: its trace is a shortest counterexample.
 *
 * Per visited state the explorer keeps a 64-bit fingerprint (in the table), a
 * parent number and the index of the action that reached it (6 bytes), which
 * is all it needs to rebuild a trace by replaying from the initial state. The
 * frontier is kept encoded, not as objects.
 */
import { ByteWriter } from './bytes.ts';
import { codecOf, identifier, stepper } from './codec.ts';
import { FingerprintTable, collisionOdds } from './fingerprint.ts';
import { GrowableInt32, GrowableUint16 } from './growable.ts';
import type { Model, Property, PropertyKind } from './model.ts';
import { ByteQueue } from './queue.ts';
import { StateGraph } from './graph.ts';
import { depthOf, type Lasso, type Trace } from './trace.ts';
import { livenessResults, safetyResult } from './verdicts.ts';

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
  depth: number;
  seconds: number;
}

export interface ExploreOptions {
  /** Stop once this many distinct states have been found. */
  maxStates?: number;
  /** Stop as soon as every property has a final verdict. */
  stopWhenDecided?: boolean;
  onProgress?: (p: Progress) => void;
  /** Milliseconds between progress reports. */
  progressInterval?: number;
}

export type StopReason = 'exhausted' | 'max-states' | 'all-decided';

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

export interface ExploreReport<S, A> extends ExploreStats {
  complete: boolean;
  stoppedBecause: StopReason;
  properties: PropertyResult<S, A>[];
}

export function explore<S, A>(
  model: Model<S, A>,
  properties: readonly Property<S>[],
  options: ExploreOptions = {},
): ExploreReport<S, A> {
  const started = performance.now();
  const codec = codecOf(model);
  const table = new FingerprintTable(properties.some((p) => p.kind === 'eventually'));
  const parent = new GrowableInt32();
  const via = new GrowableUint16();
  const queue = new ByteQueue();
  const writer = new ByteWriter();
  const fp = new Int32Array(2);
  const maxStates = options.maxStates ?? Infinity;
  const interval = options.progressInterval ?? 1000;
  const successor = stepper(model);
  const identify = identifier(model, properties.some((p) => p.kind === 'eventually'));

  const safety = properties.filter((p) => p.kind !== 'eventually');
  const live = properties.filter((p) => p.kind === 'eventually');
  const graph = live.length > 0 ? new StateGraph(live.length) : null;
  const fairness = model.fairness?.bind(model) ?? (() => null);
  // found[i]: the state number that decides property i, or -1.
  const found = new Int32Array(safety.length).fill(-1);
  let undecided = safety.length;
  let transitions = 0;
  let depth = 0;
  let levelEnd = 0;
  let peakRss = process.memoryUsage().rss;
  let peakQueueBytes = 0;
  let nextProgress = started + interval;
  let stoppedBecause: StopReason = 'exhausted';

  /** Adds a state if new; returns its number either way. */
  const visit = (state: S, from: number, actionIndex: number): number => {
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

  const inits = model.init();
  inits.forEach((s, i) => visit(s, -1 - i, 0));
  levelEnd = parent.length;

  let head = 0;
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
      const to = visit(next, from, i);
      if (record) graph.addEdge(to, fairness(state, actions[i]));
      if (parent.length >= maxStates) {
        stoppedBecause = 'max-states';
        break search;
      }
    }
    if (options.stopWhenDecided && undecided === 0 && !graph) {
      stoppedBecause = 'all-decided';
      break;
    }
    if ((head & 1023) === 0) {
      peakQueueBytes = Math.max(peakQueueBytes, queue.bytes);
      const now = performance.now();
      if (now >= nextProgress) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        nextProgress = now + interval;
        options.onProgress?.({
          states: parent.length,
          transitions,
          queued: queue.length,
          depth,
          seconds: (now - started) / 1000,
        });
      }
    }
  }
  const complete = stoppedBecause === 'exhausted';
  const searchSeconds = (performance.now() - started) / 1000;
  const results = safety.map((p, i) => safetyResult(model, inits, parent.data, via.data, p, found[i], complete));

  let liveness: LivenessStats | undefined;
  let liveResults: PropertyResult<S, A>[] = [];
  if (graph) {
    const t0 = performance.now();
    graph.seal();
    // The initial states are the first ones numbered, those without a parent.
    const initIds: number[] = [];
    for (let id = 0; id < Math.min(inits.length, parent.length); id++) if (parent.data[id] < 0) initIds.push(id);
    liveResults = livenessResults(model, inits, parent.data, complete ? graph : null, live, initIds);
    liveness = {
      seconds: (performance.now() - t0) / 1000,
      graphBytes: graph.bytes + table.idBytes,
      bytesPerState: (graph.bytes + table.idBytes) / Math.max(1, parent.length),
      edges: graph.target.length,
      fairnessClasses: graph.classNames.length,
    };
  }

  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const states = parent.length;
  return {
    complete,
    stoppedBecause,
    states,
    transitions,
    depth: depthOf(parent.data, states - 1),
    seconds: (performance.now() - started) / 1000,
    searchSeconds,
    liveness,
    tableBytes: table.slotBytes,
    bytesPerState: states > 0 ? table.slotBytes / states : 0,
    engineBytes: table.bytes + parent.bytes + via.bytes + peakQueueBytes,
    peakRssBytes: peakRss,
    collisionOdds: collisionOdds(states),
    properties: properties.map((p) => [...results, ...liveResults].find((r) => r.name === p.name)!),
  };
}
