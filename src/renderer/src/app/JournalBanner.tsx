// Shown on every page while the engine cannot write its journal (a full disk,
// a read-only or failing one): what failed, what to do, and that Stepwise
// resumes by itself. It goes once the engine says the journal can be written.
import { formatTimestamp } from '../../../shared/format';
import { useJournalProblem } from './queries';

export function JournalBanner(): React.JSX.Element | null {
  const problem = useJournalProblem();
  if (!problem) return null;
  return (
    <div className="banner banner-error" role="alert" aria-label="The journal cannot be written">
      <strong>{problem.headline}</strong> {problem.detail} <span className="banner-since">Since {formatTimestamp(problem.since)}.</span>
    </div>
  );
}
