/**
 * `lockstep conform`: the model's schedules drive the real implementation
 * (impl/) over real sockets, every step is checked against the model, and
 * a divergence or violation is shrunk and saved as a trace. Exit 0 when
 * the implementation conforms, 1 on a divergence or violation, 2 on bad
 * usage.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { differences } from '../../conform/adapter.ts';
import type { ConformanceSuite, ConformReport } from '../../conform/suite.ts';
import { boundsText } from '../../protocol/config.ts';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { importModule } from '../../protocol/load.ts';
import { UsageError } from '../../errors.ts';
import { boundOptions, boundsFrom, printJson, seed, wholeNumber, type BoundFlags } from '../usage.ts';

interface ConformFlags extends BoundFlags {
  schedules: number;
  seed: number;
  maxSteps: number;
  bug?: string;
  trace?: string;
  save: string;
  json?: boolean;
  listBugs?: boolean;
  quiet?: boolean;
}

/** The protocol's conformance suite, from the module its definition names. */
async function suiteOf(def: ProtocolDefinition): Promise<ConformanceSuite> {
  if (!def.conformance) throw new UsageError(`protocol ${def.name} names no conformance suite (its definition's "conformance" module): there is no implementation to drive`);
  if (!existsSync(fileURLToPath(def.conformance))) {
    throw new UsageError(`protocol ${def.name}: its conformance suite ${fileURLToPath(def.conformance)} is not here (the built-in one runs from a checkout of the repository, beside impl/)`);
  }
  const namespace = await importModule(def.conformance);
  const suite = namespace.default as ConformanceSuite | undefined;
  if (!suite || typeof suite.run !== 'function' || typeof suite.bugs !== 'object') throw new UsageError(`${def.conformance}: its default export is not a conformance suite`);
  return suite;
}

export function registerConform(program: Command, def: ProtocolDefinition): void {
  boundOptions(program.command('conform'), def, false)
    .description('drive the real implementation with the model and check every step: exit 0 when it conforms, 1 on a divergence or violation')
    .option('--schedules <n>', 'random and aimed schedules, after the committed traces (0-1000000)', wholeNumber(0, 1_000_000), 100)
    .option('--seed <n>', 'fast-check seed (the same seed gives the same result)', seed, 1)
    .option('--max-steps <n>', 'steps in a random schedule at most (1-10000)', wholeNumber(1, 10_000), 30)
    .option('--bug <name>', 'run the implementation with an injected bug (see --list-bugs)')
    .option('--trace <file>', 'drive only this trace file on the implementation')
    .option('--save <dir>', 'where a failure is saved as a trace file', 'conform-failures')
    .option('--json', 'print the report as JSON')
    .option('--list-bugs', 'list the injectable bugs and exit')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (flags: ConformFlags) => {
      const suite = await suiteOf(def);
      const names = Object.keys(suite.bugs);
      if (flags.listBugs) {
        if (flags.json) process.stdout.write(`${JSON.stringify(names)}\n`);
        else process.stdout.write(names.map((b) => `${b}: ${suite.bugs[b]}\n`).join(''));
        return;
      }
      if (flags.bug !== undefined && !names.includes(flags.bug)) throw new UsageError(`unknown bug '${flags.bug.slice(0, 40)}' (bugs: ${names.join(', ')})`);
      if (flags.trace !== undefined && (!existsSync(flags.trace) || !statSync(flags.trace).isFile())) throw new UsageError(`--trace ${flags.trace}: not a file`);
      if (existsSync(flags.save) && !statSync(flags.save).isDirectory()) throw new UsageError(`--save ${flags.save}: not a folder`);
      const tty = process.stderr.isTTY === true;
      const report = await suite.run({
        schedules: flags.schedules,
        seed: flags.seed,
        maxSteps: flags.maxSteps,
        bug: flags.bug ?? null,
        trace: flags.trace,
        bounds: boundsFrom(def, flags),
        save: flags.save,
        onProgress:
          flags.quiet || !tty ? undefined : (p) => process.stderr.write(`\rconform: ${p.schedules} schedules (${p.phase})\x1b[K`),
      });
      if (!flags.quiet && tty) process.stderr.write('\r\x1b[K');
      if (flags.json) printJson({ search: 'conform', protocol: def.name, outcome: report.failure ? 'violated' : 'holds', ...report });
      else process.stdout.write(renderConform(def, report));
      process.exitCode = report.failure ? 1 : 0;
    });
}

function renderConform(def: ProtocolDefinition, r: ConformReport): string {
  const s = r.schedules;
  const lines = [
    `lockstep conform: the implementation${r.bug ? ` with bug ${r.bug}` : ''} against the correct design of ${def.name}, ${boundsText(def, r.config)}, seed ${r.seed}`,
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
  f.actions.forEach((a, i) => lines.push(`  ${String(i + 1).padStart(2)}. ${def.actions.format(a)}`));
  if (o.kind === 'divergence') {
    lines.push(`differs in: ${differences(o.model, o.system).join(', ') || 'nothing (a refused step)'}`);
    lines.push(`model:          ${JSON.stringify(o.model)}`, `implementation: ${JSON.stringify(o.system)}`);
  }
  if (r.saved) lines.push(`saved: ${r.saved} (lockstep replay ${r.saved}; lockstep conform --trace ${r.saved}${r.bug ? ` --bug ${r.bug}` : ''})`);
  return `${lines.join('\n')}\n`;
}
