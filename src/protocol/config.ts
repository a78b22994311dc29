/**
 * Configurations from a definition's bounds: defaults filled in, every bound
 * range-checked, knobs checked against the definition and kept in its order,
 * and the protocol's own cross-bound checks. The command line, trace files
 * and the API all build configurations here, so a value refused by one is
 * refused by all, with the same one line.
 */
import { UsageError } from '../errors.ts';
import { quote } from '../report/sanitize.ts';
import type { BaseConfig, BoundSpec, ProtocolDefinition } from './definition.ts';

/** A configuration problem, shown to a user as one line. */
export class ConfigProblem extends UsageError {
  override name = 'ConfigProblem';
}

export type BoundValues = Record<string, number | undefined>;

/** The configuration for these bound values (missing ones take their defaults) and knobs. */
export function makeConfig<C extends BaseConfig>(def: ProtocolDefinition<unknown, unknown, C>, values: BoundValues = {}, knobs: readonly string[] = []): C {
  const out: Record<string, unknown> = {};
  for (const b of def.bounds) {
    const v = values[b.name] ?? b.default;
    if (v === undefined) continue;
    checkBound(b, v);
    out[b.name] = v;
  }
  for (const key of Object.keys(values)) {
    if (values[key] !== undefined && !def.bounds.some((b) => b.name === key)) throw new ConfigProblem(`unknown bound '${key}' (bounds: ${def.bounds.map((b) => b.name).join(', ')})`);
  }
  out.knobs = sortKnobs(def, knobs);
  const config = out as unknown as C;
  const problem = def.validate?.(config) ?? null;
  if (problem) throw new ConfigProblem(problem);
  return config;
}

function checkBound(b: BoundSpec, v: unknown): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < b.min || v > b.max) {
    const why = typeof v === 'number' && v > b.max && b.why ? ` (${b.why})` : '';
    throw new ConfigProblem(`${b.name} must be a whole number from ${b.min} to ${b.max}, not ${quote(v)}${why}`);
  }
}

function sortKnobs(def: ProtocolDefinition, knobs: readonly string[]): string[] {
  const names = def.knobs.map((k) => k.name);
  for (const k of knobs) {
    if (typeof k !== 'string' || !names.includes(k)) throw new ConfigProblem(`unknown knob ${quote(k)} (knobs: ${names.join(', ')})`);
  }
  return [...new Set(knobs)].sort((a, b) => names.indexOf(a) - names.indexOf(b));
}

/**
 * A configuration read from a trace file: an object whose keys are bounds or
 * `knobs`, and nothing else; every value the right type. The same rules as
 * the trace schema's `config`.
 */
export function configFromJson<C extends BaseConfig>(def: ProtocolDefinition<unknown, unknown, C>, value: unknown): C {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigProblem(`must be an object, not ${quote(value)}`);
  const raw = value as Record<string, unknown>;
  const values: BoundValues = {};
  for (const [key, v] of Object.entries(raw)) {
    if (key === 'knobs') continue;
    const b = def.bounds.find((x) => x.name === key);
    if (!b) throw new ConfigProblem(`unexpected field "${key}" (bounds: ${def.bounds.map((x) => x.name).join(', ')}, knobs)`);
    checkBound(b, v);
    values[key] = v as number;
  }
  const knobs = Object.hasOwn(raw, 'knobs') ? raw.knobs : [];
  if (!Array.isArray(knobs)) throw new ConfigProblem(`knobs must be a list of knob names, not ${quote(knobs)}`);
  const names = def.knobs.map((k) => k.name);
  knobs.forEach((k: unknown, i) => {
    // A value that is not even a string gets no list of names: the line stays short.
    if (typeof k !== 'string') throw new ConfigProblem(`knobs[${i}] must be a knob name, not ${quote(k)}`);
    if (!names.includes(k)) throw new ConfigProblem(`knobs[${i}] must be a knob (${names.join(', ')}), not ${quote(k)}`);
    if (knobs.indexOf(k) !== i) throw new ConfigProblem(`knobs[${i}]: ${quote(k)} is listed twice`);
  });
  return makeConfig(def, values, knobs as string[]);
}

export function boundValue(config: BaseConfig, name: string): number | undefined {
  return (config as unknown as Record<string, number | undefined>)[name];
}

/** The bounds of a configuration, without its knobs. */
export function boundsOf(def: ProtocolDefinition, config: BaseConfig): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of def.bounds) {
    const v = boundValue(config, b.name);
    if (v !== undefined) out[b.name] = v;
  }
  return out;
}

/** "requests=2 crashes=1 cuts=1". */
export function boundsText(def: ProtocolDefinition, config: BaseConfig): string {
  return Object.entries(boundsOf(def, config))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

/** The flags that give these bounds on the command line: "--requests 2 --crashes 1 --cuts 1". */
export function boundsFlags(def: ProtocolDefinition, config: BaseConfig): string {
  return Object.entries(boundsOf(def, config))
    .map(([k, v]) => `--${k} ${v}`)
    .join(' ');
}

/** A short name for a design: "correct" or its knobs joined by '+'. */
export function designName(config: BaseConfig): string {
  return config.knobs.length === 0 ? 'correct' : config.knobs.join('+');
}

/** Whether a knob's required bounds are all set and non-zero in `config`. */
export function knobApplies(def: ProtocolDefinition, knob: string, config: BaseConfig): boolean {
  const spec = def.knobs.find((k) => k.name === knob);
  return (spec?.requires ?? []).every((b) => (boundValue(config, b) ?? 0) > 0);
}
