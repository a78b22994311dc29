#!/usr/bin/env node
// The published entry point. In the installed package it runs the compiled
// JavaScript in dist/ (no compiling on start-up); in a checkout of the
// repository, where the TypeScript sources stand beside it, it runs them
// through tsx, so that `npx lockstep …` works straight after `npm ci`.
import { existsSync } from 'node:fs';

const source = new URL('../protocol/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('../dist/protocol/cli.js');
}
