// Worker threads run TypeScript through tsx when no bundle could be made
// (see workerScript in parallel.ts): this entry registers it, then starts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { startWorker } = await import('./parallel-worker.ts');
const { build } = await import(workerData.source.module);
startWorker(build);
