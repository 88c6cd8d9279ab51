// The items a virtualised list has on screen, fetched a page at a time and
// cached by page: `part` names a sequence (a group of issues; '' for a plain
// list) and each page of it is one query under `queryKey`.
import { useQueries } from '@tanstack/react-query';

export type PageFetcher<T> = (part: string, offset: number, limit: number) => Promise<T[]>;

export interface ItemRef {
  part: string;
  index: number;
}

/** Returns the item at (part, index) when its page has come, else undefined. */
export function usePagedItems<T>(
  queryKey: readonly unknown[],
  pageSize: number,
  shown: readonly ItemRef[],
  fetchPage: PageFetcher<T>,
): (ref: ItemRef) => T | undefined {
  const pageKey = (part: string, page: number): string => `${page}\u0000${part}`;
  const wanted = new Map<string, { part: string; page: number }>();
  for (const { part, index } of shown) {
    const page = Math.floor(index / pageSize);
    wanted.set(pageKey(part, page), { part, page });
  }
  const pages = [...wanted.values()];
  const results = useQueries({
    queries: pages.map(({ part, page }) => ({
      queryKey: [...queryKey, part, page],
      queryFn: () => fetchPage(part, page * pageSize, pageSize),
    })),
  });
  const loaded = new Map(pages.map(({ part, page }, i) => [pageKey(part, page), results[i]?.data]));
  return ({ part, index }) => loaded.get(pageKey(part, Math.floor(index / pageSize)))?.[index % pageSize];
}
