import { execFileSync } from 'node:child_process';

/** Makes `dir` a git repository with everything in it committed, as a user's project would be. */
export function commitAll(dir: string, message = 'initial'): void {
  const git = (...args: string[]): void => {
    execFileSync('git', ['-C', dir, ...args], {
      stdio: 'ignore',
      env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
    });
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', message);
}
