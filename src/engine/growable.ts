/** Typed arrays that double when full: per-state columns of the explorer. */
export class GrowableInt32 {
  data = new Int32Array(1 << 12);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}

export class GrowableUint16 {
  data = new Uint16Array(1 << 12);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint16Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  get bytes(): number {
    return this.data.byteLength;
  }
}
