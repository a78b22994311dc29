/**
 * Ctrl-C and SIGTERM during a long search: the first one stops the search,
 * which returns what it found so far, marked interrupted, and the command
 * prints it and exits 3 (incomplete); a second one ends the process at once.
 * Outside a search the signals take their default course.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export async function interruptible<T>(run: (signal: AbortSignal) => Promise<T>, quiet = false): Promise<T> {
  const controller = new AbortController();
  const handlers = SIGNALS.map((signal) => {
    const handler = () => {
      if (controller.signal.aborted) {
        // The second signal: no partial report wanted.
        process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      }
      if (!quiet) process.stderr.write(`\nlockstep: ${signal}: stopping; the report so far follows (again to quit at once)\n`);
      controller.abort();
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  try {
    return await run(controller.signal);
  } finally {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  }
}
