/**
 * Runs `fn` over `items`, at most `limit` at a time, with results in the
 * items' order. After the first failure no new item starts, and that failure
 * is thrown only once every started item has ended: a caller that cleans up
 * after an error never races a write still in flight.
 */
export async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const failure: { error?: unknown; failed: boolean } = { failed: false };
  const worker = async (): Promise<void> => {
    while (!failure.failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index]!, index);
      } catch (error) {
        if (!failure.failed) Object.assign(failure, { failed: true, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure.failed) throw failure.error;
  return results;
}
