import { autofix } from '../../issues/autofix';
import type { EngineContext } from '../context';
import type { RequestHandlers } from './index';

type IssueHandlers = Pick<RequestHandlers, 'issue.annotate' | 'issue.wontfix' | 'issue.openInEditor' | 'issue.autofix'>;

export function issueHandlers(context: EngineContext): IssueHandlers {
  const { issues } = context;
  return {
    'issue.annotate': ({ issueId, note }) => issues.annotate(issueId, note),
    'issue.wontfix': ({ issueId, reason }) => issues.wontfix(issueId, reason),
    'issue.openInEditor': ({ issueId, terminalId }) => issues.openInEditor(issueId, terminalId),
    'issue.autofix': ({ issueId, terminalId }) => autofix(context, issueId, terminalId),
  };
}
