/** Bad usage or bad input: shown to the user as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
