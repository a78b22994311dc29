/**
 * The file a search worker thread runs. Worker threads cannot run
 * TypeScript by themselves, and loading tsx in each of them costs half a
 * second, so the worker and the model's source are bundled into one
 * JavaScript file with esbuild. The bundle is kept in the OS temp folder
 * under its content hash, with a manifest of the sources it was made from
 * (path, size, modification time): while those are unchanged a later run
 * starts its threads without running esbuild at all.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../files.ts';
import type { ModelSource } from './parallel-layout.ts';

const scripts = new Map<string, URL>();
/** The name esbuild gives the generated entry (it is not a file). */
const ENTRY = 'lockstep-worker-entry.ts';

/** The bundle for this model source, or, with no esbuild (or LOCKSTEP_WORKER_TSX=1), an entry that loads the TypeScript through tsx. */
export function workerScript(source: ModelSource): URL {
  const tsxOnly = process.env.LOCKSTEP_WORKER_TSX === '1';
  const key = `${source.module}|${source.adapter ?? ''}|${tsxOnly}`;
  let url = scripts.get(key);
  if (!url) {
    url = (tsxOnly ? null : bundled(source)) ?? new URL('./parallel-worker.mjs', import.meta.url);
    scripts.set(key, url);
  }
  return url;
}

interface Manifest {
  bundle: string;
  /** Per source file: size and modification time when the bundle was made. */
  inputs: Record<string, [number, number]>;
}

/** The bundle, from the temp folder when its sources are unchanged, else made now (null: it cannot be made). */
export function bundled(source: ModelSource): URL | null {
  // parallel-worker.ts here, parallel-worker.js in the published package.
  const worker = fileURLToPath(new URL(`./parallel-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
  // The model's modules are imported dynamically (esbuild inlines them, evaluated on demand), so that one
  // that throws as it loads becomes the search's error, reported by the coordinator, not a thread that dies unseen.
  const load = source.adapter
    ? `const source = await import(${JSON.stringify(fileURLToPath(source.module))});\n  const { adapt } = await import(${JSON.stringify(fileURLToPath(source.adapter))});\n  build = adapt(source);`
    : `build = (await import(${JSON.stringify(fileURLToPath(source.module))})).build;`;
  const entry = `import { startWorker } from ${JSON.stringify(worker)};\nlet build;\ntry {\n  ${load}\n} catch (e) {\n  build = () => { throw e; };\n}\nstartWorker(build);\n`;
  const manifestPath = join(tmpdir(), `lockstep-worker-${hash(entry)}.json`);
  const cached = reuse(manifestPath);
  if (cached) return pathToFileURL(cached);
  try {
    const cwd = process.cwd();
    // esbuild loads only when a bundle must be made: most runs reuse the one in the temp folder.
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const result = buildSync({
      stdin: { contents: entry, resolveDir: dirname(worker), sourcefile: ENTRY, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      write: false,
      metafile: true,
      absWorkingDir: cwd,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0].text;
    const bundle = join(tmpdir(), `lockstep-worker-${hash(text)}.mjs`);
    if (!existsSync(bundle)) writeFileAtomic(bundle, text);
    remember(manifestPath, bundle, Object.keys(result.metafile.inputs).map((input) => resolve(cwd, input)));
    return pathToFileURL(bundle);
  } catch {
    // No esbuild, or a source it cannot bundle: the tsx entry works everywhere.
    return null;
  }
}

/** Writes the manifest; a bundle without one is still used, only made again next time. */
function remember(manifestPath: string, bundle: string, sources: string[]): void {
  try {
    const inputs: Manifest['inputs'] = {};
    for (const path of sources) {
      if (path.endsWith(ENTRY)) continue;
      const st = statSync(path);
      inputs[path] = [st.size, st.mtimeMs];
    }
    writeFileAtomic(manifestPath, JSON.stringify({ bundle, inputs } satisfies Manifest));
  } catch {
    // An unwritable temp folder: esbuild runs each time.
  }
}

/** The bundle a manifest names, if it exists and every source it was made from is unchanged. */
function reuse(manifestPath: string): string | null {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    for (const [path, [size, mtime]] of Object.entries(manifest.inputs)) {
      const st = statSync(path);
      if (st.size !== size || st.mtimeMs !== mtime) return null;
    }
    return existsSync(manifest.bundle) ? manifest.bundle : null;
  } catch {
    return null;
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
