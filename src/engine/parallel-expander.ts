/**
 * What one thread of the parallel search does, on the coordinator's thread
 * and in each worker thread alike. Each level's frontier lies in shared
 * memory as regions of a few hundred states; the threads take regions one at
 * a time until none is left, so a level is shared out as they become free,
 * whatever the states cost to expand. A new state goes into the shared
 * fingerprint table at once, and into the thread's open region; when the
 * region is full the thread numbers its states in one step (one atomic add
 * for the batch) and writes their parent, action and goal entries, which
 * then lie side by side, not interleaved with another thread's. The regions
 * a thread filled make up, with the others', the next level.
 *
 * For the liveness pass a thread keeps the out-edges of the states it
 * expanded. An edge's target may be a state another thread has not numbered
 * yet, so an edge first names the target's table slot, and is turned into
 * the state's number after the level, when every new state has one.
 */
import { ByteReader, ByteWriter } from './bytes.ts';
import { codecOf, identifier, stepper, type Codec } from './codec.ts';
import { FairnessCodes } from './graph.ts';
import { GrowableInt32, GrowableUint16 } from './growable.ts';
import type { Model, Property } from './model.ts';
import { COUNTER, CURSOR, FULL, GROW_AT, GROW_SPAN, MAX_STATES, PAUSE, REGION_WORDS, type Frontier, type LevelReport, type SharedArrays } from './parallel-layout.ts';
import { SharedTable } from './shared-table.ts';

/** Bytes of one page of frontier records, and of a region (the unit a thread takes). */
const PAGE = 1 << 20;
const REGION = 1 << 14;
/** A record's header: state number (4 bytes) and encoded length (2 bytes). */
const HEADER = 6;

export interface LevelResult extends LevelReport {
  fresh: number;
  transitions: number;
  /** Per safety property, a new state that decides it, or -1. */
  found: Int32Array;
  /** The thread stopped at its deadline, between two regions: the level goes on when it is called again with `resume`. */
  yielded: boolean;
}

/** What else a thread counts while it expands. */
export interface ExpanderCounters {
  /** Transitions per action type (`Model.actionType`), this thread's own row. */
  taken?: Int32Array | null;
  /** A word of the control array where the thread publishes its transitions so far in the level, for progress. */
  liveSlot?: number;
}

/** The out-edges a thread recorded: per state its number and edge count, then each edge's target and fairness class. */
export interface EdgePart {
  states: Int32Array;
  counts: Int32Array;
  targets: Int32Array;
  classes: Uint16Array;
  classNames: string[];
}

export class LevelExpander<S, A> {
  private readonly codec: Codec<S>;
  private readonly successor: (state: S, action: A) => S;
  private readonly identify: (state: S, encoded: ByteWriter, out: Int32Array) => void;
  private readonly fairnessOf: (state: S, action: A) => string | null;
  private readonly safety: Property<S>[];
  private readonly live: Property<S>[];
  private readonly allGoals: number;
  private table!: SharedTable;
  private parent!: Int32Array;
  private via!: Uint16Array;
  private goals!: Uint8Array;
  private readonly writer = new ByteWriter();
  private readonly reader = new ByteReader(new Uint8Array(0));
  private readonly fp = new Int32Array(2);

  // This level's figures.
  private fresh = 0;
  private transitions = 0;
  private max = 0;
  private remainder: number[] = [];
  private readonly found: Int32Array;

  // The page being written, the open region in it, and the regions filled this level.
  private page = new Uint8Array(new SharedArrayBuffer(0));
  private pos = 0;
  private regionStart = 0;
  private pageListed = -1;
  private outPages: SharedArrayBuffer[] = [];
  private outRegions: number[] = [];
  /**
   * Pages this thread filled in the last level (being read in this one), and
   * pages free to fill again: those filled the level before, which every
   * thread finished reading when that level ended.
   */
  private reading: SharedArrayBuffer[] = [];
  private spare: SharedArrayBuffer[] = [];
  // The open region's states, not numbered yet: parent, action, goals, table slot.
  private pendParent = new Int32Array(1024);
  private pendVia = new Uint16Array(1024);
  private pendGoals = new Uint8Array(1024);
  private pendSlot = new Int32Array(1024);
  private pending = 0;
  private readonly pendFound: Int32Array;

