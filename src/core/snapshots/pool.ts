/**
 * Runs `fn` over `items`, `limit` at a time. After the first failure no new
 * item starts, and the failure is thrown only once every started item has
 * ended: a caller that cleans up after an error never races a write still
 * in flight.
 */
export async function runPool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const failed: { error?: unknown; yes: boolean } = { yes: false };
  const worker = async (): Promise<void> => {
    while (!failed.yes && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        if (!failed.yes) Object.assign(failed, { yes: true, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed.yes) throw failed.error;
}
