/**
 * Option parsing shared by the commands, and the one kind of error a user
 * should see as a single line with exit code 2.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError, makeConfig, type Config } from '../../spec/config.ts';
import { isKnob, KNOB_NAMES, type Knob } from '../../spec/knobs.ts';
import { MAX_SYMMETRIC_REQUESTS } from '../../spec/symmetry.ts';

import { UsageError } from '../errors.ts';

export { UsageError };

export function isUserError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ConfigError;
}

export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
}

function knob(value: string, previous: Knob[] = []): Knob[] {
  if (!isKnob(value)) throw new InvalidArgumentError(`unknown knob (knobs: ${KNOB_NAMES.join(', ')})`);
  return [...previous, value];
}

export function boundOptions(cmd: Command, withKnobs: boolean): Command {
  cmd
    .option('--requests <n>', 'distinct client requests r1..rN', wholeNumber, 2)
    .option('--crashes <n>', 'crash budget', wholeNumber, 1)
    .option('--cuts <n>', 'link-cut budget', wholeNumber, 1);
  if (withKnobs) cmd.option('--knob <name>', `remove a safeguard (repeatable): ${KNOB_NAMES.join(', ')}`, knob, []);
  return cmd;
}

export interface BoundFlags {
  requests: number;
  crashes: number;
  cuts: number;
  knob?: Knob[];
}

export function configFrom(flags: BoundFlags): Config {
  return makeConfig({ requests: flags.requests, crashes: flags.crashes, cuts: flags.cuts, knobs: flags.knob ?? [] });
}

/** `--workers N`: threads for exhaustive search (this one and N-1 worker threads); the default is one per core. */
export function workersOption(cmd: Command): Command {
  const cores = availableParallelism();
  return cmd.addOption(
    new Option('--workers <n>', 'threads for the search, this one included').argParser(positive).default(cores, `one per core: ${cores}`),
  );
}

/** `--symmetry`: reduction over request identities, for safety properties only. */
export function symmetryOption(cmd: Command): Command {
  return cmd.option(
    '--symmetry',
    `treat requests as interchangeable: keep one state per renaming of r1..rN (safety only, needs --no-liveness; at most ${MAX_SYMMETRIC_REQUESTS} requests)`,
  );
}

/** Whether to reduce by symmetry; a one-line usage error when the flags cannot go together. */
export function symmetryFrom(flags: { symmetry?: boolean; liveness: boolean; requests: number }): boolean {
  if (!flags.symmetry) return false;
  if (flags.liveness) throw new UsageError('--symmetry checks safety properties only (atLeastOnce could be judged wrongly on the reduced graph): add --no-liveness');
  if (flags.requests > MAX_SYMMETRIC_REQUESTS) throw new UsageError(`--symmetry takes at most ${MAX_SYMMETRIC_REQUESTS} requests (it tries every renaming)`);
  return true;
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
