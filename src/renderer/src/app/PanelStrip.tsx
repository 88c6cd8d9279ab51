import type { SessionView } from '../../../shared/model';
import { useOpenIssueCounts } from '../features/issues/queries';
import { Icon } from '../ui/icons';
import { useApp } from './store';
import type { BottomTab } from './store/sessionSlice';

/** The journal and issues panel folded to a strip: a button per tab, with its count, unfolds it there. */
export function PanelStrip({ view }: { view: SessionView }): React.JSX.Element {
  const setPanel = useApp((s) => s.setPanel);
  const collapsePanel = useApp((s) => s.collapsePanel);
  const openIssues = useOpenIssueCounts(view.session.id).total;
  const open = (tab: BottomTab): void => {
    setPanel(tab);
    collapsePanel(false);
  };
  return (
    <aside className="panel-strip" aria-label="Journal and issues (folded)">
      <button type="button" className="ghost icon-button" aria-label="Show the journal and issues" title="Show the journal and issues" onClick={() => collapsePanel(false)}>
        <Icon name="collapseLeft" label={null} />
      </button>
      <button type="button" className="ghost strip-tab" aria-label={`Journal, ${view.runCount} runs`} title="Journal" onClick={() => open('journal')}>
        <Icon name="journal" label={null} />
        <span className="count">{view.runCount}</span>
      </button>
      <button type="button" className="ghost strip-tab" aria-label={`Issues, ${openIssues} open`} title="Issues" onClick={() => open('issues')}>
        <Icon name="issues" label={null} />
        <span className="count">{openIssues}</span>
      </button>
    </aside>
  );
}
