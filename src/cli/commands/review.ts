/** `lockstep review`: the design-review checklist, generated from the matrix. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProtocolDefinition } from '../../protocol/definition.ts';
import { matrixTraces, runMatrix } from '../../protocol/matrix.ts';
import { buildReview } from '../../protocol/review.ts';
import { reviewMarkdown } from '../../protocol/review-markdown.ts';
import { writeTraces } from '../../protocol/traces.ts';
import { appendToFile } from '../../files.ts';
import { writeFileAtomic } from '../../trace/file.ts';
import { progressTo } from '../progress.ts';
import { boundsFlags } from '../../protocol/config.ts';
import { protocolFlag } from '../../protocol/load.ts';
import { boundOptions, boundsFrom, printJson, workersOption, type BoundFlags } from '../usage.ts';

interface ReviewFlags extends BoundFlags {
  out?: string;
  traces?: string;
  json?: boolean;
  quiet?: boolean;
  workers: number;
}

export function registerReview(program: Command, def: ProtocolDefinition): void {
  workersOption(boundOptions(program.command('review'), def, false))
    .description('run the matrix and write the design-review checklist (Markdown): exit 0 when every item is ticked, 1 otherwise')
    .option('--out <file>', 'write the checklist here instead of printing it')
    .option('--traces <dir>', "where the checklist's trace files go (default: 'review-traces' beside --out, or in the current folder)")
    .option('--json', 'print the checklist as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action((flags: ReviewFlags) => {
      const bounds = boundsFrom(def, flags);
      const outDir = flags.out ? dirname(resolve(flags.out)) : process.cwd();
      const traceDir = flags.traces ?? (flags.out ? `${dirname(flags.out)}/review-traces` : 'review-traces');
      const rows = runMatrix(def, bounds, (design) => ({ ...progressTo(`review ${design}`, flags.quiet), workers: flags.workers }));
      if (flags.quiet !== true && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const traces = matrixTraces(def, rows, traceDir);
      writeTraces(def, traceDir, traces, flags.traces ? '--traces' : 'the trace folder');
      const review = buildReview(def, rows, traces, resolve(traceDir));
      const options = `${flags.workers === 1 ? ' --workers 1' : ''}${flags.out ? ` --out ${flags.out}` : ''}${flags.traces ? ` --traces ${flags.traces}` : ''}`;
      const command = `lockstep review ${protocolFlag(def)}${boundsFlags(def, rows[0].config)}${options}`;
      const markdown = reviewMarkdown(def, review, traces, outDir, command);
      if (flags.out) writeFileAtomic(flags.out, markdown);
      if (flags.json) printJson(review);
      else if (!flags.out) process.stdout.write(markdown);
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) appendToFile(summary, markdown, `GITHUB_STEP_SUMMARY=${summary}`);
      process.exitCode = review.ok ? 0 : 1;
    });
}
