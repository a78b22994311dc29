/** `lockstep replay FILE…`: re-execute stored traces and check their verdicts. */
import type { Command } from 'commander';
import { formatAction } from '../../../spec/action.ts';
import { loadTrace, replayTrace, type ProtocolTrace, type ReplayResult } from '../traces.ts';
import { printJson } from '../usage.ts';

interface ReplayFlags {
  json?: boolean;
  withoutKnobs?: boolean;
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('replay trace files: exit 0 when each shows its expected verdict, 1 when one does not (a stale trace), 2 for a file that is not a trace')
    .argument('<files...>', 'trace files')
    .option('--without-knobs', 'replay each under the correct design instead: passes when the trace is blocked or no longer violates')
    .option('--json', 'print the results as JSON')
    .action((files: string[], flags: ReplayFlags) => {
      const traces = files.map((f) => [f, loadTrace(f)] as const);
      const results = traces.map(([file, t]) => {
        // A trace of the correct design has no safeguard to remove: it replays as it is.
        const remove = flags.withoutKnobs === true && t.config.knobs.length > 0;
        if (!remove) return { ...replayTrace(file, t), withoutKnobs: false };
        const r = replayTrace(file, t, { knobs: [] });
        // The safeguard stops it: the run is blocked, or shows its verdict no more.
        const ok = r.problem?.kind === 'not-enabled' || (r.judgement !== undefined && r.judgement.verdict !== t.expect);
        return { ...r, ok, withoutKnobs: true };
      });
      if (flags.json) printJson(results.map(({ trace: _trace, ...r }) => r));
      else for (const r of results) process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.file}: ${describe(r, r.withoutKnobs)}\n`);
      process.exitCode = results.every((r) => r.ok) ? 0 : 1;
    });
}

export function describe(r: ReplayResult, withoutKnobs: boolean): string {
  const where = withoutKnobs ? `under the ${r.design} design, ` : '';
  if (r.problem) {
    const p = r.problem;
    if (p.kind === 'not-enabled') {
      const enabled = p.enabled.map(formatAction).join(', ') || 'nothing';
      return `${where}step ${p.step}: ${formatAction(p.action)} is not enabled (enabled: ${enabled})${withoutKnobs ? '' : ': a stale trace'}`;
    }
    return `${where}step ${p.step}: ${formatAction(p.action)} leads to state ${p.actual}, the trace recorded ${p.expected}: the model's semantics changed`;
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
export function replayForDrawing(file: string): { trace: ProtocolTrace; replayed: ReplayResult } | null {
  const trace = loadTrace(file);
  const replayed = replayTrace(file, trace);
  if (!replayed.problem) return { trace, replayed };
  process.stderr.write(`lockstep: ${file}: ${describe(replayed, false)}\n`);
  process.exitCode = 1;
  return null;
}
