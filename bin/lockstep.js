#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx, so that
// `npx lockstep …` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
