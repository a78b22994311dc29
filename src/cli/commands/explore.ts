/** `lockstep explore FILE`: the trace as one interactive HTML page. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { explorerHtml } from '../../explorer/build.ts';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { isLasso } from '../../engine/trace.ts';
import { writeFileAtomic } from '../../trace/file.ts';
import { describe, replayForDrawing } from './replay.ts';
import { UsageError } from '../usage.ts';

export function registerExplore(program: Command, def: ProtocolDefinition): void {
  program
    .command('explore')
    .description('write a trace as one self-contained, interactive HTML page (step, inspect, fork, export)')
    .argument('<file>', 'trace file')
    .option('--out <file>', 'the page to write (default: the trace file name with .html, here)')
    .action((file: string, flags: { out?: string }) => {
      const loaded = replayForDrawing(def, file);
      if (!loaded) return;
      const { trace, replayed } = loaded;
      // A lasso the replay does not accept (its cycle does not close, or is not fair) would be drawn as a run that loops forever.
      if (replayed.trace && isLasso(replayed.trace) && !replayed.ok) {
        throw new UsageError(`${file}: ${describe(def, replayed, false)}: not drawn as a run that loops forever`);
      }
      const out = flags.out ?? `${basename(file).replace(/\.json$/i, '')}.html`;
      writeFileAtomic(out, explorerHtml(def, trace));
      process.stderr.write(`wrote ${out}\n`);
    });
}
