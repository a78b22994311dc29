/** `lockstep matrix`: the correct design and each knob alone, against the expectations on record for the bounds. */
import type { Command } from 'commander';
import { boundsText, makeConfig } from '../../protocol/config.ts';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { matrixDesigns, matrixOutcome, matrixTraces, runMatrixAsync, type MatrixCell } from '../../protocol/matrix.ts';
import { interruptible } from '../interrupt.ts';
import { exhaustiveResult } from '../../protocol/result.ts';
import { writeTraces } from '../../protocol/traces.ts';
import { renderCounterexamples, renderMatrix } from '../render/matrix.ts';
import { progressTo } from '../progress.ts';
import { boundOptions, boundsFrom, commandLine, printJson, reportSaveFailure, trySave, symmetryFrom, symmetryOption, wholeNumber, workersOption, type BoundFlags } from '../usage.ts';

interface MatrixFlags extends BoundFlags {
  json?: boolean;
  traces: boolean;
  quiet?: boolean;
  maxStates?: number;
  liveness: boolean;
  save?: string;
  workers: number;
  symmetry?: boolean;
}

/** 0 every cell matches, 1 a mismatch, 3 incomplete cells; bounds with no expectation on record report their verdicts and exit 0. */
const EXIT = { matches: 0, 'no-expectation': 0, mismatch: 1, incomplete: 3 } as const;

export function registerMatrix(program: Command, def: ProtocolDefinition): void {
  symmetryOption(workersOption(boundOptions(program.command('matrix'), def, false)), def)
    .description('check the correct design and every knob alone: exit 0 when every cell matches the expectations on record (or none is on record), 1 on a mismatch, 3 when a search stopped early')
    .option('--max-states <n>', 'stop each design after this many distinct states', wholeNumber(1))
    .option('--no-liveness', 'skip the eventually properties')
    .option('--save <dir>', "write each counterexample (and the correct design's witnesses) as a trace file")
    .option('--json', 'print the results as JSON')
    .option('--no-traces', 'do not print the counterexamples')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: MatrixFlags) => {
      const bounds = boundsFrom(def, flags);
      const first = makeConfig(def, bounds, []);
      const symmetry = symmetryFrom(def, first, flags);
      const designs = matrixDesigns(def, bounds).length;
      const rows = await interruptible(
        (signal) =>
          runMatrixAsync(def, bounds, (design) => ({
            ...progressTo(design, flags.quiet),
            signal,
            maxStates: flags.maxStates,
            liveness: flags.liveness,
            workers: flags.workers,
            symmetry,
          })),
        flags.quiet,
      );
      if (rows.length < designs) process.stderr.write(`lockstep: interrupted: ${rows.length} of ${designs} designs run\n`);
      if (flags.quiet !== true && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const saveFailed = trySave(() => {
        if (!flags.save) return;
        const n = writeTraces(def, flags.save, matrixTraces(def, rows, flags.save)).length;
        process.stderr.write(`saved ${n} traces to ${flags.save}\n`);
      });
      const outcome = rows.length < designs ? 'incomplete' : matrixOutcome(rows);
      if (flags.json) {
        const source = { kind: 'exhaustive' as const, command: commandLine(def, 'matrix') };
        printJson(
          rows.map((r) => ({
            ...exhaustiveResult(def, r.config, r.report, source, symmetry),
            knobs: r.config.knobs,
            expectation: r.expectation ?? null,
            cells: r.cells.map(cellJson),
          })),
        );
      } else {
        const reduced = symmetry ? ', symmetry reduction (states counted up to symmetry)' : '';
        process.stdout.write(`lockstep matrix: ${def.name}, ${boundsText(def, first)}${reduced}\n\n`);
        process.stdout.write(`${renderMatrix(rows, outcome)}\n`);
        if (flags.traces) process.stdout.write(renderCounterexamples(rows, def.present.narrate));
      }
      process.exitCode = EXIT[outcome];
      reportSaveFailure(saveFailed);
    });
}

function cellJson(c: MatrixCell) {
  return { property: c.property, verdict: c.verdict, expected: c.expected ?? null, incomplete: c.incomplete, ok: c.ok };
}
