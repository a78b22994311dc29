#!/usr/bin/env node
/** Entry point: run the program on the process's arguments. */
import { main } from './program.ts';

// A reader that stops early (`lockstep matrix | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
