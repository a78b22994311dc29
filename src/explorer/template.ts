/**
 * The explorer page's markup and style, and the one way to fill it. The
 * script comes from page.ts. The filling never expands patterns: a title
 * holding `$'`, `$&`, `$1` or a placeholder's name comes through as
 * written, and text placed into a `<script>` cannot end it.
 */

export const TEMPLATE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:">
<title>%TITLE% · lockstep</title>
<style>%STYLE%</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div id="subtitle"></div>
</header>
<nav>
  <button id="prev" title="previous step (←)">◀</button>
  <input id="slider" type="range" min="0" value="0" aria-label="step">
  <button id="next" title="next step (→)">▶</button>
  <span id="position"></span>
  <button id="export" title="download the run shown as a trace file for lockstep replay">export trace</button>
</nav>
<div id="narration"></div>
<div id="client"></div>
<main>
  <section id="left">
    <h2>Space-time diagram</h2>
    <div id="diagram"></div>
  </section>
  <section id="right">
    <h2>Properties at this step</h2>
    <table id="verdicts"></table>
    <h2>Enabled here <small>(choose another to fork the run)</small></h2>
    <div id="enabled"></div>
    <h2>State <small>(changed by this step in yellow)</small></h2>
    <div id="state"></div>
  </section>
</main>
<script id="trace" type="application/json">%TRACE%</script>
<script>%SCRIPT%</script>
</body>
</html>
`;

export const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 10px 16px; background: #24292f; color: #fff; }
h1 { font-size: 18px; margin: 0; }
#subtitle { font-size: 13px; opacity: .85; }
nav { display: flex; gap: 8px; align-items: center; padding: 8px 16px; border-bottom: 1px solid #ddd; }
#slider { flex: 1; }
#narration { padding: 6px 16px; font-weight: 600; }
#client { padding: 0 16px 6px; color: #555; }
main { display: flex; gap: 16px; padding: 0 16px 16px; }
#left { flex: 0 0 830px; max-height: 80vh; overflow: auto; }
#right { flex: 1; min-width: 300px; }
h2 { font-size: 14px; margin: 12px 0 6px; }
svg text { font: 12px system-ui, sans-serif; }
.lane { font-weight: 700; }
.lifeline { stroke: #999; stroke-dasharray: 4 3; }
.msg { stroke: #333; stroke-width: 1.4; }
.msg.reply { stroke-dasharray: 5 3; }
.label { fill: #333; }
.note { fill: #1a4d8f; }
.note.fault { fill: #b00020; font-weight: 700; }
.msg.emphasis { stroke: #d9480f; stroke-width: 2.5; }
.label.emphasis, .note.emphasis { fill: #d9480f; font-weight: 700; }
.num { fill: #888; }
.band { fill: transparent; cursor: pointer; }
g.row:hover .band { fill: #f3f6fa; }
g.row.cycle .band { fill: #eef6ee; }
g.row.forked .band { fill: #f4eefc; }
g.row.violating .band { fill: #ffd6d6; }
g.row.current .band { fill: #fff3b0; stroke: #d4a000; }
#verdicts td { padding: 2px 8px; }
tr.bad .verdict { color: #b00020; font-weight: 700; }
tr.ok .verdict { color: #116329; }
#enabled { display: flex; flex-wrap: wrap; gap: 4px; }
button.action { font: 12px ui-monospace, monospace; }
button.action.taken { background: #fff3b0; }
#state { font: 12px ui-monospace, monospace; max-height: 40vh; overflow: auto; border: 1px solid #eee; padding: 4px; }
#state .changed { background: #fff3b0; }
#state .removed { background: #ffe0e0; }
.path { color: #555; }
`;

export interface PageParts {
  /** The page title, as plain text. */
  title: string;
  /** Embedded as JSON in `<script id="trace" type="application/json">`. */
  data: unknown;
  /** The page's script, as JavaScript source. */
  script: string;
  style?: string;
}

const PLACEHOLDER = /%(TITLE|STYLE|TRACE|SCRIPT)%/;

/**
 * The page, filled in one pass over the template: each placeholder is
 * replaced by its part, and no part is searched again, so whatever a part
 * holds (a placeholder's name, `$&`) stays as it is.
 */
export function fillTemplate(parts: PageParts): string {
  const values: Record<string, string> = {
    TITLE: escapeHtml(parts.title),
    STYLE: parts.style ?? STYLE,
    TRACE: scriptJson(parts.data),
    SCRIPT: scriptSource(parts.script),
  };
  // split with a capturing group: the odd entries are the placeholder names.
  return TEMPLATE.split(PLACEHOLDER)
    .map((piece, i) => (i % 2 === 1 ? values[piece] : piece))
    .join('');
}

/**
 * JSON that is safe inside `<script>`: every '<' (so neither "</script" nor
 * "<!--" can appear), '>' and '&' as escapes, and U+2028/U+2029, which end a
 * line in older JavaScript. JSON.parse reads the escapes back as the same text.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Script source that cannot end its `<script>` element early. */
export function scriptSource(js: string): string {
  return js.replace(/<\/(script)/gi, (_m, word: string) => `<\\/${word}`);
}

/** Text for an element's content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
