/** The outcome of waiting a bounded time: settled with the value, or not settled in time. */
export type Within<T> = { settled: true; value: T } | { settled: false };

/**
 * Wait for `work` at most `ms`. A rejection of `work` in time is thrown; a late outcome is dropped
 * (its rejection swallowed) and the timer is always cleared.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), ms);
  });
  try {
    return await Promise.race([work.then((value): Within<T> => ({ settled: true, value })), timeout]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
