import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { GuideFormat, GuideOptions } from '../../../../shared/guide';
import type { SessionView } from '../../../../shared/model';
import { engine } from '../../engine/client';
import { sessionKeys } from '../../engine/queryKeys';
import { useOpenIssueCounts } from '../issues/queries';

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
 * the session changes: a run starts or ends, an issue, an edit, a snapshot.
 */
export function useGuidePreview(view: SessionView, format: GuideFormat, options: GuideOptions): GuidePreview {
  const [preview, setPreview] = useState<GuidePreview>({ text: null, truncated: false, error: null, renderedAt: null, rendering: true });
  const latest = useRef(0);
  const sessionId = view.session.id;
  const { edits, snapshots, steps } = view;
  // Runs and issues are not in the view: their counts, asked again on every run or issue event, tell when they changed.
  const runsAt = useQuery({
    queryKey: [...sessionKeys.runs(sessionId), 'count'],
    queryFn: () => engine().client.request('runs.page', { sessionId, offset: 0, limit: 1 }),
  }).dataUpdatedAt;
  const issuesAt = useOpenIssueCounts(sessionId).updatedAt;

  useEffect(() => {
    const ticket = ++latest.current;
    setPreview((p) => ({ ...p, rendering: true }));
    const timer = setTimeout(() => {
      engine()
        .client.request('guide.export', { sessionId, format, options, maxChars: PREVIEW_CHARS })
        .then((r) => {
          // An answer to an older request must not replace a newer one.
          if (ticket === latest.current) setPreview({ text: r.text, truncated: r.truncated, error: null, renderedAt: new Date(), rendering: false });
        })
        .catch((e: Error) => {
          if (ticket === latest.current) setPreview((p) => ({ ...p, error: e.message, rendering: false }));
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [sessionId, format, options, runsAt, issuesAt, edits, snapshots, steps]);

  return preview;
}
