/** Number and size formatting shared by the text renderers. */

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function seconds(s: number): string {
  return s < 10 ? s.toFixed(2) : s.toFixed(1);
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** Left-aligned columns: each row an array of cells. */
export function table(rows: string[][], gap = 2): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + gap)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
