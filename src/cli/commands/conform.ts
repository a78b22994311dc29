/**
 * `lockstep conform`: the model's schedules drive the real implementation
 * (impl/) over real sockets, every step is checked against the model, and
 * a divergence or violation is shrunk and saved as a trace. Exit 0 when
 * the implementation conforms, 1 on a divergence or violation, 2 on bad
 * usage.
 */
import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { BUGS } from '../../../impl/bugs.ts';
import { BUG_NAMES, runConformance, type ConformReport } from '../../../conform/run.ts';
import { formatAction } from '../../../spec/action.ts';
import { differences } from '../../conform/adapter.ts';
import { UsageError } from '../../errors.ts';

interface ConformFlags {
  schedules: number;
  seed: number;
  maxSteps: number;
  requests?: number;
  crashes?: number;
  cuts?: number;
  bug?: string;
  trace?: string;
  save: string;
  json?: boolean;
  listBugs?: boolean;
  quiet?: boolean;
}

function count(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`expected a whole number, not '${value}'`);
  return Number(value);
}

function integer(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`expected an integer, not '${value}'`);
  return Number(value);
}

export function registerConform(program: Command): void {
  program
    .command('conform')
    .description('drive the real implementation with the model and check every step: exit 0 when it conforms, 1 on a divergence or violation')
    .option('--schedules <n>', 'random and aimed schedules, after the committed traces', count, 100)
    .option('--seed <n>', 'fast-check seed (the same seed gives the same result)', integer, 1)
    .option('--max-steps <n>', 'steps in a random schedule at most', count, 30)
    .option('--requests <n>', 'distinct client requests r1..rN', count)
    .option('--crashes <n>', 'crash budget', count)
    .option('--cuts <n>', 'link-cut budget', count)
    .option('--bug <name>', `run the implementation with an injected bug: ${BUG_NAMES.join(', ')}`)
    .option('--trace <file>', 'drive only this trace file on the implementation')
    .option('--save <dir>', 'where a failure is saved as a trace file', 'conform-failures')
    .option('--json', 'print the report as JSON')
    .option('--list-bugs', 'list the injectable bugs and exit')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: ConformFlags) => {
      if (flags.listBugs) {
        if (flags.json) process.stdout.write(`${JSON.stringify(BUG_NAMES)}\n`);
        else process.stdout.write(BUG_NAMES.map((b) => `${b}: ${BUGS[b]}\n`).join(''));
        return;
      }
      if (flags.maxSteps < 1) throw new UsageError('--max-steps must be at least 1');
      if (flags.trace !== undefined && (!existsSync(flags.trace) || !statSync(flags.trace).isFile())) throw new UsageError(`--trace ${flags.trace}: not a file`);
      if (existsSync(flags.save) && !statSync(flags.save).isDirectory()) throw new UsageError(`--save ${flags.save}: not a folder`);
      const tty = process.stderr.isTTY === true;
      const report = await runConformance({
        schedules: flags.schedules,
        seed: flags.seed,
        maxSteps: flags.maxSteps,
        bug: flags.bug ?? null,
        trace: flags.trace,
        bounds: { requests: flags.requests, crashes: flags.crashes, cuts: flags.cuts },
        save: flags.save,
        onProgress:
          flags.quiet || !tty ? undefined : (p) => process.stderr.write(`\rconform: ${p.schedules} schedules (${p.phase})\x1b[K`),
      });
      if (!flags.quiet && tty) process.stderr.write('\r\x1b[K');
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(renderConform(report));
      process.exitCode = report.failure ? 1 : 0;
    });
}

function renderConform(r: ConformReport): string {
  const s = r.schedules;
  const lines = [
    `lockstep conform: the implementation${r.bug ? ` with bug ${r.bug}` : ''} against the correct design, requests=${r.config.requests} crashes=${r.config.crashes} cuts=${r.config.cuts}, seed ${r.seed}`,
    `${s.traces + s.random + s.aimed} schedules (${s.traces} traces, ${s.random} random, ${s.aimed} aimed; ${s.shrinking} more while shrinking), ${r.steps} steps in ${r.seconds.toFixed(1)} s`,
    `${r.processesStarted} processes started, ${r.messagesCarried} messages carried`,
    `${r.states.covered} model states covered (${r.states.frontier} more one step away); action types: ${r.actionTypes.join(', ')}`,
    `witnessed on the implementation: ${r.witnessed.length ? r.witnessed.join(', ') : 'nothing'}`,
    `traces refused by both at the same step: ${r.blocked.length}`,
  ];
  const f = r.failure;
  if (!f) return `${lines.join('\n')}\nno divergence, no violation\n`;
  const o = f.outcome;
  lines.push('');
  if (o.kind === 'violation') lines.push(`VIOLATION: ${o.property} at step ${o.step}`);
  if (o.kind === 'divergence') lines.push(`DIVERGENCE at step ${o.step}: ${o.why}${o.violates.length ? `, violating ${o.violates.join(', ')}` : ''}`);
  lines.push(`found by ${f.source}${f.name ? ` ${f.name}` : ''}${f.path ? ` (fast-check seed ${f.seed}, path ${f.path})` : ''} in ${f.foundSteps} steps, shrunk to ${f.actions.length}:`);
  f.actions.forEach((a, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${formatAction(a)}`));
  if (o.kind === 'divergence') {
    lines.push(`differs in: ${differences(o.model, o.system).join(', ') || 'nothing (a refused step)'}`);
    lines.push(`model:          ${JSON.stringify(o.model)}`, `implementation: ${JSON.stringify(o.system)}`);
  }
  if (r.saved) lines.push(`saved: ${r.saved} (lockstep replay ${r.saved}; lockstep conform --trace ${r.saved}${r.bug ? ` --bug ${r.bug}` : ''})`);
  return `${lines.join('\n')}\n`;
}
