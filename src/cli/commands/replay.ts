/** `lockstep replay FILE|DIR…`: re-execute stored traces and check their verdicts. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { loadTrace, replayTrace, type AnyTrace, type ReplayResult } from '../../protocol/traces.ts';
import { safeLine, safeText } from '../../report/sanitize.ts';
import { printJson, UsageError } from '../usage.ts';

interface ReplayFlags {
  json?: boolean;
  withoutKnobs?: boolean;
}

interface Item {
  file: string;
  ok: boolean;
  /** Why the file is not a trace of this protocol (bad input). */
  error?: string;
  result?: ReplayResult & { withoutKnobs: boolean };
}

export function registerReplay(program: Command, def: ProtocolDefinition): void {
  program
    .command('replay')
    .description('replay trace files (a folder: every .json in it): exit 0 when each shows its expected verdict, 1 when one does not (a stale trace), 2 when a file is not a trace (the others are still replayed)')
    .argument('<files...>', 'trace files or folders of them')
    .option('--without-knobs', 'replay each under the correct design instead: passes when the trace is blocked or no longer violates')
    .option('--json', 'print the results as JSON')
    .action((args: string[], flags: ReplayFlags) => {
      const items = expand(args).map((file): Item => {
        let t: AnyTrace;
        try {
          t = loadTrace(def, file);
        } catch (e) {
          if (e instanceof UsageError) return { file, ok: false, error: e.message };
          throw e;
        }
        const result = replayOne(def, file, t, flags.withoutKnobs === true);
        return { file, ok: result.ok, result };
      });
      if (flags.json) printJson({ search: 'replay', protocol: def.name, outcome: outcomeOf(items), results: items.map(itemJson) });
      else {
        for (const i of items) {
          if (i.error) process.stderr.write(`lockstep: ${safeLine(i.error, 400)}\n`);
          else process.stdout.write(`${i.ok ? 'ok  ' : 'FAIL'} ${safeText(i.file)}: ${safeText(describe(def, i.result!, i.result!.withoutKnobs))}\n`);
        }
      }
      process.exitCode = items.some((i) => i.error) ? 2 : items.every((i) => i.ok) ? 0 : 1;
    });
}

/** Files as given; a folder stands for the .json files in it, in name order. */
function expand(args: readonly string[]): string[] {
  return args.flatMap((a) => {
    let dir = false;
    try {
      dir = statSync(a).isDirectory();
    } catch {
      // Not there: reported by the reader, as one item.
    }
    if (!dir) return [a];
    const files = readdirSync(a).filter((f) => f.endsWith('.json')).sort();
    if (files.length === 0) throw new UsageError(`${a}: no .json trace files in this folder`);
    return files.map((f) => join(a, f));
  });
}

function replayOne(def: ProtocolDefinition, file: string, t: AnyTrace, withoutKnobs: boolean): ReplayResult & { withoutKnobs: boolean } {
  // A trace of the correct design has no safeguard to remove: it replays as it is.
  if (!withoutKnobs || t.config.knobs.length === 0) return { ...replayTrace(def, file, t), withoutKnobs: false };
  const r = replayTrace(def, file, t, []);
  // The safeguard stops it: the run is blocked, or shows its verdict no more.
  const ok = r.problem?.kind === 'not-enabled' || (r.judgement !== undefined && r.judgement.verdict !== t.expect);
  return { ...r, ok, withoutKnobs: true };
}

function outcomeOf(items: readonly Item[]): 'holds' | 'violated' | 'bad-input' {
  return items.some((i) => i.error) ? 'bad-input' : items.every((i) => i.ok) ? 'holds' : 'violated';
}

/** One file's result: what it expected, what the replay showed (or the step where it could not go on), and whether that is a pass. */
function itemJson(i: Item) {
  if (i.error) return { file: i.file, ok: false, error: i.error };
  const { trace: _trace, judgement, ...r } = i.result!;
  return { ...r, ...(judgement ? { shown: judgement.verdict, ...(judgement.step !== undefined ? { step: judgement.step } : {}), ...(judgement.reason ? { reason: judgement.reason } : {}) } : {}) };
}

export function describe(def: ProtocolDefinition, r: ReplayResult, withoutKnobs: boolean): string {
  const where = withoutKnobs ? `under the ${r.design} design, ` : '';
  const format = (a: unknown) => def.actions.format(a);
  if (r.problem) {
    const p = r.problem;
    if (p.kind === 'not-enabled') {
      const enabled = p.enabled.map(format).join(', ') || 'nothing';
      return `${where}step ${p.step}: ${format(p.action)} is not enabled (enabled: ${enabled})${withoutKnobs ? '' : ': a stale trace'}`;
    }
    return `${where}step ${p.step}: ${format(p.action)} leads to state ${p.actual}, the trace recorded ${p.expected}: the model's semantics changed`;
  }
  const j = r.judgement!;
  const at = j.step === undefined ? '' : ` at step ${j.step}`;
  const why = j.reason ? ` (${j.reason})` : '';
  if (withoutKnobs) return `${where}${r.property} ${j.verdict}${at}${why}`;
  return r.ok ? `${r.design} design: ${r.property} ${j.verdict}${at}, as expected` : `${r.design} design: expected ${r.expected}, but ${r.property} ${j.verdict}${at}${why}`;
}

/**
 * For the commands that draw a trace: loads and replays it; a stale trace
 * is reported on stderr with exit code 1, and gives null.
 */
export function replayForDrawing(def: ProtocolDefinition, file: string): { trace: AnyTrace; replayed: ReplayResult } | null {
  const trace = loadTrace(def, file);
  const replayed = replayTrace(def, file, trace);
  if (!replayed.problem) return { trace, replayed };
  process.stderr.write(`lockstep: ${file}: ${describe(def, replayed, false)}\n`);
  process.exitCode = 1;
  return null;
}
