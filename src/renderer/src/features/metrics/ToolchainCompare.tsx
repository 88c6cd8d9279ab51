import { useState } from 'react';
import { comparisonOutcome } from '../../../../shared/words/comparisonOutcome';
import type { MetricsOverview } from '../../../../shared/contract';
import { formatDuration } from '../../../../shared/format';
import type { SessionView, ToolchainCheck, ToolchainComparison } from '../../../../shared/model';
import { useApp } from '../../app/store';
import { useCompareToolchains } from './queries';

/** Old against new: one cargo command under two toolchains, side by side. */
export function ToolchainCompare({ view, metrics }: { view: SessionView; metrics: MetricsOverview }): React.JSX.Element {
  const terminalId = useApp((s) => s.terminalId);
  const compareToolchains = useCompareToolchains(view.session.id);
  const comparing = compareToolchains.isPending;
  const installed = metrics.toolchains;
  const pick = (param: string | undefined, fallback: string | undefined, otherwise: string): string =>
    param && installed.includes(param) ? param : (fallback ?? otherwise);
  const [oldToolchain, setOld] = useState(() => pick(view.session.params.from_rust, installed[0], 'stable'));
  const [newToolchain, setNew] = useState(() => pick(view.session.params.to_rust, installed.at(-1), 'nightly'));
  const [args, setArgs] = useState('check');
  const latest = metrics.comparisons.at(-1) ?? null;
  const busy = comparing || metrics.running !== null;

  return (
    <section className="card compare" aria-label="Old against new">
      <h3>Old against new</h3>
      <form
        className="row wrap"
        onSubmit={(e) => {
          e.preventDefault();
          compareToolchains.mutate({ old: oldToolchain.trim(), new: newToolchain.trim(), args: args.trim() });
        }}
      >
        <code className="muted">cargo +</code>
        <input aria-label="Old toolchain" list="installed-toolchains" value={oldToolchain} onChange={(e) => setOld(e.target.value)} className="narrow" />
        <span className="muted">against</span>
        <code className="muted">cargo +</code>
        <input aria-label="New toolchain" list="installed-toolchains" value={newToolchain} onChange={(e) => setNew(e.target.value)} className="narrow" />
        <input aria-label="Cargo arguments" value={args} onChange={(e) => setArgs(e.target.value)} className="narrow" />
        <datalist id="installed-toolchains">
          {installed.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
        <button type="submit" disabled={busy || !terminalId}>
          {comparing ? 'Comparing…' : 'Compare'}
        </button>
      </form>
      {latest ? (
        <ComparisonView comparison={latest} />
      ) : (
        <p className="muted small">
          Runs the same cargo command under both toolchains in the terminal, and shows the problems only one of them
          reports: the old and the new Rust tested side by side.
        </p>
      )}
    </section>
  );
}

function ComparisonView({ comparison }: { comparison: ToolchainComparison }): React.JSX.Element {
  return (
    <div data-comparison={comparison.id}>
      <p className="small muted">
        <code>cargo {comparison.args}</code>: <strong data-outcome>{comparisonOutcome(comparison.old, comparison.new)}</strong> {comparison.common} problem
        {comparison.common === 1 ? '' : 's'} in both.
      </p>
      <div className="side-by-side">
        <Side check={comparison.old} name="old" />
        <Side check={comparison.new} name="new" />
      </div>
    </div>
  );
}

function Side({ check, name }: { check: ToolchainCheck; name: 'old' | 'new' }): React.JSX.Element {
  const passed = check.exitCode === 0;
  return (
    <article className="side" data-side={name}>
      <header>
        <strong>{check.toolchain}</strong> <span className={`badge ${passed ? 'status-passed' : 'status-failed'}`}>{check.exitCode === null ? 'no exit code' : `exit ${check.exitCode}`}</span>
      </header>
      <div className="muted small">{check.version ?? 'this toolchain did not answer rustc -V'}</div>
      <div className="small">
        {check.errors} error{check.errors === 1 ? '' : 's'}, {check.warnings} warning{check.warnings === 1 ? '' : 's'}
        {check.durationMs !== null && ` · ${formatDuration(check.durationMs)}`}
      </div>
      <h4>Only here ({check.only.length})</h4>
      {check.only.length === 0 ? (
        <p className="muted small">Nothing the other toolchain did not report.</p>
      ) : (
        <ul className="only-list">
          {check.only.map((d) => (
            <li key={d.fingerprint} className="small">
              <span className={`sev sev-${d.severity}`}>{d.severity}</span> {d.code && <code className="issue-code">{d.code}</code>} {d.message}
              {d.file && <span className="muted"> · {d.file}{d.line !== null ? `:${d.line}` : ''}</span>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
