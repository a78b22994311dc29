/** The matrix as a text table, and its counterexamples under a heading. */
import type { MatrixCell, MatrixOutcome, MatrixRow } from '../../protocol/matrix.ts';
import { count, seconds, table } from '../../report/format.ts';
import { renderTrace, type Narrator } from '../../report/text.ts';

function cellText(c: MatrixCell): string {
  const v = c.verdict === 'violated' ? `VIOLATED(${c.result.length})` : c.verdict;
  if (c.incomplete) return `${v} so far (incomplete)`;
  if (c.expected === undefined) return v;
  return c.ok ? `${v} ok` : `${v} ✗ expected ${c.expected}`;
}

export function renderMatrix(rows: readonly MatrixRow[], outcome: MatrixOutcome): string {
  const properties = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.property)))];
  const header = ['design', ...properties, 'states', 'seconds'];
  const body = rows.map((r) => [
    r.design,
    ...properties.map((p) => {
      const c = r.cells.find((x) => x.property === p);
      return c ? cellText(c) : '-';
    }),
    count(r.report.states),
    seconds(r.report.seconds),
  ]);
  const where = (pred: (c: MatrixCell) => boolean) => rows.flatMap((r) => r.cells.filter(pred).map((c) => `${r.design}/${c.property}`)).join(', ');
  const verdict: Record<MatrixOutcome, string> = {
    matches: `every cell matches the expectations on record (${rows.length} designs)`,
    mismatch: `MISMATCH: ${where((c) => !c.incomplete && c.expected !== undefined && c.verdict !== c.expected)}`,
    incomplete: `INCOMPLETE: a search stopped before its verdict was final (${where((c) => c.incomplete)}); "holds" and "not-witnessed" there mean "so far"`,
    'no-expectation': `no expectation is on record for these bounds (${where((c) => c.expected === undefined)}): the verdicts are reported, not judged`,
  };
  return `${table([header, ...body])}\n\n${verdict[outcome]}`;
}

export function renderCounterexamples<S, A>(rows: readonly MatrixRow<S, A>[], narrate: Narrator<S, A>): string {
  const parts: string[] = [];
  for (const r of rows) {
    for (const c of r.cells) {
      if (c.verdict !== 'violated' || !c.result.trace) continue;
      parts.push(`${r.design} violates ${c.property} in ${c.result.length} steps:\n${renderTrace(c.result.trace, narrate, c.result.length)}`);
    }
  }
  return parts.length === 0 ? '' : `\nShortest counterexamples\n\n${parts.join('\n\n')}\n`;
}