  private readonly edgeStates = new GrowableInt32();
  private readonly edgeCounts = new GrowableInt32();
  private readonly targets = new GrowableInt32();
  private readonly classes = new GrowableUint16();
  private unresolved = 0;
  private readonly fairness = new FairnessCodes();
  private readonly taken: Int32Array | null;
  private readonly typeOf: ((action: A) => number) | null;
  private readonly liveSlot: number;

  constructor(
    private readonly model: Model<S, A>,
    properties: readonly Property<S>[],
    private readonly control: Int32Array,
    private readonly decided: Int32Array,
    counters: ExpanderCounters = {},
  ) {
    this.taken = counters.taken && model.actionType ? counters.taken : null;
    this.typeOf = this.taken ? model.actionType!.bind(model) : null;
    this.liveSlot = counters.liveSlot ?? -1;
    this.codec = codecOf(model);
    this.successor = stepper(model);
    this.identify = identifier(model, properties.some((p) => p.kind === 'eventually'));
    this.fairnessOf = model.fairness?.bind(model) ?? (() => null);
    this.safety = properties.filter((p) => p.kind !== 'eventually');
    this.live = properties.filter((p) => p.kind === 'eventually');
    this.allGoals = (1 << this.live.length) - 1;
    this.found = new Int32Array(this.safety.length);
    this.pendFound = new Int32Array(this.safety.length).fill(-1);
  }

  /** Works on these shared arrays from now on. */
  attach(shared: SharedArrays): void {
    this.table = new SharedTable(shared.table);
    this.parent = new Int32Array(shared.columns.parent);
    this.via = new Uint16Array(shared.columns.via);
    this.goals = new Uint8Array(shared.columns.goals);
  }

  /** Helps copy the current table into the larger one (span by span, with the other threads), then works on the larger arrays. */
  grow(shared: SharedArrays): void {
    const old = this.table;
    this.attach(shared);
    const control = this.control;
    for (let k = Atomics.add(control, CURSOR, 1); k * GROW_SPAN < old.capacity; k = Atomics.add(control, CURSOR, 1)) {
      this.table.copyFrom(old, k * GROW_SPAN, Math.min(old.capacity, (k + 1) * GROW_SPAN));
    }
  }

  /** Numbers and checks the initial states: the first level's frontier. */
  start(states: readonly S[]): LevelResult {
    this.begin();
    states.forEach((state, i) => {
      this.writer.reset();
      this.codec.encode(state, this.writer);
      this.visit(state, -1 - i, 0);
    });
    return this.end();
  }

  /**
   * Expands regions of the frontier until none is left to take, or until the
   * search pauses for the table to grow; then what is left of the region in
   * hand is the result's `remainder`. `resume` goes on with the level that
   * paused: its figures and new states add to what it found before. Past
   * `deadline` (performance.now()) the thread takes no more regions and
   * returns `yielded`; the level goes on with `resume`.
   */
  level(frontier: Frontier, resume = false, deadline = Infinity): LevelResult {
    const control = this.control;
    if (resume) this.max = control[MAX_STATES];
    else this.begin();
    this.remainder = [];
    const pages = frontier.pages.map((b) => new Uint8Array(b));
    const regions = frontier.regions;
    const count = regions.length / REGION_WORDS;
    const reader = this.reader;
    let yielded = false;
    take: for (;;) {
      if (Atomics.load(control, FULL) !== 0 || Atomics.load(control, PAUSE) !== 0) break;
      if (this.liveSlot >= 0) Atomics.store(control, this.liveSlot, this.transitions);
      if (deadline !== Infinity && performance.now() >= deadline) {
        yielded = true;
        break;
      }
      const k = Atomics.add(control, CURSOR, 1);
      if (k >= count) break;
      const buf = pages[regions[REGION_WORDS * k]];
      const end = regions[REGION_WORDS * k + 2];
      for (let at = regions[REGION_WORDS * k + 1]; at < end; ) {
        if (Atomics.load(control, PAUSE) !== 0) {
          this.remainder.push(regions[REGION_WORDS * k], at, end);
          break take;
        }
        const from = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
        const length = buf[at + 4] | (buf[at + 5] << 8);
        reader.buf = buf;
        reader.pos = at + HEADER;
        reader.end = at + HEADER + length;
        at = reader.end;
        this.expand(from, this.codec.decode(reader));
      }
    }
    return this.end(yielded);
  }

