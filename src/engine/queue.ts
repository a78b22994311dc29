/**
 * The breadth-first frontier as encoded bytes rather than objects: a FIFO of
 * length-prefixed records in fixed-size chunks, each chunk dropped once it has
 * been read. A frontier of a million states then costs tens of megabytes, not
 * a gigabyte of JavaScript objects.
 */
import { ByteReader } from './bytes.ts';

const CHUNK = 1 << 20;

export class ByteQueue {
  private chunks: Uint8Array[] = [new Uint8Array(CHUNK)];
  /** How many bytes of each chunk hold records. */
  private used: number[] = [0];
  private writePos = 0;
  private readChunk = 0;
  private readPos = 0;
  private count = 0;
  private readonly reader = new ByteReader(new Uint8Array(0));

  get length(): number {
    return this.count;
  }

  /** Bytes currently held. */
  get bytes(): number {
    let total = 0;
    for (const c of this.chunks) total += c.byteLength;
    return total;
  }

  push(src: Uint8Array, length: number): void {
    const need = length + 4;
    let chunk = this.chunks[this.chunks.length - 1];
    if (this.writePos + need > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, need));
      this.chunks.push(chunk);
      this.used.push(0);
      this.writePos = 0;
    }
    chunk[this.writePos] = length & 0xff;
    chunk[this.writePos + 1] = (length >>> 8) & 0xff;
    chunk[this.writePos + 2] = (length >>> 16) & 0xff;
    chunk[this.writePos + 3] = length >>> 24;
    chunk.set(src.subarray(0, length), this.writePos + 4);
    this.writePos += need;
    this.used[this.used.length - 1] = this.writePos;
    this.count++;
  }

  /** The next record, as a reader valid until the following `shift`. */
  shift(): ByteReader {
    if (this.count === 0) throw new RangeError('shift from an empty queue');
    let chunk = this.chunks[this.readChunk];
    if (this.readPos >= this.used[this.readChunk]) {
      // Every record of this chunk has been read: free it.
      this.chunks[this.readChunk] = EMPTY;
      this.readChunk++;
      this.readPos = 0;
      chunk = this.chunks[this.readChunk];
    }
    const n = this.recordLength(chunk, this.readPos);
    const r = this.reader;
    r.buf = chunk;
    r.pos = this.readPos + 4;
    r.end = this.readPos + 4 + n;
    this.readPos = r.end;
    this.count--;
    if (this.readChunk > 64) this.compact();
    return r;
  }

  private recordLength(chunk: Uint8Array, at: number): number {
    return chunk[at] | (chunk[at + 1] << 8) | (chunk[at + 2] << 16) | (chunk[at + 3] << 24);
  }

  private compact(): void {
    this.chunks = this.chunks.slice(this.readChunk);
    this.used = this.used.slice(this.readChunk);
    this.readChunk = 0;
  }
}

const EMPTY = new Uint8Array(0);
