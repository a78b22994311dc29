/** For conform.test.ts: starts the implementation's four processes, prints their PIDs, and waits to be interrupted. */
import { FtAdapter } from '../../conform/ft-adapter.ts';
import { makeConfig } from '../../spec/config.ts';

const adapter = await FtAdapter.create({ config: makeConfig({}) });
await adapter.start();
process.stdout.write(`pids ${adapter.stats().pids.join(',')}\n`);
setInterval(() => {}, 1000);
