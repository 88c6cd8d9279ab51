import type { SessionView } from '../../../shared/model';
import { useApp } from './store';
import { IssuesPanel } from '../features/issues/IssuesPanel';
import { JournalPanel } from '../features/journal/JournalPanel';
import { useOpenIssueCounts } from '../features/issues/queries';

export function SidePanel({ view }: { view: SessionView }): React.JSX.Element {
  const panel = useApp((s) => s.panel);
  const setPanel = useApp((s) => s.setPanel);
  const openIssues = useOpenIssueCounts(view.session.id).total;
  return (
    <aside className="sidepanel">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={panel === 'journal'} onClick={() => setPanel('journal')}>
          Journal <span className="count">{view.runCount}</span>
        </button>
        <button type="button" role="tab" aria-selected={panel === 'issues'} onClick={() => setPanel('issues')}>
          Issues <span className="count">{openIssues}</span>
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        {panel === 'journal' ? <JournalPanel view={view} /> : <IssuesPanel view={view} />}
      </div>
    </aside>
  );
}
