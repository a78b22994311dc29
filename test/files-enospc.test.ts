/**
 * A disk that fills up mid-write (ENOSPC), and an input/output error on
 * flush: the writer's own checks pass, the write itself fails. fs is
 * replaced here so that the failure comes at the moment it would on a full
 * disk; the target must keep its old version, the temporary file must go,
 * and the error must be one UsageError line naming the target.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const failure = vi.hoisted(() => ({ on: '' as '' | 'write' | 'fsync', code: 'ENOSPC' }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const fail = (call: string) => {
    const e = new Error(`${failure.code}: ${call} failed`) as NodeJS.ErrnoException;
    e.code = failure.code;
    throw e;
  };
  return {
    ...fs,
    writeSync: ((...args: Parameters<typeof fs.writeSync>) => (failure.on === 'write' ? fail('write') : fs.writeSync(...args))) as typeof fs.writeSync,
    fsyncSync: ((fd: number) => (failure.on === 'fsync' ? fail('fsync') : fs.fsyncSync(fd))) as typeof fs.fsyncSync,
  };
});

const { writeFileAtomic } = await import('../src/files.ts');
const { UsageError } = await import('../src/errors.ts');

describe('a write that fails on the way', () => {
  it.each([
    ['write', 'ENOSPC', 'no space left on device, ENOSPC'],
    ['fsync', 'EIO', 'input/output error, EIO'],
    ['write', 'EDQUOT', 'disk quota exceeded, EDQUOT'],
  ] as const)('%s failing with %s: one line, old version kept, no temporary file', (on, code, reason) => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-enospc-'));
    const path = join(dir, 'out.json');
    writeFileSync(path, 'old');
    failure.on = on;
    failure.code = code;
    let error: unknown;
    try {
      writeFileAtomic(path, 'new', '--out out.json');
    } catch (e) {
      error = e;
    } finally {
      failure.on = '';
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`--out out.json: cannot write (${reason})`);
    expect(readFileSync(path, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});
