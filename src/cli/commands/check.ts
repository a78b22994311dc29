/** `lockstep check`: one design, every property, exhaustively within the bounds. */
import type { Command } from 'commander';
import { designName } from '../../../spec/config.ts';
import { renderProperties, renderStats, renderTraces } from '../../report/text.ts';
import { progressTo } from '../progress.ts';
import { checkDesign, protocolNarrator, type ProtocolReport } from '../protocol.ts';
import { tracesOf, writeTraces } from '../traces.ts';
import { boundOptions, configFrom, printJson, symmetryFrom, symmetryOption, wholeNumber, workersOption, type BoundFlags } from '../usage.ts';

interface CheckFlags extends BoundFlags {
  json?: boolean;
  maxStates?: number;
  quiet?: boolean;
  liveness: boolean;
  save?: string;
  workers: number;
  symmetry?: boolean;
}

export function registerCheck(program: Command): void {
  symmetryOption(workersOption(boundOptions(program.command('check'), true)))
    .description('check one design exhaustively: exit 0 when every property holds or is witnessed, 1 otherwise')
    .option('--max-states <n>', 'stop after this many distinct states (partial report)', wholeNumber)
    .option('--no-liveness', 'skip atLeastOnce (saves the state graph: about 40 bytes a state)')
    .option('--save <dir>', 'write each counterexample and witness as a trace file')
    .option('--json', 'print the report as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action((flags: CheckFlags) => {
      const config = configFrom(flags);
      const symmetry = symmetryFrom(flags);
      const progress = progressTo(designName(config), flags.quiet);
      const { report } = checkDesign(config, { ...progress, maxStates: flags.maxStates, liveness: flags.liveness, workers: flags.workers, symmetry });
      progress.finish();
      if (flags.save) {
        const command = `lockstep check ${process.argv.slice(3).join(' ')}`.trim();
        const paths = writeTraces(flags.save, tracesOf(config, report.properties, { kind: 'exhaustive', command }));
        process.stderr.write(`saved ${paths.length} trace${paths.length === 1 ? '' : 's'} to ${flags.save}\n`);
      }
      if (flags.json) printJson({ design: designName(config), config, symmetry, ...report });
      else {
        const bounds = `requests=${config.requests} crashes=${config.crashes} cuts=${config.cuts}${symmetry ? ', symmetry over requests (states counted up to renaming)' : ''}`;
        process.stdout.write(
          `lockstep check: ${designName(config)} design, ${bounds}\n${renderStats(report)}\n\n${renderProperties(report)}\n`,
        );
        const traces = renderTraces(report, protocolNarrator);
        if (traces) process.stdout.write(`\n${traces}\n`);
      }
      process.exitCode = failed(report) ? 1 : 0;
    });
}

/** A violation, or a witness that the whole space does not contain. */
export function failed(report: ProtocolReport): boolean {
  return report.properties.some((p) => p.verdict === 'violated' || (p.final && p.verdict === 'not-witnessed'));
}
