/**
 * A turn of the event loop for the async searches: `setImmediate` runs after
 * the loop has polled for I/O, which is when Node delivers a signal to its
 * handlers. A resolved promise would not do: it runs before the poll.
 */
export function turnOfTheLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
