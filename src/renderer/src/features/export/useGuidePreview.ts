import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { RequestParams } from '../../../../shared/contract';
import type { GuideFormat, GuideOptions } from '../../../../shared/guide';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';
import { useDebounced } from '../../ui/useDebounced';

/** A preview stops reading the journal here; the saved file is always whole. */
export const PREVIEW_CHARS = 400_000;
/** Runs, issues and snapshots arrive in bursts: render once they settle. */
const DEBOUNCE_MS = 400;

export interface GuidePreview {
  text: string | null;
  truncated: boolean;
  error: string | null;
  /** When the preview was last drawn from the journal. */
  renderedAt: Date | null;
  rendering: boolean;
}

/**
 * The guide as the engine renders it now, drawn again (debounced) whenever
 * the session changes: `revision` is when its cached view last changed (a run
 * starts or ends, an issue, an edit, a snapshot).
 */
export function useGuidePreview(sessionId: number, revision: number, format: GuideFormat, options: GuideOptions): GuidePreview {
  const wanted = JSON.stringify([format, options, revision]);
  const settled = useDebounced(wanted, DEBOUNCE_MS);
  const [settledFormat, settledOptions] = JSON.parse(settled) as [GuideFormat, GuideOptions, number];
  const query = useQuery({
    queryKey: [...sessionKeys.guidePreview(sessionId, settledFormat, settledOptions), settled],
    queryFn: () => engine().client.request('guide.export', { sessionId, format: settledFormat, options: settledOptions, maxChars: PREVIEW_CHARS }),
    // The text shown stays until the next one comes; a closed dialog keeps none (a preview can be large).
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
  // The previous text stays while the session moves on, never under another format's name (Markdown shown as HTML, a guide as the plan).
  const shown = query.data?.format === format ? query.data : undefined;
  return {
    text: shown?.text ?? null,
    truncated: shown?.truncated ?? false,
    error: query.error?.message ?? null,
    renderedAt: shown && !query.isPlaceholderData ? new Date(query.dataUpdatedAt) : null,
    rendering: wanted !== settled || query.isFetching,
  };
}

/** Saves the whole guide to a file, or returns it whole (Download). */
export function useExportGuide(sessionId: number) {
  return useMutation({
    mutationFn: (params: Omit<RequestParams<'guide.export'>, 'sessionId'>) => engine().client.request('guide.export', { sessionId, ...params }),
  }).mutateAsync;
}
