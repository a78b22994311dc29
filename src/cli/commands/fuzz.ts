/** `lockstep fuzz`: random schedules at bounds exhaustive search cannot reach. */
import type { Command } from 'commander';
import { boundsFlags, boundsText, designName } from '../../protocol/config.ts';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { protocolFlag } from '../../protocol/load.ts';
import { randomResult } from '../../protocol/result.ts';
import { fuzzConfigAsync } from '../../protocol/run.ts';
import { interruptible } from '../interrupt.ts';
import { tracesOf, writeTraces } from '../../protocol/traces.ts';
import { count, seconds } from '../../report/format.ts';
import { renderFuzz } from '../render/fuzz.ts';
import { boundOptions, configFrom, exitFor, printJson, reportSaveFailure, seed, trySave, UsageError, wholeNumber, type BoundFlags } from '../usage.ts';

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

/** fast-check's path: step indices joined by ':', as printed by a failure. */
function path(value: string): string {
  if (!/^\d{1,9}(:\d{1,9}){0,9999}$/.test(value)) throw new UsageError(`--path: expected a fast-check path like 12:0:3 (as a failure prints it), not '${value.slice(0, 40)}'`);
  return value;
}

export function registerFuzz(program: Command, def: ProtocolDefinition): void {
  boundOptions(program.command('fuzz'), def, true)
    .description('random schedules with fast-check: exit 0 when no violation is found and every witness is, 1 otherwise')
    .option('--runs <n>', 'schedules to try (1-100000000)', wholeNumber(1, 100_000_000), 10_000)
    .option('--max-steps <n>', 'steps in a schedule at most (1-100000)', wholeNumber(1, 100_000), 100)
    .option('--seed <n>', 'fast-check seed (the same seed gives the same result)', seed)
    .option('--path <path>', 'fast-check path of a counterexample, as printed, to replay only that one', path)
    .option('--time-limit <seconds>', 'stop trying new schedules after this long (1-604800)', wholeNumber(1, 604_800))
    .option('--property <name>', 'check only this property (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--save <dir>', 'write the counterexample and witnesses as trace files')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: FuzzFlags) => {
      const config = configFrom(def, flags);
      if (flags.path !== undefined && flags.seed === undefined) throw new UsageError('--path replays a failure of one seed: give its --seed too');
      const tty = process.stderr.isTTY === true;
      const report = await interruptible((signal) => fuzzConfigAsync(def, config, {
        signal,
        runs: flags.runs,
        maxSteps: flags.maxSteps,
        seed: flags.seed,
        path: flags.path,
        timeLimitSeconds: flags.timeLimit,
        only: flags.property,
        onProgress: flags.quiet ? undefined : (p) => process.stderr.write(`${tty ? '\r' : ''}fuzz: ${count(p.runs)} schedules tried (shrinking included), ${seconds(p.seconds)} s${tty ? '\x1b[K' : '\n'}`),
      }), flags.quiet);
      if (!flags.quiet && tty) process.stderr.write('\r\x1b[K');
      const knobs = config.knobs.map((k) => ` --knob ${k}`).join('');
      const replay = `lockstep fuzz ${protocolFlag(def)}${boundsFlags(def, config)}${knobs} --max-steps ${flags.maxSteps} --seed ${report.seed}`;
      const source = { kind: 'random' as const, seed: report.seed, ...(report.failure ? { path: report.failure.path } : {}), command: replay };
      const result = randomResult(def, config, report, source, report.failure ? `${replay} --path ${report.failure.path}` : replay);
      const saveFailed = trySave(() => {
        if (!flags.save) return;
        const paths = writeTraces(def, flags.save, tracesOf(def, config, report.properties, source));
        process.stderr.write(`saved ${paths.length} trace${paths.length === 1 ? '' : 's'} to ${flags.save}\n`);
      });
      if (flags.json) printJson(result);
      else {
        const head = `lockstep fuzz: ${designName(config)} design of ${def.name}, ${boundsText(def, config)}, up to ${flags.maxSteps} steps a run`;
        process.stdout.write(renderFuzz(report, head, replay, def.present.narrate));
      }
      process.exitCode = exitFor(result);
      reportSaveFailure(saveFailed);
    });
}
