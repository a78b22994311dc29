/**
 * The configuration of one model: bounds and knobs. Bounds keep the state
 * space finite: how many distinct requests the client sends, how many
 * crashes and cuts the fault injector may spend, how many times the cluster
 * service may restore redundancy (Extension R) and how large the logging
 * window is (Extension F). Larger bounds change only the budgets, never the
 * semantics; `restores: 0` and no `window` are the core model.
 */
import { KNOBS, KNOB_NAMES, ALL_KNOB_NAMES, isKnob, type Knob } from './knobs.ts';

export interface Config {
  requests: number;
  crashes: number;
  cuts: number;
  /**
   * Extension R: restores the cluster service may make. Absent means 0, the
   * core model, and is how a core configuration is written (trace files
   * store it), so a core trace reads as it always did.
   */
  restores?: number;
  /** Extension F: the logging window W; absent, no flow control (the core model). */
  window?: number;
  /** Removed safeguards, sorted and without repeats. */
  knobs: Knob[];
}

export const DEFAULTS: Readonly<Config> = { requests: 2, crashes: 1, cuts: 1, knobs: [] };

/** Limits of the encoding and of sense: there are two VMs to crash and one spare host. */
export const LIMITS = {
  requests: { min: 1, max: 15 },
  crashes: { min: 0, max: 2 },
  cuts: { min: 0, max: 30 },
  restores: { min: 0, max: 1 },
  window: { min: 1, max: 15 },
} as const;

/** A configuration problem, meant to be shown to a user as one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A complete, validated configuration. A trace file stores one, so this
 * accepts every key a `Config` has; `restores` stays absent unless at least
 * 1, `window` unless given.
 */
export function makeConfig(partial: Partial<Config> = {}): Config {
  const config: Config = {
    requests: partial.requests ?? DEFAULTS.requests,
    crashes: partial.crashes ?? DEFAULTS.crashes,
    cuts: partial.cuts ?? DEFAULTS.cuts,
    ...(partial.restores === undefined || partial.restores === 0 ? {} : { restores: partial.restores }),
    ...(partial.window === undefined ? {} : { window: partial.window }),
    knobs: [...new Set(partial.knobs ?? [])].sort((a, b) => ALL_KNOB_NAMES.indexOf(a) - ALL_KNOB_NAMES.indexOf(b)),
  };
  validateConfig(config);
  return config;
}

const WHY: Partial<Record<keyof typeof LIMITS, string>> = {
  crashes: ' (there are only two VMs to crash)',
  restores: ' (there is one spare host)',
};

export function validateConfig(config: Config): void {
  for (const key of ['requests', 'crashes', 'cuts', 'restores', 'window'] as const) {
    const value = config[key];
    if (value === undefined && (key === 'window' || key === 'restores')) continue;
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      const why = (value as number) > max ? (WHY[key] ?? '') : '';
      throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, not ${String(value)}${why}`);
    }
  }
  for (const knob of config.knobs) {
    if (!isKnob(knob)) {
      throw new ConfigError(`unknown knob '${String(knob)}' (knobs: ${ALL_KNOB_NAMES.join(', ')})`);
    }
    const needs = requiresOf(knob);
    if (needs.includes('restores') && restoresOf(config) < 1) throw new ConfigError(`knob '${knob}' needs restores of at least 1`);
    if (needs.includes('window') && config.window === undefined) throw new ConfigError(`knob '${knob}' needs a window`);
  }
}

/** The restore budget (0 when absent). */
export function restoresOf(config: Pick<Config, 'restores'>): number {
  return config.restores ?? 0;
}

export function hasKnob(config: Config, knob: Knob): boolean {
  return config.knobs.includes(knob);
}

/** The knobs whose row a matrix at these bounds has: the core ones, and each extension's once it is on. */
export function knobsFor(bounds: Pick<Config, 'restores' | 'window'>): Knob[] {
  return ALL_KNOB_NAMES.filter((k) => requiresOf(k).every((b) => (b === 'restores' ? restoresOf(bounds) >= 1 : bounds.window !== undefined)));
}

function requiresOf(knob: Knob): readonly ('restores' | 'window')[] {
  return (KNOBS[knob] as { requires?: readonly ('restores' | 'window')[] }).requires ?? [];
}

/** A short name for a design: "correct" or its knobs joined by '+'. */
export function designName(config: Config): string {
  return config.knobs.length === 0 ? 'correct' : config.knobs.join('+');
}

export { KNOB_NAMES };
