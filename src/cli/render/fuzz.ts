/** A random search's report as text: what ran, the failure and how it shrank, the verdicts, the traces. */
import type { FuzzReport } from '../../engine/fuzz.ts';
import { count, seconds, table } from '../../report/format.ts';
import { renderTraces, verdictText, type Narrator } from '../../report/text.ts';

export function renderFuzz<S, A>(r: FuzzReport<S, A>, head: string, replay: string, narrate: Narrator<S, A>): string {
  const lines = [head, `${count(r.runs)} schedules in ${seconds(r.seconds)} s${r.stoppedBecause === 'time-limit' ? ' (stopped at --time-limit)' : r.stoppedBecause === 'interrupted' ? ' (INTERRUPTED: incomplete)' : ''}, seed ${r.seed}`];
  if (r.failure) {
    const f = r.failure;
    lines.push(
      `${f.property} violated; shrunk by fast-check to ${f.shrunkByFastCheck.steps} steps (${f.shrunkByFastCheck.faults} faults), then to ${f.shrunk.steps} steps (${f.shrunk.faults} faults)`,
      `replay: ${replay} --path ${f.path}`,
    );
  }
  lines.push('', table(r.properties.map((p) => [p.name, p.kind, p.final || p.verdict !== 'holds' ? verdictText(p) : 'no violation found (random search: not a proof)'])));
  const traces = renderTraces(r, narrate);
  return `${lines.join('\n')}\n${traces ? `\n${traces}\n` : ''}`;
}
