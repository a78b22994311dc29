/** `lockstep fuzz`: random schedules at bounds exhaustive search cannot reach. */
import type { Command } from 'commander';
import { propertiesFor } from '../../../properties/index.ts';
import { designName } from '../../../spec/config.ts';
import { protocolModel } from '../../../spec/model.ts';
import { fuzz, type FuzzReport } from '../../engine/fuzz.ts';
import { count, seconds } from '../../report/format.ts';
import { renderTraces, verdictText } from '../../report/text.ts';
import { table } from '../../report/format.ts';
import { protocolNarrator } from '../protocol.ts';
import { tracesOf, writeTraces } from '../traces.ts';
import { UsageError, boundOptions, configFrom, printJson, wholeNumber, type BoundFlags } from '../usage.ts';
import type { Action } from '../../../spec/action.ts';
import type { State } from '../../../spec/state.ts';

interface FuzzFlags extends BoundFlags {
  runs: number;
  maxSteps: number;
  seed?: number;
  path?: string;
  timeLimit?: number;
  property?: string[];
  json?: boolean;
  save?: string;
  quiet?: boolean;
}

function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`expected an integer, not '${value}'`);
  return Number(value);
}

export function registerFuzz(program: Command): void {
  boundOptions(program.command('fuzz'), true)
    .description('random schedules with fast-check: exit 0 when no violation is found and every witness is, 1 otherwise')
    .option('--runs <n>', 'schedules to try', wholeNumber, 10_000)
    .option('--max-steps <n>', 'steps in a schedule at most', wholeNumber, 100)
    .option('--seed <n>', 'fast-check seed (the same seed gives the same result)', integer)
    .option('--path <path>', "fast-check path of a counterexample, as printed, to replay only that one")
    .option('--time-limit <seconds>', 'stop trying new schedules after this long', wholeNumber)
    .option('--property <name>', 'check only this property (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--save <dir>', 'write the counterexample and witnesses as trace files')
    .option('--json', 'print the report as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action((flags: FuzzFlags) => {
      const config = configFrom(flags);
      if (flags.maxSteps < 1) throw new UsageError('--max-steps must be at least 1');
      let properties = propertiesFor(config);
      if (flags.property) {
        for (const name of flags.property) {
          if (!properties.some((p) => p.name === name)) throw new UsageError(`unknown property '${name}' (properties: ${properties.map((p) => p.name).join(', ')})`);
        }
        properties = properties.filter((p) => flags.property!.includes(p.name));
      }
      const tty = process.stderr.isTTY === true;
      const report = fuzz(protocolModel(config), properties, {
        runs: flags.runs,
        maxSteps: flags.maxSteps,
        seed: flags.seed,
        path: flags.path,
        timeLimitSeconds: flags.timeLimit,
        onProgress: flags.quiet ? undefined : (p) => process.stderr.write(`${tty ? '\r' : ''}fuzz: ${count(p.runs)} runs, ${seconds(p.seconds)} s${tty ? '\x1b[K' : '\n'}`),
      });
      if (!flags.quiet && tty) process.stderr.write('\r\x1b[K');
      const replay = `lockstep fuzz --requests ${config.requests} --crashes ${config.crashes} --cuts ${config.cuts}${config.knobs.map((k) => ` --knob ${k}`).join('')} --max-steps ${flags.maxSteps} --seed ${report.seed}`;
      if (flags.save) {
        const source = { kind: 'random' as const, seed: report.seed, ...(report.failure ? { path: report.failure.path } : {}), command: replay };
        const paths = writeTraces(flags.save, tracesOf(config, report.properties, source));
        process.stderr.write(`saved ${paths.length} trace${paths.length === 1 ? '' : 's'} to ${flags.save}\n`);
      }
      if (flags.json) printJson({ design: designName(config), config, ...report, replay: report.failure ? `${replay} --path ${report.failure.path}` : replay });
      else process.stdout.write(renderFuzz(report, `lockstep fuzz: ${designName(config)} design, requests=${config.requests} crashes=${config.crashes} cuts=${config.cuts}, up to ${flags.maxSteps} steps a run`, replay));
      process.exitCode = report.properties.some((p) => p.verdict === 'violated' || p.verdict === 'not-witnessed') ? 1 : 0;
    });
}

function renderFuzz(r: FuzzReport<State, Action>, head: string, replay: string): string {
  const lines = [head, `${count(r.runs)} schedules in ${seconds(r.seconds)} s${r.interrupted ? ' (stopped at --time-limit)' : ''}, seed ${r.seed}`];
  if (r.failure) {
    const f = r.failure;
    lines.push(
      `${f.property} violated; shrunk by fast-check to ${f.shrunkByFastCheck.steps} steps (${f.shrunkByFastCheck.faults} faults), then to ${f.shrunk.steps} steps (${f.shrunk.faults} faults)`,
      `replay: ${replay} --path ${f.path}`,
    );
  }
  lines.push('', table(r.properties.map((p) => [p.name, p.kind, p.final || p.verdict !== 'holds' ? verdictText(p) : 'no violation found'])));
  const traces = renderTraces(r, protocolNarrator);
  return `${lines.join('\n')}\n${traces ? `\n${traces}\n` : ''}`;
}
