/**
 * The fingerprint table shared by worker threads: the same open addressing
 * as `FingerprintTable`, over a SharedArrayBuffer, made safe for concurrent
 * insertion with 32-bit atomics only. A slot is claimed by compare-and-swap
 * of its high word from 0; the claimer then publishes the low word. A reader
 * that finds a claimed slot with the same high word waits for the low word.
 * Zero means "not yet", so both halves of a stored fingerprint are made
 * non-zero (a 2^-31 bias, harmless). State numbers (kept for the liveness
 * pass) are stored beside the slots once the claimer has numbered the state,
 * and read only after the level that found it has ended.
 *
 * The table does not grow while threads insert: when it is 3/4 full the
 * search pauses between two states and the threads copy it into one twice
 * the size (`copyFrom`), then go on.
 */

export interface SharedTableBuffers {
  slots: SharedArrayBuffer;
  /** State numbers, kept only when the liveness pass needs the graph. */
  ids: SharedArrayBuffer | null;
}

export class SharedTable {
  readonly slots: Int32Array;
  readonly ids: Int32Array | null;
  readonly mask: number;

  constructor(buffers: SharedTableBuffers) {
    this.slots = new Int32Array(buffers.slots);
    this.ids = buffers.ids ? new Int32Array(buffers.ids) : null;
    this.mask = this.slots.length / 2 - 1;
  }

  static allocate(capacity: number, withIds: boolean): SharedTableBuffers {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    return { slots: new SharedArrayBuffer(cap * 8), ids: withIds ? new SharedArrayBuffer(cap * 4) : null };
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /**
   * Inserts the fingerprint unless present. Returns the slot that holds it:
   * as `~slot` (negative) when this call claimed the slot, as `slot` when the
   * fingerprint was there. A state's number is not known when it is claimed
   * (workers number their new states in batches, see parallel-worker.ts), so
   * `insert` never waits for one: the number is read later with `idAt`.
   */
  insert(hi: number, lo: number): number {
    if (hi === 0) hi = 1;
    if (lo === 0) lo = 1;
    const slots = this.slots;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      let h = Atomics.load(slots, 2 * i);
      if (h === 0) {
        h = Atomics.compareExchange(slots, 2 * i, 0, hi);
        if (h === 0) {
          Atomics.store(slots, 2 * i + 1, lo);
          return ~i;
        }
      }
      if (h === hi) {
        // The claimer stores the low word right after its compare-and-swap.
        let l = Atomics.load(slots, 2 * i + 1);
        while (l === 0) l = Atomics.load(slots, 2 * i + 1);
        if (l === lo) return i;
      }
      i = (i + 1) & this.mask;
    }
  }

  /** Records the state number of the fingerprint in `slot` (when numbers are kept). */
  setId(slot: number, id: number): void {
    if (this.ids) this.ids[slot] = id + 1;
  }

  /** The state number of the fingerprint in `slot`, or -1 if none was recorded. */
  idAt(slot: number): number {
    return this.ids ? this.ids[slot] - 1 : -1;
  }

  /**
   * Copies the entries of `old` in slots [from, to) into this (larger)
   * table, numbers included. Safe to run on several threads at once over
   * disjoint ranges, as long as nobody inserts into `old`.
   */
  copyFrom(old: SharedTable, from: number, to: number): void {
    const ids = this.ids;
    for (let j = from; j < to; j++) {
      const h = old.slots[2 * j];
      if (h === 0) continue;
      const slot = ~this.insert(h, old.slots[2 * j + 1]);
      if (ids) ids[slot] = old.ids![j];
    }
  }

  get bytes(): number {
    return this.slots.byteLength + (this.ids ? this.ids.byteLength : 0);
  }
}
