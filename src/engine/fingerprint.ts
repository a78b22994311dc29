/**
 * 64-bit fingerprints of encoded states and the table that remembers them.
 *
 * The explorer never keeps a visited state, only its fingerprint, as TLC
 * does: two 32-bit halves in an open-addressing table over one Int32Array.
 * Two distinct states that share a fingerprint would make the search skip
 * one of them; with 64 bits the chance of any such collision among n states
 * is about n^2 / 2^65 (see `collisionOdds`), which the report states.
 */

/** Two independent murmur3-style lanes over the bytes; result in out[0], out[1]. */
export function fingerprint(buf: Uint8Array, length: number, out: Int32Array): void {
  let h1 = 0x9747b28c ^ length;
  let h2 = 0x3c6ef372 ^ Math.imul(length, 0x85ebca6b);
  let i = 0;
  const whole = length & ~3;
  for (; i < whole; i += 4) {
    const k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    let k1 = Math.imul(k, 0xcc9e2d51);
    k1 = (k1 << 15) | (k1 >>> 17);
    h1 ^= Math.imul(k1, 0x1b873593);
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let k2 = Math.imul(k ^ 0x5bd1e995, 0x2545f491);
    k2 = (k2 << 17) | (k2 >>> 15);
    h2 ^= Math.imul(k2, 0x27d4eb2f);
    h2 = (h2 << 11) | (h2 >>> 21);
    h2 = (Math.imul(h2, 7) + 0x165667b1) | 0;
  }
  let tail = 0;
  for (let s = 0; i < length; i++, s += 8) tail |= buf[i] << s;
  let t1 = Math.imul(tail, 0xcc9e2d51);
  t1 = (t1 << 15) | (t1 >>> 17);
  h1 ^= Math.imul(t1, 0x1b873593);
  let t2 = Math.imul(tail ^ 0x5bd1e995, 0x2545f491);
  t2 = (t2 << 17) | (t2 >>> 15);
  h2 ^= Math.imul(t2, 0x27d4eb2f);
  out[0] = fmix(h1 ^ h2);
  out[1] = fmix(h2 + Math.imul(h1, 0x9e3779b1));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Probability that some two of n distinct states share a 64-bit fingerprint. */
export function collisionOdds(n: number): number {
  return (n * (n - 1)) / 2 / 2 ** 64;
}

const MAX_LOAD = 0.75;

/**
 * A set of 64-bit fingerprints, optionally mapping each to a state number.
 * The pair (0, 0) marks an empty slot, so a fingerprint equal to it is
 * stored as (0, 1): a harmless extra collision class.
 */
export class FingerprintTable {
  private slots: Int32Array;
  private ids: Int32Array | null;
  private mask: number;
  size = 0;

  constructor(withIds = false, capacity = 1 << 12) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.ids = withIds ? new Int32Array(cap) : null;
  }

  /**
   * Adds the fingerprint unless present. Returns -1 when it was new, else the
   * number stored with it (0 for a table without ids).
   */
  add(hi: number, lo: number, id: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    if (this.size >= (this.mask + 1) * MAX_LOAD) this.grow();
    const slots = this.slots;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if (h === 0 && l === 0) {
        slots[2 * i] = hi;
        slots[2 * i + 1] = lo;
        if (this.ids) this.ids[i] = id;
        this.size++;
        return -1;
      }
      if (h === hi && l === lo) return this.ids ? this.ids[i] : 0;
      i = (i + 1) & this.mask;
    }
  }

  /** The number stored with a fingerprint, or -1 when absent. */
  get(hi: number, lo: number): number {
    if (hi === 0 && lo === 0) lo = 1;
    const slots = this.slots;
    let i = (hi ^ Math.imul(lo, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = slots[2 * i];
      const l = slots[2 * i + 1];
      if (h === 0 && l === 0) return -1;
      if (h === hi && l === lo) return this.ids ? this.ids[i] : 0;
      i = (i + 1) & this.mask;
    }
  }

  /** Bytes of the state-number column alone (kept only for the liveness graph). */
  get idBytes(): number {
    return this.ids ? this.ids.byteLength : 0;
  }

  /** Bytes held by the table's arrays. */
  /** The fingerprints alone (the state numbers kept for the liveness pass are its cost: `idBytes`). */
  get slotBytes(): number {
    return this.slots.byteLength;
  }

  get bytes(): number {
    return this.slots.byteLength + (this.ids ? this.ids.byteLength : 0);
  }

  private grow(): void {
    const oldSlots = this.slots;
    const oldIds = this.ids;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * 2);
    this.ids = oldIds ? new Int32Array(cap) : null;
    this.size = 0;
    for (let j = 0; j < oldSlots.length / 2; j++) {
      const h = oldSlots[2 * j];
      const l = oldSlots[2 * j + 1];
      if (h !== 0 || l !== 0) this.add(h, l, oldIds ? oldIds[j] : 0);
    }
  }
}
