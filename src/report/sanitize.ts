/**
 * Text from a trace file (a title, a description, a value in an error)
 * reaches a terminal, a Markdown page or a log. Raw, it could clear the
 * screen, set the window title, reorder what the reader sees with bidi
 * overrides, or forge an "ok" line; whole, one value can be 400,000
 * characters. Every renderer passes such text through here: control
 * characters become visible escapes, and echoed values are cut short.
 */

/**
 * C0 controls and DEL, C1 controls (CSI among them), bidi embeddings,
 * overrides, isolates and marks, line and paragraph separators, and the
 * zero-width no-break space: nothing a reader should receive as is.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

/** How long an echoed value may be, in characters, before it is cut with an ellipsis. */
export const ECHO_LIMIT = 80;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The text with every control character shown as an escape (`\x1b`,
 * `\u202e`), so that it prints as what it is. With `lines`, line breaks
 * are kept (a description of several lines).
 */
export function safeText(text: string, options: { lines?: boolean } = {}): string {
  return text.replace(options.lines ? UNSAFE_BUT_NEWLINE : UNSAFE, escape);
}

/** At most `max` characters (not splitting a surrogate pair), with an ellipsis when cut. */
export function bounded(text: string, max = ECHO_LIMIT): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** A value as an error message echoes it: JSON, safe, and short. */
export function quote(value: unknown, max = ECHO_LIMIT): string {
  let text: string;
  try {
    // 1e400 parses as Infinity, which JSON.stringify would show as null.
    text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return bounded(safeText(text), max);
}

/** One line for the terminal: safe, and cut at `max` characters. */
export function safeLine(text: string, max: number): string {
  return bounded(safeText(text), max);
}
