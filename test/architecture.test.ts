/**
 * The rooms of the code and the one direction of dependency between them:
 * src/ is the generic tool chain and imports no protocol; a protocol's
 * definition (protocol/, examples/) may import src/; spec/ imports immer
 * only. Checked on the import statements themselves, so a stray import
 * fails here rather than in a review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module a file imports (static, dynamic, re-export), resolved to a path from the root for relative ones. */
export function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]);
  return specs.map((s) => (s.startsWith('.') ? relative(root, resolve(dirname(join(root, file)), s)) : s));
}

const outside = (file: string, rooms: string[]) => importsOf(file).filter((i) => rooms.some((r) => i === r || i.startsWith(`${r}/`)));

describe('the rooms', () => {
  it('the import scanner sees imports (it can fail)', () => {
    expect(importsOf('protocol/index.ts')).toContain('spec/model.ts');
    expect(outside('protocol/index.ts', ['spec'])).not.toEqual([]);
  });

  it.each(sources('src'))('src/ imports no protocol: %s', (file) => {
    expect(outside(file, ['spec', 'properties', 'examples', 'protocol', 'impl', 'conform'])).toEqual([]);
  });

  it.each(sources('spec').filter((f) => !f.endsWith('.test.ts')))('spec/ imports immer only: %s', (file) => {
    const bare = importsOf(file).filter((i) => !i.startsWith('spec/'));
    expect(bare.filter((i) => i !== 'immer')).toEqual([]);
  });
});
