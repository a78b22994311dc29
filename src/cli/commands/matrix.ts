/** `lockstep matrix`: the correct design and each knob alone, against the brief's table. */
import type { Command } from 'commander';
import { count, seconds, table } from '../../report/format.ts';
import { renderTrace } from '../../report/text.ts';
import { matrixHolds, matrixTraces, runMatrix, type MatrixCell, type MatrixRow } from '../matrix.ts';
import { progressTo } from '../progress.ts';
import { protocolNarrator } from '../protocol.ts';
import { writeTraces } from '../traces.ts';
import { boundOptions, printJson, symmetryFrom, symmetryOption, wholeNumber, workersOption, type BoundFlags } from '../usage.ts';
import { makeConfig } from '../../../spec/config.ts';

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

export function registerMatrix(program: Command): void {
  symmetryOption(workersOption(boundOptions(program.command('matrix'), false)))
    .description("check the correct design and every knob alone; exit 0 when every cell matches the brief's table")
    .option('--max-states <n>', 'stop each design after this many distinct states', wholeNumber)
    .option('--no-liveness', 'skip atLeastOnce')
    .option('--save <dir>', 'write each counterexample (and the correct design\'s witnesses) as a trace file')
    .option('--json', 'print the reports as JSON')
    .option('--no-traces', 'do not print the counterexamples')
    .option('-q, --quiet', 'no progress on stderr')
    .action((flags: MatrixFlags) => {
      const bounds = makeConfig(flags);
      const symmetry = symmetryFrom(flags);
      const rows = runMatrix(bounds, (design) => ({
        ...progressTo(design, flags.quiet),
        maxStates: flags.maxStates,
        liveness: flags.liveness,
        workers: flags.workers,
        symmetry,
      }));
      if (flags.quiet !== true && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      if (flags.save) {
        const n = writeTraces(flags.save, matrixTraces(rows, flags.save)).length;
        process.stderr.write(`saved ${n} traces to ${flags.save}\n`);
      }
      if (flags.json) {
        printJson(rows.map((r) => ({ design: r.design, knobs: r.config.knobs, config: r.config, symmetry, ...r.report, cells: r.cells.map(cellJson) })));
      } else {
        const reduced = symmetry ? ', symmetry over requests (states counted up to renaming)' : '';
        process.stdout.write(`lockstep matrix: requests=${bounds.requests} crashes=${bounds.crashes} cuts=${bounds.cuts}${reduced}\n\n`);
        process.stdout.write(`${renderMatrix(rows)}\n`);
        if (flags.traces) process.stdout.write(renderCounterexamples(rows));
      }
      process.exitCode = matrixHolds(rows) ? 0 : 1;
    });
}

function cellJson(c: MatrixCell) {
  return { property: c.property, verdict: c.verdict, expected: c.expected, ok: c.ok };
}

function cellText(c: MatrixCell): string {
  const v = c.verdict === 'violated' ? `VIOLATED(${c.result.length})` : c.verdict;
  return c.ok ? `${v} ok` : `${v} ✗ expected ${c.expected}`;
}

export function renderMatrix(rows: readonly MatrixRow[]): string {
  const header = ['design', ...rows[0].cells.map((c) => c.property), 'states', 'seconds'];
  const body = rows.map((r) => [r.design, ...r.cells.map(cellText), count(r.report.states), seconds(r.report.seconds)]);
  const verdict = matrixHolds(rows)
    ? `every cell matches the brief's table (${rows.length} designs)`
    : `MISMATCH: ${rows.flatMap((r) => r.cells.filter((c) => !c.ok).map((c) => `${r.design}/${c.property}`)).join(', ')}`;
  return `${table([header, ...body])}\n\n${verdict}`;
}

function renderCounterexamples(rows: readonly MatrixRow[]): string {
  const parts: string[] = [];
  for (const r of rows) {
    for (const c of r.cells) {
      if (c.verdict !== 'violated' || !c.result.trace) continue;
      parts.push(`${r.design} violates ${c.property} in ${c.result.length} steps:\n${renderTrace(c.result.trace, protocolNarrator, c.result.length)}`);
    }
  }
  return parts.length === 0 ? '' : `\nShortest counterexamples\n\n${parts.join('\n\n')}\n`;
}
