/**
 * The configuration of one model: bounds and knobs. Bounds keep the state
 * space finite: how many distinct requests the client sends, and how many
 * crashes and cuts the fault injector may spend. Larger bounds change only
 * the budgets, never the semantics.
 */
import { KNOB_NAMES, isKnob, type Knob } from './knobs.ts';

export interface Config {
  requests: number;
  crashes: number;
  cuts: number;
  /** Removed safeguards, sorted and without repeats. */
  knobs: Knob[];
}

export const DEFAULTS: Readonly<Config> = { requests: 2, crashes: 1, cuts: 1, knobs: [] };

/** Limits of the encoding and of sense: there are two VMs to crash. */
export const LIMITS = {
  requests: { min: 1, max: 15 },
  crashes: { min: 0, max: 2 },
  cuts: { min: 0, max: 30 },
} as const;

/** A configuration problem, meant to be shown to a user as one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function makeConfig(partial: Partial<Config> = {}): Config {
  const config: Config = {
    requests: partial.requests ?? DEFAULTS.requests,
    crashes: partial.crashes ?? DEFAULTS.crashes,
    cuts: partial.cuts ?? DEFAULTS.cuts,
    knobs: [...new Set(partial.knobs ?? [])].sort((a, b) => KNOB_NAMES.indexOf(a) - KNOB_NAMES.indexOf(b)),
  };
  validateConfig(config);
  return config;
}

export function validateConfig(config: Config): void {
  for (const key of ['requests', 'crashes', 'cuts'] as const) {
    const value = config[key];
    const { min, max } = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      const why = key === 'crashes' && value > max ? ' (there are only two VMs to crash)' : '';
      throw new ConfigError(`${key} must be a whole number from ${min} to ${max}, not ${String(value)}${why}`);
    }
  }
  for (const knob of config.knobs) {
    if (!isKnob(knob)) {
      throw new ConfigError(`unknown knob '${String(knob)}' (knobs: ${KNOB_NAMES.join(', ')})`);
    }
  }
}

export function hasKnob(config: Config, knob: Knob): boolean {
  return config.knobs.includes(knob);
}

/** A short name for a design: "correct" or its knobs joined by '+'. */
export function designName(config: Config): string {
  return config.knobs.length === 0 ? 'correct' : config.knobs.join('+');
}
