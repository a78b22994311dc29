// Worker threads run TypeScript through tsx when no bundle could be made
// (see workerScript in parallel.ts): this entry registers it, then starts.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const here = new URL('./parallel-worker.ts', import.meta.url);
const { startWorker } = await import(existsSync(here) ? here.href : './parallel-worker.js');
let build;
try {
  const source = await import(workerData.source.module);
  const adapter = workerData.source.adapter ? await import(workerData.source.adapter) : null;
  build = adapter ? adapter.adapt(source) : source.build;
} catch (e) {
  // The coordinator reports it as the search's error.
  build = () => {
    throw e;
  };
}
startWorker(build);
