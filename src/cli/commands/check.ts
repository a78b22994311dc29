/** `lockstep check`: one design, every property, exhaustively within the bounds. */
import type { Command } from 'commander';
import { boundsText, designName } from '../../protocol/config.ts';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { exhaustiveResult } from '../../protocol/result.ts';
import { checkConfigAsync } from '../../protocol/run.ts';
import { interruptible } from '../interrupt.ts';
import { tracesOf, writeTraces } from '../../protocol/traces.ts';
import { renderProperties, renderStats, renderTraces } from '../../report/text.ts';
import { progressTo } from '../progress.ts';
import { boundOptions, commandLine, configFrom, reportSaveFailure, trySave, exitFor, printJson, symmetryFrom, symmetryOption, wholeNumber, workersOption, type BoundFlags } from '../usage.ts';

interface CheckFlags extends BoundFlags {
  json?: boolean;
  maxStates?: number;
  timeLimit?: number;
  quiet?: boolean;
  liveness: boolean;
  save?: string;
  workers: number;
  symmetry?: boolean;
}

export function registerCheck(program: Command, def: ProtocolDefinition): void {
  symmetryOption(workersOption(boundOptions(program.command('check'), def, true)), def)
    .description('check one design exhaustively: exit 0 when every property holds or is witnessed, 1 on a violation, 3 when the search stopped early')
    .option('--max-states <n>', 'stop after this many distinct states (partial report, exit 3 unless a violation was found)', wholeNumber(1))
    .option('--time-limit <seconds>', 'stop after about this long (partial report, exit 3 unless a violation was found; 1-604800)', wholeNumber(1, 604_800))
    .option('--no-liveness', 'skip the eventually properties (saves the state graph: about 50 bytes a state)')
    .option('--save <dir>', 'write each counterexample and witness as a trace file')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: CheckFlags) => {
      const config = configFrom(def, flags);
      const symmetry = symmetryFrom(def, config, flags);
      const warning = def.sizeWarning?.(config, { liveness: flags.liveness }) ?? null;
      if (warning && !flags.quiet) process.stderr.write(`lockstep: large bounds: ${warning}\n`);
      const progress = progressTo(designName(config), flags.quiet);
      const report = await interruptible(
        (signal) => checkConfigAsync(def, config, { ...progress, signal, maxStates: flags.maxStates, timeLimitSeconds: flags.timeLimit, liveness: flags.liveness, workers: flags.workers, symmetry }),
        flags.quiet,
      );
      progress.finish();
      const source = { kind: 'exhaustive' as const, command: commandLine(def, 'check') };
      const result = exhaustiveResult(def, config, report, source, symmetry);
      const saveFailed = trySave(() => {
        if (!flags.save) return;
        const paths = writeTraces(def, flags.save, tracesOf(def, config, report.properties, source));
        process.stderr.write(`saved ${paths.length} trace${paths.length === 1 ? '' : 's'} to ${flags.save}\n`);
      });
      if (flags.json) printJson(result);
      else {
        const bounds = `${boundsText(def, config)}${symmetry ? ', symmetry reduction (states counted up to symmetry)' : ''}`;
        process.stdout.write(`lockstep check: ${designName(config)} design of ${def.name}, ${bounds}\n${renderStats(report)}\n\n${renderProperties(report)}\n`);
        const traces = renderTraces(report, def.present.narrate);
        if (traces) process.stdout.write(`\n${traces}\n`);
      }
      process.exitCode = exitFor(result);
      reportSaveFailure(saveFailed);
    });
}
