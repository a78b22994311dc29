/**
 * Loading a protocol definition from a module: `--protocol ./my-protocol.ts`
 * (TypeScript loads without a build step, through tsx, as vitest loads test
 * files) or a `.js` module; its default export must be a definition. The
 * command line's default protocol is loaded the same way, from the module
 * its entry point names, so nothing in src/ imports a protocol.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from '../errors.ts';
import { definitionProblems, type ProtocolDefinition } from './definition.ts';

/**
 * The command line's default: the built-in protocol that ships beside src/
 * (a path, not an import), unless the entry point names another.
 */
let defaultModule: string = new URL(`../../protocol/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

/** The entry point says which module the command line uses without `--protocol`. */
export function setDefaultProtocol(moduleUrl: string): void {
  defaultModule = moduleUrl;
}

export function isDefaultProtocol(def: ProtocolDefinition): boolean {
  return def.module !== undefined && def.module === defaultModule;
}

/** `--protocol PATH ` for a protocol other than the default, as a command to copy would give it. */
export function protocolFlag(def: ProtocolDefinition): string {
  if (isDefaultProtocol(def)) return '';
  // Defined in a script rather than a module of its own: the command needs one.
  if (!def.module) return '--protocol <the module that exports it> ';
  const path = relative(process.cwd(), fileURLToPath(def.module)) || fileURLToPath(def.module);
  return `--protocol ${path.startsWith('.') || path.startsWith('/') ? path : `./${path}`} `;
}

/** The definition a module exports by default; `path` as the user gave it (or the default protocol's). */
export async function loadProtocol(path?: string): Promise<ProtocolDefinition> {
  let url: string;
  if (path === undefined) {
    url = defaultModule;
  } else {
    const file = resolve(path);
    if (path.trim() === '' || !existsSync(file)) throw new UsageError(`--protocol ${path}: no such file`);
    if (!statSync(file).isFile()) throw new UsageError(`--protocol ${path}: not a file`);
    if (!/\.(m|c)?(t|j)s$/.test(file)) throw new UsageError(`--protocol ${path}: expected a .ts or .js module`);
    url = pathToFileURL(file).href;
  }
  let namespace: { default?: unknown };
  try {
    namespace = await importModule(url);
  } catch (e) {
    const first = String((e as Error)?.message ?? e).split('\n')[0];
    throw new UsageError(`--protocol ${path ?? url}: cannot load the module (${first})`);
  }
  let def = namespace.default as ProtocolDefinition | undefined;
  // A TypeScript module in a CommonJS project comes back wrapped once more.
  const inner = (def as { default?: unknown } | undefined)?.default;
  if (def && typeof def.model !== 'function' && inner && typeof inner === 'object') def = inner as ProtocolDefinition;
  if (!def || typeof def !== 'object' || typeof def.model !== 'function' || !Array.isArray(def.bounds)) {
    throw new UsageError(`--protocol ${path ?? url}: its default export is not a protocol definition (see defineProtocol)`);
  }
  const problems = definitionProblems(def);
  if (problems.length > 0) throw new UsageError(`--protocol ${path ?? url}: ${problems[0]}`);
  return def.module ? def : { ...def, module: url };
}

/** A TypeScript module goes through tsx's loader; JavaScript is imported as it is. */
export async function importModule(url: string): Promise<{ default?: unknown }> {
  // Running from TypeScript sources means a loader is in place already; compiled, tsx loads the module.
  if (/\.(m|c)?ts$/.test(url) && !import.meta.url.endsWith('.ts')) {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(url, import.meta.url)) as { default?: unknown };
  }
  return (await import(url)) as { default?: unknown };
}
