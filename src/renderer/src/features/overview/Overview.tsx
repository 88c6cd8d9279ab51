import { useState } from 'react';
import type { SessionView } from '../../../../shared/model';
import type { Finding } from '../../../../shared/preflight';
import type { Pin, ScanReport } from '../../../../shared/scan';
import { Markdown } from '../../ui/Markdown';
import { ParamsForm, type SetParams } from './ParamsForm';
import { PlanPicker } from './PlanPicker';
import { ToolchainFloorCard } from './ToolchainFloorCard';
import { TrustDialog } from './TrustDialog';
import { usePlans, usePreflight, useSetParams } from './queries';

/** The wizard's first page: can this upgrade work, with which parameters, on what the project pins today. */
export function Overview({ view }: { view: SessionView }): React.JSX.Element {
  const sessionId = view.session.id;
  const plans = usePlans();
  const preflight = usePreflight(sessionId);
  const { setParams, paramError, error: setParamsError } = useSetParams(sessionId);
  const overviewError = plans.error?.message ?? preflight.error?.message ?? setParamsError;
  const scan = preflight.data?.scan ?? null;
  const [picking, setPicking] = useState<{ file?: File } | null>(null);
  const [reviewing, setReviewing] = useState(false);

  return (
    <section
      className="overview"
      aria-label="Overview"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        const file = e.dataTransfer.files[0];
        if (file) setPicking({ file });
      }}
    >
      <h2>Before step one</h2>
      {overviewError && (
        <p className="error" role="alert">
          {overviewError}
        </p>
      )}
      <Findings findings={preflight.data?.findings ?? null} notes={preflight.data?.notes ?? []} setParams={setParams} />
      <ToolchainFloorCard floor={preflight.data?.floor ?? null} />
      <div className="overview-grid">
        <section className="card">
          <h3>Plan</h3>
          <p>
            <strong>{view.plan.title}</strong>
          </p>
          <p className="muted small">
            {view.session.planOrigin === 'builtin' ? 'Built in' : `From ${view.session.planOrigin}`} · {view.plan.phases.length} phases ·{' '}
            {stepCount(view)}
          </p>
          {!view.session.trusted && (
            <p className="warn-text">
              This plan comes from a file: nothing of it runs until you have reviewed it.{' '}
              <button type="button" onClick={() => setReviewing(true)}>
                Review commands…
              </button>
            </p>
          )}
          <button type="button" onClick={() => setPicking({})}>
            Change plan…
          </button>
        </section>
        {/* Keyed by the session: another session's or plan's draft starts again. */}
        <ParamsForm key={view.session.id} view={view} setParams={setParams} refused={paramError} />
      </div>
      <ScanSummary scan={scan} />
      {picking && <PlanPicker projectPath={view.project.path} initialFile={picking.file} onClose={() => setPicking(null)} />}
      {reviewing && <TrustDialog sessionId={view.session.id} plan={view.plan} origin={view.session.planOrigin} onClose={() => setReviewing(false)} />}
    </section>
  );
}

/** The steps, and how many of them apply when some do not: the step list counts only those ("0 / 25 steps done"). */
function stepCount(view: SessionView): string {
  const steps = view.plan.phases.flatMap((p) => p.steps);
  const applying = steps.filter((s) => s.applies !== false).length;
  return applying === steps.length ? `${steps.length} steps` : `${applying} of its ${steps.length} steps apply to this project`;
}


function Findings({ findings, notes, setParams }: { findings: Finding[] | null; notes: string[]; setParams: SetParams }): React.JSX.Element {
  if (findings === null) return <p className="muted">Checking whether the plan's target can work…</p>;
  return (
    <section className="findings" aria-label="Preflight">
      {findings.length === 0 && <p className="ok">Preflight: no known obstacle for these versions.</p>}
      {findings.map((f) => (
        <article key={f.id} className={`finding finding-${f.severity}`} data-finding={f.id}>
          <header>
            <span className="sev">{f.severity}</span> <Markdown text={f.message} inline />
          </header>
          {f.detail && (
            <div className="small finding-detail">
              <Markdown text={f.detail} />
            </div>
          )}
          {f.choices.length > 0 && (
            <div className="row">
              {f.choices.map((c) => (
                <button key={c.label} type="button" onClick={() => setParams(c.params)}>
                  {c.label}
                </button>
              ))}
            </div>
          )}
        </article>
      ))}
      {notes.map((n) => (
        <p key={n} className="muted small">
          {n}
        </p>
      ))}
    </section>
  );
}

function ScanSummary({ scan }: { scan: ScanReport | null }): React.JSX.Element {
  if (!scan) return <p className="muted">Scanning the project…</p>;
  const byFile = new Map<string, Pin[]>();
  for (const pin of scan.pins) byFile.set(pin.file, [...(byFile.get(pin.file) ?? []), pin]);
  const conflicting = new Set(scan.conflicts.flatMap((c) => c.values.flatMap((v) => v.pins.map(pinKey))));
  return (
    <section className="scan" aria-label="Project scan">
      <h3>
        Project scan <span className="muted small">{scan.pins.length} pins in {byFile.size} files · {scan.filesScanned} files read in {scan.durationMs} ms</span>
      </h3>
      {scan.conflicts.map((c) => (
        <p key={c.subject} className="conflict" role="note">
          ⚠ {c.message}
        </p>
      ))}
      {scan.pins.length === 0 && <p className="empty">No toolchain or dependency pins found in this folder.</p>}
      <table className="pins">
        <tbody>
          {[...byFile].map(([file, pins]) => (
            <PinRows key={file} file={file} pins={pins} conflicting={conflicting} />
          ))}
        </tbody>
      </table>
      {scan.toolchain && (
        <p className="muted small">
          Toolchain: {scan.toolchain.activeToolchain ?? 'no active toolchain'} · {scan.toolchain.rustc ?? 'rustc not found'}
          {scan.toolchain.problems.map((p) => ` · ${p}`)}
        </p>
      )}
    </section>
  );
}

const pinKey = (p: Pin): string => `${p.file}:${p.line}:${p.column}`;

function PinRows({ file, pins, conflicting }: { file: string; pins: Pin[]; conflicting: Set<string> }): React.JSX.Element {
  return (
    <>
      <tr className="pin-file">
        <th colSpan={4}>
          <code>{file}</code>
        </th>
      </tr>
      {pins.map((p) => (
        <tr key={pinKey(p)} className={conflicting.has(pinKey(p)) ? 'pin conflicting' : 'pin'}>
          <td className="muted small">
            {p.line}:{p.column}
          </td>
          <td className="small">{p.kind}{p.name ? ` (${p.name})` : ''}</td>
          <td>
            <code className="pin-value">{p.value}</code>
          </td>
          <td className="muted small pin-text">
            <code>{p.text}</code>
          </td>
        </tr>
      ))}
    </>
  );
}
