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
import { quote, safeLine } from '../report/sanitize.ts';

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

/**
 * The top-level fields, in the order a file lists them, and whether each is
 * required: the one list the reader checks against (and the schema test
 * compares with the JSON Schema). A new field is one line here, one check in
 * `parseTrace`, and its entry in the schema.
 */
export const TRACE_FIELDS = {
  $schema: 'optional',
  format: 'required',
  version: 'required',
  protocol: 'required',
  title: 'optional',
  description: 'optional',
  config: 'required',
  property: 'required',
  expect: 'required',
  source: 'optional',
  actions: 'required',
  cycle: 'optional',
  fingerprints: 'optional',
} as const satisfies Record<string, 'required' | 'optional'>;

const SOURCE_FIELDS = ['kind', 'command', 'seed', 'path'] as const;
const FINGERPRINT = /^[0-9a-f]{16}$/;
/** A message from a model's parser is echoed at most this long. */
const MESSAGE_LIMIT = 200;

export function readTraceFile<C, A>(path: string, parsers: TraceParsers<C, A>): TraceFile<C, A> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TraceError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseTrace(text, parsers, path);
}

/**
 * A trace from its text, accepting exactly what the JSON Schema accepts
 * (and, beyond it, only what the model's parsers accept: requests within
 * the configuration's bounds, one fingerprint per step).
 */
export function parseTrace<C, A>(text: string, parsers: TraceParsers<C, A>, where = 'trace'): TraceFile<C, A> {
  const fail = (msg: string): never => {
    throw new TraceError(`${where}: ${msg}`);
  };
  // A byte-order mark is not JSON, but editors write one and JSON tools skip it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') fail('empty file, not a trace');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    fail(`not JSON (${safeLine((e as Error).message.split('\n')[0], MESSAGE_LIMIT)})`);
  }
  if (!isObject(json)) return fail('not a trace: expected a JSON object');
  const t = json;
  if (t.format !== TRACE_FORMAT) fail(`not a trace: "format" must be "${TRACE_FORMAT}"`);
  if (!Object.hasOwn(t, 'version')) fail('missing field "version"');
  if (t.version !== TRACE_VERSION) fail(`trace format version ${quote(t.version)} is not supported (this lockstep reads version ${TRACE_VERSION})`);
  for (const key of Object.keys(t)) if (!Object.hasOwn(TRACE_FIELDS, key)) fail(`unexpected field ${quote(key)}`);
  for (const [key, need] of Object.entries(TRACE_FIELDS)) if (need === 'required' && !Object.hasOwn(t, key)) fail(`missing field "${key}"`);
  if (typeof t.protocol !== 'string') fail(`"protocol" must name the protocol the trace is a run of, not ${quote(t.protocol)}`);
  if (t.protocol !== parsers.protocol) fail(`a trace of protocol ${quote(t.protocol)}, not of ${parsers.protocol} (give the protocol's module with --protocol)`);
  for (const key of ['$schema', 'title', 'description'] as const) {
    if (t[key] !== undefined && typeof t[key] !== 'string') fail(`"${key}" must be a string, not ${quote(t[key])}`);
  }
  let config: C;
  try {
    config = parsers.config(t.config);
  } catch (e) {
    return fail(`config: ${safeLine((e as Error).message, MESSAGE_LIMIT)}`);
  }
  if (typeof t.property !== 'string' || !parsers.property(t.property, config)) fail(`unknown property ${quote(t.property)}`);
  if (!VERDICTS.includes(t.expect as Verdict)) fail(`"expect" must be one of ${VERDICTS.join(', ')}, not ${quote(t.expect)}`);
  const source = t.source === undefined ? undefined : parseSource(t.source, fail);
  const actions = parseActions(t.actions, 'actions', config, parsers, fail);
  const cycle = t.cycle === undefined ? undefined : parseActions(t.cycle, 'cycle', config, parsers, fail);
  let fingerprints: string[] | undefined;
  if (t.fingerprints !== undefined) {
    const fps = t.fingerprints;
    if (!Array.isArray(fps)) return fail(`"fingerprints" must be a list of 16-digit hex strings, not ${quote(fps)}`);
    const bad = fps.findIndex((f) => typeof f !== 'string' || !FINGERPRINT.test(f));
    if (bad >= 0) fail(`fingerprints[${bad}] must be 16 hex digits (0-9, a-f), not ${quote(fps[bad])}`);
    if (fps.length !== actions.length + (cycle?.length ?? 0)) fail(`"fingerprints" must have one entry per step (${actions.length + (cycle?.length ?? 0)}), not ${fps.length}`);
    fingerprints = fps as string[];
  }
  return {
    ...(t.$schema !== undefined ? { $schema: t.$schema as string } : {}),
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseActions<C, A>(value: unknown, name: string, config: C, parsers: TraceParsers<C, A>, fail: (m: string) => never): A[] {
  if (!Array.isArray(value)) return fail(`"${name}" must be a list of actions, not ${quote(value)}`);
  return value.map((a, i) => {
    try {
      return parsers.action(a, config);
    } catch (e) {
      const step = name === 'actions' ? i + 1 : `cycle ${i + 1}`;
      return fail(`${name}[${i}] (step ${step}): ${safeLine((e as Error).message, MESSAGE_LIMIT)}`);
    }
  });
}

function parseSource(value: unknown, fail: (m: string) => never): TraceSource {
  if (!isObject(value)) return fail(`"source" must be an object, not ${quote(value)}`);
  for (const key of Object.keys(value)) if (!(SOURCE_FIELDS as readonly string[]).includes(key)) fail(`source: unexpected field ${quote(key)}`);
  if (!SOURCES.includes(value.kind as TraceSource['kind'])) fail(`"source.kind" must be one of ${SOURCES.join(', ')}, not ${quote(value.kind)}`);
  if (value.seed !== undefined && !Number.isInteger(value.seed)) fail(`"source.seed" must be an integer, not ${quote(value.seed)}`);
  for (const key of ['path', 'command'] as const) {
    if (value[key] !== undefined && typeof value[key] !== 'string') fail(`"source.${key}" must be a string, not ${quote(value[key])}`);
  }
  const { kind, command, seed, path } = value as unknown as TraceSource;
  return { kind, ...(command !== undefined ? { command } : {}), ...(seed !== undefined ? { seed } : {}), ...(path !== undefined ? { path } : {}) };
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
