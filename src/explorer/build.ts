/**
 * `lockstep explore`: one self-contained HTML file per trace. The page
 * embeds the trace and the protocol's model, bundled here with esbuild from
 * the same definition module the checker loaded, so it runs the same
 * transition function as the checker. No server, no network: it opens from
 * disk or from a CI artifact.
 */
import { builtinModules, createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProtocolDefinition } from '../protocol/definition.ts';
import type { AnyTrace } from '../protocol/traces.ts';
import { UsageError } from '../errors.ts';
import { fillTemplate } from './template.ts';

const bundled = new Map<string, string>();
const NODE_ONLY = builtinModules.filter((m) => !m.startsWith('_'));
/** page.ts here, page.js in the published package. */
const PAGE = fileURLToPath(new URL(`./page${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));

/** The explorer's script for a protocol: page.ts, the definition module and everything they import, for the browser. */
export function explorerScript(def: ProtocolDefinition): string {
  if (!def.module) throw new UsageError(`protocol ${def.name}: no module to bundle the explorer from (load it with --protocol)`);
  let script = bundled.get(def.module);
  if (script === undefined) {
    const entry = `import def from ${JSON.stringify(fileURLToPath(def.module))};\nimport { startExplorer } from ${JSON.stringify(PAGE)};\nstartExplorer(def);\n`;
    let result;
    try {
      // esbuild loads only when a page is made: the command line starts faster without it.
      const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
      result = buildSync({
        stdin: { contents: entry, resolveDir: dirname(PAGE), sourcefile: 'lockstep-explorer-entry.ts', loader: 'ts' },
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2020',
        minify: true,
        write: false,
        define: { 'process.env.NODE_ENV': '"production"' },
        // A protocol module that imports lockstep's API reaches its Node-only parts (files, threads, esbuild itself)
        // through modules the page never calls: lockstep declares itself free of side effects, so they are dropped.
        external: [...NODE_ONLY, ...NODE_ONLY.map((m) => `node:${m}`), 'esbuild', 'tsx', 'tsx/*'],
        logLevel: 'silent',
      });
    } catch (e) {
      const first = (e as { errors?: { text: string; location?: { file: string } | null }[] }).errors?.[0];
      throw new UsageError(`cannot bundle the explorer page for protocol ${def.name}: ${first ? `${first.location?.file ?? ''}: ${first.text}` : String(e).split('\n')[0]}`);
    }
    script = result.outputFiles[0].text;
    if (/\brequire\(["'](node:)?[a-z_/]+["']\)/.test(script)) {
      throw new UsageError(`cannot bundle the explorer page for protocol ${def.name}: it uses a Node module at run time, which a browser does not have`);
    }
    bundled.set(def.module, script);
  }
  return script;
}

export function explorerHtml(def: ProtocolDefinition, trace: AnyTrace): string {
  const embedded = {
    protocol: def.name,
    title: trace.title ?? `${trace.property}: ${trace.expect}`,
    config: trace.config,
    property: trace.property,
    expect: trace.expect,
    actions: trace.actions,
    cycle: trace.cycle ?? [],
  };
  return fillTemplate({ title: embedded.title, data: embedded, script: explorerScript(def) });
}
