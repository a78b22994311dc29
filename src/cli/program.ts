/**
 * The lockstep command line. Thin by design: each command parses its
 * options, calls one function of src/protocol/ and renders text or JSON.
 * Exit codes: 0 holds, 1 violation found, 2 bad usage or bad input (one
 * line, no stack), 3 incomplete (stopped before the answer was final).
 *
 * The options depend on the protocol (one per bound, `--knob` from its
 * knobs), so `--protocol MODULE` is read first and the program is built for
 * the definition it names.
 */
import { Command, CommanderError } from 'commander';
import { loadProtocol } from '../protocol/load.ts';
import type { ProtocolDefinition } from '../protocol/definition.ts';
import { registerCheck } from './commands/check.ts';
import { registerConform } from './commands/conform.ts';
import { registerExplore } from './commands/explore.ts';
import { registerFuzz } from './commands/fuzz.ts';
import { registerMatrix } from './commands/matrix.ts';
import { registerReplay } from './commands/replay.ts';
import { registerReview } from './commands/review.ts';
import { registerShow } from './commands/show.ts';
import { isUserError } from './usage.ts';
import { safeLine } from '../report/sanitize.ts';

export const VERSION = '0.2.0';

export function buildProgram(def: ProtocolDefinition): Command {
  const program = new Command('lockstep')
    .description(`model checking and property testing for primary/backup replication (protocol: ${def.name}, ${def.title})`)
    .version(VERSION)
    .showHelpAfterError(false)
    .exitOverride();
  program.configureOutput({
    // commander echoes the offending argument whole: bounded and made safe like every other message.
    outputError: (text, write) => {
      const line = text.split('\n')[0].replace(/^error: /, '').replace(/(argument|option|command) '([^']{0,60})[^']*'/g, (_m, what: string, start: string) => `${what} '${start}${start.length === 60 ? '…' : ''}'`);
      write(`lockstep: ${safeLine(line, 400)}\n`);
    },
  });
  for (const register of [registerCheck, registerMatrix, registerFuzz, registerReplay, registerReview, registerShow, registerExplore, registerConform]) {
    register(program, def);
  }
  for (const cmd of program.commands) {
    cmd.option('--protocol <module>', 'a .ts or .js module whose default export is a protocol definition (default: the built-in VMware FT protocol)');
    cmd.exitOverride();
  }
  return program;
}

/** `--protocol X` or `--protocol=X`, wherever it stands. */
export function protocolArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return undefined;
    if (argv[i] === '--protocol') return argv[i + 1] ?? '';
    if (argv[i].startsWith('--protocol=')) return argv[i].slice('--protocol='.length);
  }
  return undefined;
}

export async function main(argv: string[]): Promise<number> {
  try {
    if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
      // Answered before any protocol is loaded: it is what scripts ask first.
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const def = await loadProtocol(protocolArgument(argv));
    await buildProgram(def).parseAsync(argv, { from: 'user' });
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
