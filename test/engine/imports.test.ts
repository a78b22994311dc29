/**
 * The engine's module structure, read from its import statements: no
 * module imports itself through others (type-only imports included: a
 * cycle of types is still two ideas tangled), and the path module, which
 * the explorer page runs in the browser, reaches nothing of Node's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/engine/', import.meta.url));

/** Per module of src/engine, the specifiers it imports or re-exports from. */
function importsOf(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => /\.(ts|mjs)$/.test(f))) {
    const text = readFileSync(join(dir, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)].map(
      (m) => m[1] ?? m[2] ?? m[3],
    );
    graph.set(file, specifiers);
  }
  return graph;
}

const local = (spec: string) => (spec.startsWith('./') ? spec.slice(2) : null);

/** Every cycle's modules, as found by a depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (m: string) => {
    state.set(m, 'open');
    stack.push(m);
    for (const next of (graph.get(m) ?? []).map(local).filter((x): x is string => x !== null && graph.has(x))) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(m, 'done');
  };
  for (const m of graph.keys()) if (!state.has(m)) visit(m);
  return found;
}

describe('the engine’s imports', () => {
  it('parses the imports it checks', () => {
    const graph = importsOf();
    expect(graph.get('explore.ts')).toContain('./assemble.ts');
    expect(graph.get('trace.ts')).toContain('./path.ts');
    expect(graph.get('coordinator.ts')).toContain('./crew.ts');
    // The cycle finder finds a cycle when there is one.
    expect(cycles(new Map([['a.ts', ['./b.ts']], ['b.ts', ['./c.ts']], ['c.ts', ['./a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no import cycles', () => {
    expect(cycles(importsOf())).toEqual([]);
  });

  it('keeps the path module free of Node and of packages, all the way down', () => {
    const graph = importsOf();
    const reached = new Set<string>();
    const outside: string[] = [];
    const walk = (m: string) => {
      if (reached.has(m)) return;
      reached.add(m);
      for (const spec of graph.get(m) ?? []) {
        const next = local(spec);
        if (next === null) outside.push(`${m} imports ${spec}`);
        else walk(next);
      }
    };
    walk('path.ts');
    expect(outside).toEqual([]);
    expect([...reached].sort()).toEqual(['bytes.ts', 'model.ts', 'path.ts']);
  });
});