  private begin(): void {
    this.fresh = 0;
    this.transitions = 0;
    this.max = this.control[MAX_STATES];
    this.found.fill(-1);
    if (this.liveSlot >= 0) Atomics.store(this.control, this.liveSlot, 0);
    for (const page of this.reading) this.spare.push(page);
    this.reading = this.outPages;
    this.outPages = [];
    this.outRegions = [];
    this.newPage();
  }

  private end(yielded = false): LevelResult {
    this.flush();
    return {
      frontier: { pages: this.outPages, regions: Int32Array.from(this.outRegions) },
      remainder: Int32Array.from(this.remainder),
      fresh: this.fresh,
      transitions: this.transitions,
      found: this.found,
      yielded,
    };
  }

  private expand(from: number, state: S): void {
    const actions = this.model.actions(state);
    const record = this.live.length > 0 && this.goals[from] !== this.allGoals;
    if (record) {
      this.edgeStates.push(from);
      this.edgeCounts.push(actions.length);
    }
    const writer = this.writer;
    const { taken, typeOf } = this;
    for (let i = 0; i < actions.length; i++) {
      const succ = this.successor(state, actions[i]);
      this.transitions++;
      if (typeOf !== null) taken![typeOf(actions[i])]++;
      writer.reset();
      this.codec.encode(succ, writer);
      const slot = this.visit(succ, from, i);
      if (record) {
        this.targets.push(slot);
        this.classes.push(this.fairness.codeOf(this.fairnessOf(state, actions[i])));
      }
    }
  }

  /** Looks up the state just encoded into the writer, keeps it if new; returns its table slot. */
  private visit(state: S, from: number, action: number): number {
    const fp = this.fp;
    this.identify(state, this.writer, fp);
    const slot = this.table.insert(fp[0], fp[1]);
    if (slot >= 0) return slot;
    this.keep(state, from, action, ~slot);
    return ~slot;
  }

  /** Appends a new state to the open region; numbers the region's states when it is full. */
  private keep(state: S, from: number, action: number, slot: number): void {
    const length = this.writer.length;
    if (length > 0xffff) throw new Error('internal: an encoded state over 64 KiB');
    if (this.pos + HEADER + length > PAGE) {
      this.flush();
      this.newPage();
    }
    const page = this.page;
    page[this.pos + 4] = length & 0xff;
    page[this.pos + 5] = length >>> 8;
    page.set(this.writer.buf.subarray(0, length), this.pos + HEADER);
    this.pos += HEADER + length;
    const k = this.pending;
    if (k === this.pendParent.length) this.growPending();
    this.pendParent[k] = from;
    this.pendVia[k] = action;
    let bits = 0;
    for (let j = 0; j < this.live.length; j++) if (this.live[j].holds(state)) bits |= 1 << j;
    this.pendGoals[k] = bits;
    this.pendSlot[k] = slot;
    for (let p = 0; p < this.safety.length; p++) {
      if (this.decided[p] !== 0 || this.found[p] !== -1 || this.pendFound[p] !== -1) continue;
      const prop = this.safety[p];
      if (prop.holds(state) === (prop.kind === 'sometimes')) this.pendFound[p] = k;
    }
    this.pending = k + 1;
    if (this.pos - this.regionStart >= REGION) this.flush();
  }

