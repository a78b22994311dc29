import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { FingerprintTable, fingerprint } from '../../src/engine/fingerprint.ts';
import { ByteQueue } from '../../src/engine/queue.ts';
import { SharedTable } from '../../src/engine/shared-table.ts';

describe('FingerprintTable', () => {
  it('adds, finds and grows without losing entries', () => {
    const t = new FingerprintTable(true, 16);
    for (let i = 0; i < 100_000; i++) expect(t.add(i * 7919, i ^ 0x5a5a5a5a, i)).toBe(-1);
    expect(t.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(t.get(i * 7919, i ^ 0x5a5a5a5a)).toBe(i);
    expect(t.add(7919, 1 ^ 0x5a5a5a5a, 5)).toBe(1);
    expect(t.get(-1, -1)).toBe(-1);
  });

  it('keeps the reserved empty pair (0, 0) apart from real fingerprints', () => {
    const t = new FingerprintTable();
    expect(t.add(0, 0, 0)).toBe(-1);
    expect(t.add(0, 0, 0)).toBe(0);
    expect(t.size).toBe(1);
  });

  it('stays within 32 bytes per state when ids are not kept', () => {
    const t = new FingerprintTable();
    for (let i = 1; i <= 1_000_000; i++) t.add(i, i * 31, 0);
    expect(t.bytes / t.size).toBeLessThanOrEqual(32);
  });
});

describe('SharedTable', () => {
  it('claims a slot once (~slot), then finds it (slot), and keeps a number there once one is set', () => {
    const t = new SharedTable(SharedTable.allocate(16, true));
    const claimed = t.insert(123, 456);
    expect(claimed).toBeLessThan(0);
    expect(t.idAt(~claimed)).toBe(-1);
    t.setId(~claimed, 7);
    expect(t.insert(123, 456)).toBe(~claimed);
    expect(t.idAt(~claimed)).toBe(7);
    // Zero halves are stored as non-zero, and still told apart from other fingerprints.
    expect(t.insert(0, 0)).toBeLessThan(0);
    expect(t.insert(0, 0)).toBeGreaterThanOrEqual(0);
  });

  it('copies every entry and its number into a larger table, range by range', () => {
    const old = new SharedTable(SharedTable.allocate(1 << 12, true));
    for (let i = 0; i < 3000; i++) old.setId(~old.insert(i * 7919 + 1, i ^ 0x5a5a5a5a), i);
    const next = new SharedTable(SharedTable.allocate(1 << 14, true));
    next.copyFrom(old, 0, 1000);
    next.copyFrom(old, 1000, old.capacity);
    for (let i = 0; i < 3000; i++) {
      const slot = next.insert(i * 7919 + 1, i ^ 0x5a5a5a5a);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(next.idAt(slot)).toBe(i);
    }
    expect(next.insert(5, 5)).toBeLessThan(0);
  });
});

describe('fingerprint', () => {
  test.prop([fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 })])('differs for different bytes', (a, b) => {
    const fa = new Int32Array(2);
    const fb = new Int32Array(2);
    fingerprint(a, a.length, fa);
    fingerprint(b, b.length, fb);
    const equalBytes = a.length === b.length && a.every((x, i) => x === b[i]);
    expect(fa[0] === fb[0] && fa[1] === fb[1]).toBe(equalBytes);
  });
});

describe('ByteQueue', () => {
  it('is first in, first out across chunks', () => {
    const q = new ByteQueue();
    const n = 300_000;
    const rec = new Uint8Array(9);
    for (let i = 0; i < n; i++) {
      rec.fill(i & 0xff);
      q.push(rec, 1 + (i % 9));
    }
    for (let i = 0; i < n; i++) {
      const r = q.shift();
      expect(r.end - r.pos).toBe(1 + (i % 9));
      if (i % 1000 === 0) expect(r.u8()).toBe(i & 0xff);
    }
    expect(q.length).toBe(0);
  });
});
