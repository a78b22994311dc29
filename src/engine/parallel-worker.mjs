// Worker threads run TypeScript through tsx, however the coordinator was started.
import { register } from 'tsx/esm/api';

register();
await import('./parallel-worker.ts');
