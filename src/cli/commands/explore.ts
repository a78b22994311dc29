/** `lockstep explore FILE`: the trace as one interactive HTML page. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { explorerHtml } from '../../explorer/build.ts';
import { writeFileAtomic } from '../../trace/file.ts';
import { replayForDrawing } from './replay.ts';

export function registerExplore(program: Command): void {
  program
    .command('explore')
    .description('write a trace as one self-contained, interactive HTML page (step, inspect, fork, export)')
    .argument('<file>', 'trace file')
    .option('--out <file>', 'the page to write (default: the trace file name with .html, here)')
    .action((file: string, flags: { out?: string }) => {
      const loaded = replayForDrawing(file);
      if (!loaded) return;
      const out = flags.out ?? `${basename(file).replace(/\.json$/i, '')}.html`;
      writeFileAtomic(out, explorerHtml(loaded.trace));
      process.stderr.write(`wrote ${out}\n`);
    });
}
