/** `lockstep review`: the design-review checklist, generated from the matrix. */
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { makeConfig } from '../../../spec/config.ts';
import { appendToFile } from '../../files.ts';
import { writeFileAtomic } from '../../trace/file.ts';
import { matrixTraces, runMatrix } from '../matrix.ts';
import { progressTo } from '../progress.ts';
import { buildReview, reviewMarkdown } from '../review.ts';
import { writeTraces } from '../traces.ts';
import { boundOptions, printJson, workersOption, type BoundFlags } from '../usage.ts';

interface ReviewFlags extends BoundFlags {
  out?: string;
  traces?: string;
  json?: boolean;
  quiet?: boolean;
  workers: number;
}

export function registerReview(program: Command): void {
  workersOption(boundOptions(program.command('review'), false))
    .description('run the matrix and write the design-review checklist (Markdown): exit 0 when every item is ticked, 1 otherwise')
    .option('--out <file>', 'write the checklist here instead of printing it')
    .option('--traces <dir>', "where the checklist's trace files go (default: 'review-traces' beside --out, or in the current folder)")
    .option('--json', 'print the checklist as JSON')
    .option('-q, --quiet', 'no progress on stderr')
    .action((flags: ReviewFlags) => {
      const bounds = makeConfig(flags);
      const outDir = flags.out ? dirname(resolve(flags.out)) : process.cwd();
      const traceDir = flags.traces ?? (flags.out ? `${dirname(flags.out)}/review-traces` : 'review-traces');
      const rows = runMatrix(bounds, (design) => ({ ...progressTo(`review ${design}`, flags.quiet), workers: flags.workers }));
      if (flags.quiet !== true && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      const traces = matrixTraces(rows, traceDir);
      writeTraces(traceDir, traces, flags.traces ? '--traces' : 'the trace folder');
      const review = buildReview(rows, traces, resolve(traceDir));
      const command = `lockstep review --requests ${bounds.requests} --crashes ${bounds.crashes} --cuts ${bounds.cuts}${flags.workers === 1 ? ' --workers 1' : ''}${flags.out ? ` --out ${flags.out}` : ''}${flags.traces ? ` --traces ${flags.traces}` : ''}`;
      const markdown = reviewMarkdown(review, traces, outDir, command);
      if (flags.out) writeFileAtomic(flags.out, markdown);
      if (flags.json) printJson(review);
      else if (!flags.out) process.stdout.write(markdown);
      const summary = process.env.GITHUB_STEP_SUMMARY;
      if (summary) appendToFile(summary, markdown, `GITHUB_STEP_SUMMARY=${summary}`);
      process.exitCode = review.ok ? 0 : 1;
    });
}