  /**
   * Numbers the open region's states with one atomic add, writes their
   * columns and their numbers (into the records and the table), and closes
   * the region. Past --max-states the surplus is dropped and the search told
   * to stop.
   */
  private flush(): void {
    const pending = this.pending;
    if (pending === 0) return;
    const first = Atomics.add(this.control, COUNTER, pending);
    if (first + pending >= Atomics.load(this.control, GROW_AT)) Atomics.store(this.control, PAUSE, 1);
    let kept = pending;
    if (this.max > 0 && first + kept > this.max) {
      kept = Math.max(0, this.max - first);
      Atomics.store(this.control, FULL, 1);
    }
    if (first + kept > this.parent.length) throw new Error('internal: the shared columns are full (the coordinator under-reserved)');
    const page = this.page;
    let at = this.regionStart;
    for (let k = 0; k < kept; k++) {
      const id = first + k;
      this.parent[id] = this.pendParent[k];
      this.via[id] = this.pendVia[k];
      this.goals[id] = this.pendGoals[k];
      this.table.setId(this.pendSlot[k], id);
      page[at] = id & 0xff;
      page[at + 1] = (id >>> 8) & 0xff;
      page[at + 2] = (id >>> 16) & 0xff;
      page[at + 3] = id >>> 24;
      at += HEADER + (page[at + 4] | (page[at + 5] << 8));
    }
    for (let p = 0; p < this.safety.length; p++) {
      const k = this.pendFound[p];
      if (k !== -1 && k < kept && this.found[p] === -1) this.found[p] = first + k;
      this.pendFound[p] = -1;
    }
    if (kept > 0) {
      if (this.pageListed === -1) {
        this.pageListed = this.outPages.length;
        this.outPages.push(page.buffer);
      }
      this.outRegions.push(this.pageListed, this.regionStart, at);
      this.fresh += kept;
    }
    this.regionStart = this.pos;
    this.pending = 0;
  }

  /** Starts writing a page of its own: each level's pages hold that level's states only, so they can be reused. */
  private newPage(): void {
    this.page = new Uint8Array(this.spare.pop() ?? new SharedArrayBuffer(PAGE));
    this.pos = this.regionStart = 0;
    this.pageListed = -1;
  }

  private growPending(): void {
    const n = this.pendParent.length * 2;
    const grow = <T extends Int32Array | Uint16Array | Uint8Array>(old: T, next: T): T => (next.set(old), next);
    this.pendParent = grow(this.pendParent, new Int32Array(n));
    this.pendVia = grow(this.pendVia, new Uint16Array(n));
    this.pendGoals = grow(this.pendGoals, new Uint8Array(n));
    this.pendSlot = grow(this.pendSlot, new Int32Array(n));
  }

  /** After a level, when every new state has its number: edges name states, not slots. */
  resolveEdges(): void {
    const full = Atomics.load(this.control, FULL) !== 0;
    const targets = this.targets.data;
    for (let e = this.unresolved; e < this.targets.length; e++) {
      const id = this.table.idAt(targets[e]);
      if (id < 0 && !full) throw new Error('internal: an edge to a state that was never numbered');
      targets[e] = id;
    }
    this.unresolved = this.targets.length;
  }

  edges(): EdgePart {
    // Exact copies, so that a worker can hand them over without copying again (or sending the unused room).
    const used = <T extends Int32Array | Uint16Array>(g: { data: T; length: number }) => g.data.slice(0, g.length) as T;
    return {
      states: used(this.edgeStates),
      counts: used(this.edgeCounts),
      targets: used(this.targets),
      classes: used(this.classes),
      classNames: this.fairness.names,
    };
  }
}
