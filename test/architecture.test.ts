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

/** Imports that are there at run time: not `import type`. */
function runtimeImportsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/^(import|export) type [^;]*;/gm, '');
  return [...text.matchAll(/(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)].map((m) =>
    relative(root, resolve(dirname(join(root, file)), m[1] ?? m[2])),
  );
}

/** A cycle among the files of a room, as the list of files around it, or null. */
function cycleIn(files: readonly string[], edgesOf: (f: string) => string[] = runtimeImportsOf): string[] | null {
  const set = new Set(files);
  const edges = new Map(files.map((f) => [f, edgesOf(f).filter((i) => set.has(i))]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, 'open');
    stack.push(f);
    for (const g of edges.get(f)!) {
      const c = visit(g);
      if (c) return c;
    }
    stack.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of files) {
    const c = visit(f);
    if (c) return c;
  }
  return null;
}

describe('imports', () => {
  it('the cycle finder finds a cycle (it can fail)', () => {
    expect(runtimeImportsOf('spec/model.ts')).toContain('spec/action.ts');
    // spec/model.ts imports spec/action.ts; a way back makes a cycle.
    const faked = (f: string) => (f === 'spec/action.ts' ? ['spec/model.ts'] : runtimeImportsOf(f));
    expect(cycleIn(['spec/model.ts', 'spec/action.ts'], faked)).toEqual(['spec/model.ts', 'spec/action.ts', 'spec/model.ts']);
  });

  it.each(['src', 'spec', 'properties', 'protocol'])('%s/ has no import cycle at run time', (room) => {
    expect(cycleIn(sources(room))).toBeNull();
  });
});

