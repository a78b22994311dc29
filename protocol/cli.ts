#!/usr/bin/env node
/**
 * The lockstep command line with the built-in protocol as its default: the
 * entry point names the module, so nothing in src/ imports a protocol.
 */
import { main } from '../src/cli/program.ts';
import { setDefaultProtocol } from '../src/protocol/load.ts';
import { installTempCleanup } from '../src/files.ts';

// A reader that stops early (`lockstep matrix | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// A temporary file being written when the process is stopped is removed on the way out.
installTempCleanup();
setDefaultProtocol(new URL(`./index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
