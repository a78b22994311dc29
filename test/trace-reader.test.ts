/**
 * The trace reader accepts exactly what the JSON Schema accepts: a corpus of
 * crafted files that are not traces, each refused by `lockstep replay` with
 * exit 2 and one short line naming the field; the reader and the schema
 * agreeing on every corpus file, every committed trace, and on random edits
 * of the committed traces; a byte-order mark accepted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vmwareFt } from '../protocol/builtin.ts';
import { traceParsers } from '../src/protocol/traces.ts';

const protocolParsers = traceParsers(vmwareFt);
import { parseTrace, TRACE_FIELDS } from '../src/trace/file.ts';
import { badTraces, committedTraces, root, SCHEMA_PATH } from './helpers/bad-traces.ts';
import { lockstep, lockstepAsync } from './helpers/cli.ts';

const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'));
const validate = new Ajv2020({ allErrors: false }).compile(schema);
const corpus = badTraces();

function read(text: string): { ok: true } | { ok: false; message: string } {
  try {
    parseTrace(text, protocolParsers, 'f.json');
    return { ok: true };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

/**
 * Runs one `lockstep replay` over all the files, as a user would over a
 * folder: each file that is not a trace is one line on stderr, and the
 * process exits 2. Each file's result is its own line; a sample of files
 * is also replayed alone, for the exit code of a single bad file.
 */
async function replayEach(files: string[]): Promise<{ code: number | null; stdout: string; stderr: string }[]> {
  const run = (args: string[]) => lockstepAsync(['replay', ...args]);
  const all = await run(files);
  const lines = all.stderr.replace(/\n$/, '').split('\n');
  const sample = await Promise.all(files.filter((_f, i) => i % 20 === 0).map((f) => run([f])));
  const alone = new Map(files.filter((_f, i) => i % 20 === 0).map((f, k) => [f, sample[k]]));
  return files.map((f) => {
    const mine = lines.filter((l) => l.startsWith(`lockstep: ${f}: `));
    const own = alone.get(f);
    const stderr = `${mine.join('\n')}\n`;
    return { code: own ? (own.stderr === stderr ? own.code : -1) : all.code, stdout: all.stdout, stderr };
  });
}

describe('a corpus of crafted files that are not traces', () => {
  it('has at least 50 files', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it('each: `lockstep replay` exits 2 with one short, safe line naming what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-corpus-'));
    const files = corpus.map((c, i) => {
      const path = join(dir, `${String(i).padStart(3, '0')}.json`);
      writeFileSync(path, c.text);
      return path;
    });
    const results = await replayEach(files);
    const wrong = corpus.flatMap((c, i) => {
      const r = results[i];
      const line = r.stderr.replace(/\n$/, '');
      const problems = [
        r.code !== 2 && `exit ${r.code}`,
        r.stdout !== '' && `stdout ${JSON.stringify(r.stdout.slice(0, 80))}`,
        line.includes('\n') && 'more than one line',
        line.length > 400 && `${line.length} characters`,
        /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(line) && 'a control character',
        !line.startsWith(`lockstep: ${files[i]}: `) && 'no file name',
        !c.message.test(line) && `message ${JSON.stringify(line.slice(0, 300))}`,
      ].filter(Boolean);
      return problems.length === 0 ? [] : [`${c.name}: ${problems.join('; ')}`];
    });
    expect(wrong).toEqual([]);
  }, 600_000);
});

describe('the reader and the JSON Schema agree', () => {
  it('on the set of top-level fields', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(TRACE_FIELDS).sort());
    expect([...schema.required].sort()).toEqual(Object.entries(TRACE_FIELDS).filter(([, need]) => need === 'required').map(([k]) => k).sort());
  });

  it.each(corpus.filter((c) => c.schema !== 'not-json').map((c) => [c.name, c] as const))('on the corpus file "%s"', (_name, c) => {
    const r = read(c.text);
    expect(r.ok).toBe(false);
    const json = JSON.parse(c.text.replace(/^\ufeff/, ''));
    expect(validate(json), c.schema === 'refuses' ? 'the schema should refuse it too' : 'the schema cannot say this').toBe(c.schema === 'beyond');
  });

  it.each(committedTraces())('on the committed trace %s: both accept it', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(read(text)).toEqual({ ok: true });
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
  });

  // What only the reader can check: a request within the configuration's bound, a fingerprint per step.
  const BEYOND = /(req|seq) must be a (request|seq) from 1 to \d+, not \d+|"fingerprints" must have one entry per step/;

  it('on random edits of the committed traces: the reader never accepts what the schema refuses', () => {
    const traces = committedTraces().map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, [], {}, '', 0, 1, 2, 16, -1, 1.5, 'p', 'b', 'p-b', 'no-drain', ['no-drain'], [['no-drain']], 'hand', '0123456789abcdef'),
    );
    // An edit: at a path of keys into the trace, set a value, or delete, or add an unknown key.
    const edit = fc.record({
      trace: fc.nat(traces.length - 1),
      path: fc.array(fc.oneof(fc.nat(12), fc.constantFrom('config', 'source', 'actions', 'cycle', 'fingerprints', 'knobs', 'type', 'req', 'nd', 'vm', 'link', 'seed', 'kind', 'x')), { minLength: 1, maxLength: 4 }),
      op: fc.constantFrom('set', 'delete'),
      value,
    });
    fc.assert(
      fc.property(edit, ({ trace, path, op, value }) => {
        const t = structuredClone(traces[trace]);
        let at: any = t;
        for (const key of path.slice(0, -1)) {
          const k = resolveKey(at, key);
          if (at === null || typeof at !== 'object' || !(k in at)) return;
          at = at[k];
        }
        if (at === null || typeof at !== 'object') return;
        const last = resolveKey(at, path[path.length - 1]);
        if (op === 'delete') delete at[last];
        else at[last] = value;
        const text = JSON.stringify(t);
        const r = read(text);
        const valid = validate(JSON.parse(text));
        if (r.ok) expect(valid, `the reader accepted what the schema refuses: ${text.slice(0, 300)}`).toBe(true);
        else if (valid) expect(r.message, 'the reader refused what the schema accepts').toMatch(BEYOND);
      }),
      { numRuns: 3000, seed: 12 },
    );
  });
});

/** A numeric key into a list is an index modulo its length; into an object, a string. */
function resolveKey(at: unknown, key: string | number): string | number {
  if (Array.isArray(at) && typeof key === 'number') return at.length === 0 ? 0 : key % (at.length + 1);
  return String(key);
}

describe('a byte-order mark', () => {
  it('is accepted before a trace, as JSON tools do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-bom-'));
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\ufeff${readFileSync(join(root, 'counterexamples/paper-partition.json'), 'utf8')}`);
    const r = lockstep('replay', path);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
