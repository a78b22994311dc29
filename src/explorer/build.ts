/**
 * `lockstep explore`: one self-contained HTML file per trace. The page
 * embeds the trace and the model's reducer, bundled here with esbuild from
 * spec/ and properties/, so it runs the same transition function as the
 * checker. No server, no network: it opens from disk or from a CI artifact.
 */
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import type { ProtocolTrace } from '../cli/traces.ts';
import { STYLE, TEMPLATE } from './template.ts';

let bundled: string | undefined;

/** The explorer's script: page.ts and everything it imports, for the browser. */
export function explorerScript(): string {
  if (bundled === undefined) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      write: false,
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    bundled = result.outputFiles[0].text;
  }
  return bundled;
}

export function explorerHtml(trace: ProtocolTrace): string {
  const embedded = {
    title: trace.title ?? `${trace.property}: ${trace.expect}`,
    config: trace.config,
    property: trace.property,
    expect: trace.expect,
    actions: trace.actions,
    cycle: trace.cycle ?? [],
  };
  // Inside <script>, "</script" and "<!--" must not appear: escape every '<'.
  const json = JSON.stringify(embedded).replace(/</g, '\\u003c');
  const script = explorerScript().replace(/<\/script/gi, '<\\/script');
  return TEMPLATE.replace('%TITLE%', escapeHtml(embedded.title))
    .replace('%STYLE%', STYLE)
    .replace('%TRACE%', () => json)
    .replace('%SCRIPT%', () => script);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
