/**
 * The lockstep command line. Thin by design: each command parses its
 * options, calls one engine function and renders text or JSON. Exit codes:
 * 0 holds, 1 violation found, 2 bad usage or bad input (one line, no stack).
 */
import { Command, CommanderError } from 'commander';
import { registerCheck } from './commands/check.ts';
import { registerExplore } from './commands/explore.ts';
import { registerFuzz } from './commands/fuzz.ts';
import { registerMatrix } from './commands/matrix.ts';
import { registerReplay } from './commands/replay.ts';
import { registerReview } from './commands/review.ts';
import { registerShow } from './commands/show.ts';
import { isUserError } from './usage.ts';
import { safeLine } from '../report/sanitize.ts';

export function buildProgram(): Command {
  const program = new Command('lockstep')
    .description('model checking and property testing for primary/backup replication in the style of VMware FT')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({
    outputError: (text, write) => write(`lockstep: ${text.split('\n')[0].replace(/^error: /, '')}\n`),
  });
  registerCheck(program);
  registerMatrix(program);
  registerFuzz(program);
  registerReplay(program);
  registerReview(program);
  registerShow(program);
  registerExplore(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isUserError(e)) {
      process.stderr.write(`lockstep: ${safeLine(e.message, 500)}\n`);
      return 2;
    }
    throw e;
  }
}

