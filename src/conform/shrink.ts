/**
 * Shrinking a failing schedule on the system under test, at the level of
 * actions: as few faults as possible first, then as few steps, each
 * candidate a subsequence of the best so far, run again on the system. The
 * engine's `minimizeRun` does the same on the model alone; this one is
 * asynchronous (every candidate is a real run) and capped, because each
 * attempt costs real processes and sockets.
 */
export async function shrinkActions<A>(
  actions: readonly A[],
  isFault: (a: A) => boolean,
  fails: (candidate: readonly A[]) => Promise<A[] | null>,
  maxAttempts = 400,
): Promise<{ actions: A[]; attempts: number }> {
  let best = (await fails(actions)) ?? [...actions];
  let attempts = 1;
  const faults = (xs: readonly A[]) => xs.filter(isFault).length;
  const better = (a: readonly A[], b: readonly A[]) => faults(a) < faults(b) || (faults(a) === faults(b) && a.length < b.length);
  const attempt = async (keep: (i: number) => boolean): Promise<boolean> => {
    if (attempts >= maxAttempts) return false;
    attempts++;
    const kept = await fails(best.filter((_, i) => keep(i)));
    if (kept && better(kept, best)) {
      best = kept;
      return true;
    }
    return false;
  };
  for (let changed = true; changed && attempts < maxAttempts; ) {
    changed = false;
    for (let i = best.length - 1; i >= 0; i--) {
      if (i < best.length && isFault(best[i]) && (await attempt((j) => j !== i))) changed = true;
    }
    for (let size = Math.max(1, best.length >> 1); size >= 1; size >>= 1) {
      for (let start = 0; start < best.length; ) {
        if (await attempt((j) => j < start || j >= start + size)) changed = true;
        else start += size;
      }
    }
  }
  return { actions: best, attempts };
}
