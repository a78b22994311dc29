// Worker threads run TypeScript through tsx when no bundle could be made
// (see workerScript in parallel.ts): this entry registers it, then starts.
import { existsSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const here = new URL('./parallel-worker.ts', import.meta.url);
const { startWorker } = await import(existsSync(here) ? here.href : './parallel-worker.js');
const source = await import(workerData.source.module);
const adapter = workerData.source.adapter ? await import(workerData.source.adapter) : null;
startWorker(adapter ? adapter.adapt(source) : source.build);
