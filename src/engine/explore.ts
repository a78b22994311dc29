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
import { codecOf } from './codec.ts';
import { FingerprintTable, collisionOdds, fingerprint } from './fingerprint.ts';
import { GrowableInt32, GrowableUint16 } from './growable.ts';
import type { Model, Property, PropertyKind } from './model.ts';
import { ByteQueue } from './queue.ts';
import { rebuildPath, type Trace } from './trace.ts';

export type Verdict = 'holds' | 'violated' | 'witnessed' | 'not-witnessed';

export interface PropertyResult<S, A> {
  name: string;
  kind: PropertyKind;
  verdict: Verdict;
  /** False when the search stopped early and a `holds`/`not-witnessed` is only "so far". */
  final: boolean;
  /** Steps in the counterexample or witness. */
  length?: number;
  trace?: Trace<S, A>;
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
  seconds: number;
  /** Bytes of the fingerprint table, and per distinct state. */
  tableBytes: number;
  bytesPerState: number;
  /** Bytes of everything the explorer keeps per state: table, parents, frontier at its largest. */
  engineBytes: number;
  peakRssBytes: number;
  /** Chance that a fingerprint collision hid a state. */
  collisionOdds: number;
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
  const table = new FingerprintTable();
  const parent = new GrowableInt32();
  const via = new GrowableUint16();
  const queue = new ByteQueue();
  const writer = new ByteWriter();
  const fp = new Int32Array(2);
  const maxStates = options.maxStates ?? Infinity;
  const interval = options.progressInterval ?? 1000;
  const inPlace = model.nextInPlace && model.encode ? model.nextInPlace.bind(model) : null;

  const safety = properties.filter((p) => p.kind !== 'eventually');
  if (safety.length !== properties.length) {
    throw new Error('explore() checks always/sometimes properties; use checkModel() for eventually ones');
  }
  // found[i]: the state number that decides property i, or -1.
  const found = new Int32Array(safety.length).fill(-1);
  const foundDepth = new Int32Array(safety.length);
  let undecided = safety.length;
  let transitions = 0;
  let depth = 0;
  let levelEnd = 0;
  let peakRss = process.memoryUsage().rss;
  let peakQueueBytes = 0;
  let nextProgress = started + interval;
  let stoppedBecause: StopReason = 'exhausted';

  const visit = (state: S, from: number, actionIndex: number, d: number): boolean => {
    writer.reset();
    codec.encode(state, writer);
    fingerprint(writer.buf, writer.length, fp);
    const id = parent.length;
    if (table.add(fp[0], fp[1], id) !== -1) return false;
    parent.push(from);
    via.push(actionIndex);
    queue.push(writer.buf, writer.length);
    if (undecided > 0) {
      for (let i = 0; i < safety.length; i++) {
        if (found[i] !== -1) continue;
        const p = safety[i];
        if (p.holds(state) === (p.kind === 'sometimes')) {
          found[i] = id;
          foundDepth[i] = d;
          undecided--;
        }
      }
    }
    return true;
  };

  const inits = model.init();
  inits.forEach((s, i) => visit(s, -1 - i, 0, 0));
  levelEnd = parent.length;

  let head = 0;
  search: while (queue.length > 0) {
    if (head === levelEnd) {
      depth++;
      levelEnd = parent.length;
    }
    const reader = queue.shift();
    const start = reader.pos;
    const state = codec.decode(reader);
    const from = head++;
    const actions = model.actions(state);
    for (let i = 0; i < actions.length; i++) {
      let next: S;
      if (inPlace) {
        // A fresh copy of the parent, changed in place: no proxies, no sharing.
        reader.pos = start;
        next = codec.decode(reader);
        inPlace(next, actions[i]);
      } else {
        next = model.next(state, actions[i]);
      }
      transitions++;
      visit(next, from, i, depth + 1);
      if (parent.length >= maxStates) {
        stoppedBecause = 'max-states';
        break search;
      }
    }
    if (options.stopWhenDecided && undecided === 0) {
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
  const results = safety.map((p, i): PropertyResult<S, A> => {
    const decided = found[i] !== -1;
    const verdict: Verdict =
      p.kind === 'always' ? (decided ? 'violated' : 'holds') : decided ? 'witnessed' : 'not-witnessed';
    if (!decided) return { name: p.name, kind: p.kind, verdict, final: complete };
    const trace = rebuildPath(model, inits, parent.data, via.data, found[i]);
    return { name: p.name, kind: p.kind, verdict, final: true, length: foundDepth[i], trace };
  });

  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const states = parent.length;
  return {
    complete,
    stoppedBecause,
    states,
    transitions,
    depth: depthOf(parent.data, states - 1),
    seconds: (performance.now() - started) / 1000,
    tableBytes: table.bytes,
    bytesPerState: states > 0 ? table.bytes / states : 0,
    engineBytes: table.bytes + parent.bytes + via.bytes + peakQueueBytes,
    peakRssBytes: peakRss,
    collisionOdds: collisionOdds(states),
    properties: results,
  };
}

/** Steps from an initial state to state `id`; for the last state found, BFS makes it the greatest. */
function depthOf(parent: Int32Array, id: number): number {
  let d = 0;
  for (let i = id; i >= 0; i = parent[i]) d++;
  return Math.max(d - 1, 0);
}
