/**
 * Option parsing shared by the commands, from the protocol definition: one
 * `--NAME` option per bound (range-checked before any work starts), `--knob`
 * from its knobs, and the one kind of error a user sees as a single line
 * with exit code 2.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { makeConfig, type BoundValues } from '../protocol/config.ts';
import type { BaseConfig, ProtocolDefinition } from '../protocol/definition.ts';
import { protocolFlag } from '../protocol/load.ts';
import { safeLine } from '../report/sanitize.ts';
import { UsageError } from '../errors.ts';
import type { RunResult } from '../protocol/result.ts';
import { EXIT_CODES } from '../protocol/result.ts';

export { UsageError };

export function isUserError(e: unknown): e is Error {
  return e instanceof UsageError;
}

/** A whole number from `min` to `max`, for an option's parser. */
export function wholeNumber(min = 0, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/** `--seed`: fast-check's seeds are 32-bit integers, signed or not. */
export function seed(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`--seed: expected an integer from -2147483648 to 4294967295, not '${value.slice(0, 40)}'`);
  const n = Number(value);
  if (n < -2147483648 || n > 4294967295) throw new UsageError(`--seed: expected an integer from -2147483648 to 4294967295, not ${value.slice(0, 40)}`);
  return n;
}

/** One option per bound of the definition, and `--knob` when the command checks one design. */
export function boundOptions(cmd: Command, def: ProtocolDefinition, withKnobs: boolean): Command {
  for (const b of def.bounds) {
    const text = `${b.description} (${b.min}-${b.max}${b.default === undefined ? '; off unless given' : `; default ${b.default}`})`;
    // The range is checked with the configuration, before any work starts, so that the message can say why.
    cmd.option(`--${b.name} <n>`, text, wholeNumber());
  }
  if (withKnobs) {
    const names = def.knobs.map((k) => k.name);
    const knob = (value: string, previous: string[] = []) => {
      if (!names.includes(value)) throw new InvalidArgumentError(`unknown knob (knobs: ${names.join(', ')})`);
      return [...previous, value];
    };
    cmd.option('--knob <name>', `remove a safeguard (repeatable): ${names.join(', ')}`, knob, []);
  }
  return cmd;
}

export type BoundFlags = Record<string, unknown> & { knob?: string[] };

export function boundsFrom(def: ProtocolDefinition, flags: BoundFlags): BoundValues {
  const values: BoundValues = {};
  for (const b of def.bounds) if (typeof flags[b.name] === 'number') values[b.name] = flags[b.name] as number;
  return values;
}

export function configFrom(def: ProtocolDefinition, flags: BoundFlags): BaseConfig {
  return makeConfig(def, boundsFrom(def, flags), flags.knob ?? []);
}

/** `--workers N`: threads for exhaustive search (this one and N-1 worker threads); the default is one per core. */
export function workersOption(cmd: Command): Command {
  const cores = availableParallelism();
  return cmd.addOption(
    new Option('--workers <n>', 'threads for the search, this one included (1-64)').argParser(wholeNumber(1, 64)).default(cores, `one per core: ${cores}`),
  );
}

/** `--symmetry`: reduction by the protocol's symmetries, where it allows it. */
export function symmetryOption(cmd: Command, def: ProtocolDefinition): Command {
  if (!def.symmetry) return cmd;
  return cmd.option('--symmetry', "keep one state per class of the protocol's symmetries (safety only, needs --no-liveness)");
}

/** Whether to reduce by symmetry; a one-line usage error when the definition refuses it for this configuration. */
export function symmetryFrom(def: ProtocolDefinition, config: BaseConfig, flags: { symmetry?: boolean; liveness: boolean }): boolean {
  if (!flags.symmetry) return false;
  const why = def.symmetry ? def.symmetry(config, { liveness: flags.liveness }) : `protocol ${def.name} has no symmetry reduction`;
  if (why) throw new UsageError(why.startsWith('symmetry') ? `--${why}` : why);
  return true;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Runs a save; a save that fails is bad input (an unwritable target), but
 * the run's report is still worth printing: the error comes back to be
 * said after it, with exit code 2.
 */
export function trySave(save: () => void): UsageError | null {
  try {
    save();
    return null;
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
}

/** After the report: the save's one line, exit 2. */
export function reportSaveFailure(e: UsageError | null): boolean {
  if (!e) return false;
  process.stderr.write(`lockstep: ${safeLine(e.message, 500)}\n`);
  process.exitCode = 2;
  return true;
}

/** The exit code of a run: 0 holds, 1 violated, 3 incomplete. */
export function exitFor(result: Pick<RunResult, 'outcome'>): number {
  return EXIT_CODES[result.outcome];
}

/** The command line that ran, as a command to copy: the protocol given as a path relative to here, `-q` and `--json` dropped. */
export function commandLine(def: ProtocolDefinition, name: string, drop: readonly string[] = ['-q', '--quiet', '--json']): string {
  const args = process.argv.slice(2);
  const at = args.indexOf(name);
  const rest: string[] = [];
  for (let i = at + 1; i < args.length; i++) {
    if (args[i] === '--protocol') i++;
    else if (!args[i].startsWith('--protocol=') && !drop.includes(args[i])) rest.push(args[i]);
  }
  return `lockstep ${name} ${protocolFlag(def)}${rest.join(' ')}`.trim();
}
