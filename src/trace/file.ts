/**
 * The trace file: one JSON format shared by exhaustive search, random search
 * and hand-written scenarios. Self-contained and versioned: the model's
 * configuration, the property and the verdict the trace demonstrates, and
 * the actions in the model's own vocabulary; optionally the fingerprint after
 * each step (so a replay can tell that the model's semantics changed), a
 * cycle (for a liveness lasso), and where it came from (a random run's seed
 * and path). Documented, with its JSON Schema, in counterexamples/README.md.
 *
 * This module knows the envelope only; the configuration and the actions are
 * checked by the model's own parsers, passed in.
 */
import { readFileSync } from 'node:fs';
import type { Verdict } from '../engine/explore.ts';
import { UsageError } from '../errors.ts';

export { writeFileAtomic } from '../files.ts';

export const TRACE_FORMAT = 'lockstep-trace';
export const TRACE_VERSION = 1;
const VERDICTS: readonly Verdict[] = ['holds', 'violated', 'witnessed', 'not-witnessed'];
const SOURCES = ['exhaustive', 'random', 'hand'] as const;

export interface TraceSource {
  kind: (typeof SOURCES)[number];
  /** The command that produced it. */
  command?: string;
  /** Random runs: what replays them in the fuzzer. */
  seed?: number;
  path?: string;
}

export interface TraceFile<C, A> {
  $schema?: string;
  format: typeof TRACE_FORMAT;
  version: typeof TRACE_VERSION;
  /** The protocol definition's name: a trace of another protocol is refused. */
  protocol: string;
  title?: string;
  description?: string;
  config: C;
  property: string;
  expect: Verdict;
  source?: TraceSource;
  actions: A[];
  /** A liveness lasso: after `actions` (the prefix), these repeat forever. */
  cycle?: A[];
  /** Fingerprint of the state after each step, of `actions` then `cycle`. */
  fingerprints?: string[];
}

/** A file that is not a trace: one line, exit code 2. */
export class TraceError extends UsageError {
  override name = 'TraceError';
}

export interface TraceParsers<C, A> {
  /** The protocol this reader is for. */
  protocol: string;
  config(value: unknown): C;
  action(value: unknown, config: C): A;
  property(name: string, config: C): boolean;
}

const KEYS = new Set(['$schema', 'format', 'version', 'protocol', 'title', 'description', 'config', 'property', 'expect', 'source', 'actions', 'cycle', 'fingerprints']);

export function readTraceFile<C, A>(path: string, parsers: TraceParsers<C, A>): TraceFile<C, A> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TraceError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseTrace(text, parsers, path);
}

export function parseTrace<C, A>(text: string, parsers: TraceParsers<C, A>, where = 'trace'): TraceFile<C, A> {
  const fail = (msg: string): never => {
    throw new TraceError(`${where}: ${msg}`);
  };
  if (text.trim() === '') fail('empty file, not a trace');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`not JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a trace: expected a JSON object');
  const t = json as Record<string, unknown>;
  if (t.format !== TRACE_FORMAT) fail(`not a trace: "format" must be "${TRACE_FORMAT}"`);
  if (t.version !== TRACE_VERSION) fail(`trace format version ${JSON.stringify(t.version)} is not supported (this lockstep reads version ${TRACE_VERSION})`);
  for (const key of Object.keys(t)) if (!KEYS.has(key)) fail(`unexpected field "${key}"`);
  if (typeof t.protocol !== 'string') fail('"protocol" must name the protocol the trace is a run of');
  if (t.protocol !== parsers.protocol) {
    fail(`a trace of protocol ${JSON.stringify(t.protocol).slice(0, 60)}, not of ${parsers.protocol} (give the protocol's module with --protocol)`);
  }
  let config: C;
  try {
    config = parsers.config(t.config);
  } catch (e) {
    return fail(`config: ${(e as Error).message}`);
  }
  if (typeof t.property !== 'string' || !parsers.property(t.property, config)) fail(`unknown property ${JSON.stringify(t.property)}`);
  if (!VERDICTS.includes(t.expect as Verdict)) fail(`"expect" must be one of ${VERDICTS.join(', ')}`);
  for (const key of ['title', 'description'] as const) {
    if (t[key] !== undefined && typeof t[key] !== 'string') fail(`"${key}" must be a string`);
  }
  const source = t.source === undefined ? undefined : parseSource(t.source, fail);
  const actions = parseActions(t.actions, 'actions', config, parsers, fail);
  const cycle = t.cycle === undefined ? undefined : parseActions(t.cycle, 'cycle', config, parsers, fail);
  let fingerprints: string[] | undefined;
  if (t.fingerprints !== undefined) {
    const fps = t.fingerprints;
    if (!Array.isArray(fps) || !fps.every((f) => typeof f === 'string' && /^[0-9a-f]{16}$/.test(f))) {
      fail('"fingerprints" must be a list of 16-digit hex strings');
    }
    if ((fps as string[]).length !== actions.length + (cycle?.length ?? 0)) fail('"fingerprints" must have one entry per step');
    fingerprints = fps as string[];
  }
  return {
    ...(typeof t.$schema === 'string' ? { $schema: t.$schema } : {}),
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    protocol: t.protocol as string,
    ...(t.title !== undefined ? { title: t.title as string } : {}),
    ...(t.description !== undefined ? { description: t.description as string } : {}),
    config,
    property: t.property as string,
    expect: t.expect as Verdict,
    ...(source ? { source } : {}),
    actions,
    ...(cycle ? { cycle } : {}),
    ...(fingerprints ? { fingerprints } : {}),
  };
}

function parseActions<C, A>(value: unknown, name: string, config: C, parsers: TraceParsers<C, A>, fail: (m: string) => never): A[] {
  if (!Array.isArray(value)) return fail(`"${name}" must be a list of actions`);
  return value.map((a, i) => {
    try {
      return parsers.action(a, config);
    } catch (e) {
      return fail(`${name}[${i}] (step ${name === 'actions' ? i + 1 : 'cycle ' + (i + 1)}): ${(e as Error).message}`);
    }
  });
}

function parseSource(value: unknown, fail: (m: string) => never): TraceSource {
  if (typeof value !== 'object' || value === null) return fail('"source" must be an object');
  const s = value as Record<string, unknown>;
  if (!SOURCES.includes(s.kind as TraceSource['kind'])) fail(`"source.kind" must be one of ${SOURCES.join(', ')}`);
  if (s.seed !== undefined && !Number.isInteger(s.seed)) fail('"source.seed" must be an integer');
  if (s.path !== undefined && typeof s.path !== 'string') fail('"source.path" must be a string');
  if (s.command !== undefined && typeof s.command !== 'string') fail('"source.command" must be a string');
  return s as unknown as TraceSource;
}

/** Pretty JSON with one action (and one fingerprint) per line, so a diff shows the step that changed. */
export function traceJson(t: TraceFile<unknown, unknown>): string {
  const { actions, cycle, fingerprints, ...head } = t;
  const list = (name: string, items: readonly unknown[]) =>
    items.length === 0 ? `,\n  "${name}": []` : `,\n  "${name}": [\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
  let out = JSON.stringify(head, null, 2).slice(0, -2);
  out += list('actions', actions);
  if (cycle) out += list('cycle', cycle);
  if (fingerprints) out += list('fingerprints', fingerprints);
  return `${out}\n}\n`;
}
