/**
 * The fingerprint table shared by worker threads: the same open addressing
 * as `FingerprintTable`, over a SharedArrayBuffer, made safe for concurrent
 * insertion with 32-bit atomics only. A slot is claimed by compare-and-swap
 * of its high word from 0; the claimer then publishes the low word, and then
 * the state number (plus one). A reader that finds a claimed slot with the
 * same high word waits for the low word, and for the number when it needs
 * it. Zero means "not yet", so both halves of a stored fingerprint are made
 * non-zero (a 2^-31 bias, harmless).
 *
 * The table does not grow while workers insert: between two levels of the
 * search the coordinator rebuilds it larger when the next level could fill it.
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
   * Inserts the fingerprint unless present. Returns -1 when this call
   * inserted it (the caller then calls `publish` with its number), else the
   * number stored with it.
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
          this.claimed = i;
          return -1;
        }
      }
      if (h === hi) {
        let l = Atomics.load(slots, 2 * i + 1);
        while (l === 0) l = Atomics.load(slots, 2 * i + 1);
        if (l === lo) {
          const ids = this.ids;
          if (!ids) return 0;
          let id = Atomics.load(ids, i);
          while (id === 0) id = Atomics.load(ids, i);
          return id - 1;
        }
      }
      i = (i + 1) & this.mask;
    }
  }

  /** The slot the last successful `insert` claimed. */
  claimed = -1;

  publish(id: number): void {
    if (this.ids) Atomics.store(this.ids, this.claimed, id + 1);
  }

  /** Copies every entry into a larger table (single-threaded: no worker may be inserting). */
  static rebuild(old: SharedTable, capacity: number): SharedTableBuffers {
    const buffers = SharedTable.allocate(capacity, old.ids !== null);
    const next = new SharedTable(buffers);
    for (let j = 0; j <= old.mask; j++) {
      const h = old.slots[2 * j];
      if (h === 0) continue;
      next.insert(h, old.slots[2 * j + 1]);
      if (old.ids) next.publish(old.ids[j] - 1);
    }
    return buffers;
  }

  get bytes(): number {
    return this.slots.byteLength + (this.ids ? this.ids.byteLength : 0);
  }
}
