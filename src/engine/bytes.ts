/**
 * Small byte buffers for canonical state encodings. The writer is reused
 * across states on the explorer's hot path, so it grows but never shrinks and
 * `reset` is free.
 */
export class ByteWriter {
  buf: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  reset(): void {
    this.length = 0;
  }

  u8(value: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = value;
  }

  /** Unsigned LEB128, for counts and values that are usually small. */
  varint(value: number): void {
    while (value >= 0x80) {
      this.u8((value & 0x7f) | 0x80);
      value = Math.floor(value / 128);
    }
    this.u8(value);
  }

  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (this.length + n > this.buf.length) this.grow(n);
    this.buf.set(src.subarray(start, end), this.length);
    this.length += n;
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  private grow(extra: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.length + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

export class ByteReader {
  constructor(
    public buf: Uint8Array,
    public pos = 0,
    public end = buf.length,
  ) {}

  u8(): number {
    if (this.pos >= this.end) throw new RangeError('read past the end of an encoded state');
    return this.buf[this.pos++];
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
  }

  get done(): boolean {
    return this.pos >= this.end;
  }
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

/** The fallback encoding for models without their own: canonical JSON. */
export function encodeJson(value: unknown, out: ByteWriter): void {
  out.bytes(textEncoder.encode(JSON.stringify(value)));
}

export function decodeJson(input: ByteReader): unknown {
  const text = textDecoder.decode(input.buf.subarray(input.pos, input.end));
  input.pos = input.end;
  return JSON.parse(text);
}
