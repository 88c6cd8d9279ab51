import type { SessionView } from '../../../shared/model';
import { useApp } from './store';
import { IssuesPanel } from '../features/issues/IssuesPanel';
import { JournalPanel } from '../features/journal/JournalPanel';
import { useOpenIssueCounts } from '../features/issues/queries';
import { Icon } from '../ui/icons';

export function SidePanel({ view }: { view: SessionView }): React.JSX.Element {
  const panel = useApp((s) => s.panel);
  const setPanel = useApp((s) => s.setPanel);
  const collapsePanel = useApp((s) => s.collapsePanel);
  const openIssues = useOpenIssueCounts(view.session.id).total;
  return (
    <aside id="side-panel" className="sidepanel">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={panel === 'journal'} onClick={() => setPanel('journal')}>
          Journal <span className="count">{view.runCount}</span>
        </button>
        <button type="button" role="tab" aria-selected={panel === 'issues'} onClick={() => setPanel('issues')}>
          Issues <span className="count">{openIssues}</span>
        </button>
        <button type="button" className="ghost icon-button fold" aria-label="Fold the journal and issues" title="Fold the journal and issues" onClick={() => collapsePanel(true)}>
          <Icon name="expandRight" label={null} />
        </button>
      </div>
      <div className="tab-body" role="tabpanel">
        {panel === 'journal' ? <JournalPanel view={view} /> : <IssuesPanel view={view} />}
      </div>
    </aside>
  );
}
