/**
 * Progress on stderr for runs that take more than a second: one line a
 * second on a terminal (overwritten in place), one every ten seconds in a log.
 */
import type { ExploreOptions, Progress } from '../engine/explore.ts';
import { count, seconds } from '../report/format.ts';

export interface ProgressReporter extends ExploreOptions {
  /** Clears the progress line, if one is showing. */
  finish(): void;
}

export function progressTo(label: string, quiet = false): ProgressReporter {
  if (quiet) return { finish: () => {} };
  const tty = process.stderr.isTTY === true;
  let showing = false;
  return {
    progressInterval: tty ? 1000 : 10_000,
    onProgress: (p: Progress) => {
      const threads = p.threads && p.threads > 1 ? `, ${p.threads} threads` : '';
      const line = `${label}: ${count(p.states)} states (${count(p.statesPerSecond)}/s), ${count(p.transitions)} transitions, level ${p.depth}, queue ${count(p.queued)}${threads}, ${seconds(p.seconds)} s`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      showing = tty;
    },
    finish: () => {
      if (showing) process.stderr.write('\r\x1b[K');
      showing = false;
    },
  };
}
