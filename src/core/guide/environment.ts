// Where the upgrade ran and on which toolchains, from what the journal kept:
// the operating system recorded when the session started, the toolchain
// state recorded with each snapshot (before a change) and after each step
// that moved it, and the toolchain each measurement ran under.
import type { MeasurementRecord, SnapshotRecord, ToolchainState, ToolchainStateRecord } from '../../shared/model';
import type { HostSystem } from '../platform/hostSystem';
import { shortToolchain } from '../toolchain/version';
import type { Environment, ToolchainSummary } from './model';

export interface EnvironmentRecords {
  snapshots: SnapshotRecord[];
  /** The toolchain just after each step that moved it, oldest first. */
  toolchainStates: ToolchainStateRecord[];
  measurements: MeasurementRecord[];
  /** A plan step's title, by its id. */
  stepTitle: (stepId: string) => string;
}

/** A toolchain state the journal kept, and what kept it. */
interface Recorded {
  source: string;
  at: string;
  state: ToolchainState;
}

export function environmentOf(system: HostSystem | null, records: EnvironmentRecords): Environment {
  const { measurements } = records;
  const snapshots = records.snapshots
    .filter((s) => s.toolchain?.active)
    .map((s): Recorded => ({ source: `snapshot #${s.id}`, at: s.createdAt, state: s.toolchain! }));
  const moved = records.toolchainStates.map((t): Recorded => ({ source: `after step "${records.stepTitle(t.stepId)}"`, at: t.recordedAt, state: t.state }));
  const first = snapshots[0];
  // Snapshots are taken before a change: after the last step that moved the toolchain is newer than the last snapshot, when it came later.
  const last = [snapshots.length > 1 ? snapshots.at(-1) : undefined, moved.at(-1)]
    .filter((r): r is Recorded => r !== undefined)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  const baseline = measurements.find((m) => m.kind === 'baseline') ?? measurements[0];
  const after = [...measurements].reverse().find((m) => m.kind === 'after') ?? (measurements.length > 1 ? measurements.at(-1) : undefined);
  const before = summary(first, baseline);
  const end = summary(last, after);
  const names = [first?.state.active, first?.state.defaultToolchain, last?.state.active];
  const host = names.map((n) => (n ? hostTriple(n) : null)).find((h) => h !== null) ?? null;
  return { system, host, os: host ? osOf(host) : null, before, after: end };
}

/** What rustup said at a point the journal recorded, and what a measurement's `rustc -V` said around then. */
function summary(recorded: Recorded | undefined, measurement: MeasurementRecord | undefined): ToolchainSummary | null {
  if (!recorded && !measurement) return null;
  const sources = [recorded?.source, measurement && `${measurement.kind} measurement "${measurement.label}"`].filter(Boolean);
  return {
    source: sources.join(' and '),
    at: recorded?.at ?? measurement?.startedAt ?? null,
    active: recorded?.state.active ?? null,
    rustc: measurement?.toolchain ?? null,
    state: recorded?.state ?? null,
  };
}

/** `1.75.0-x86_64-unknown-linux-gnu (default)` -> `x86_64-unknown-linux-gnu`. */
export function hostTriple(toolchain: string): string | null {
  const name = toolchain.trim().split(/\s/)[0] ?? '';
  const short = shortToolchain(name);
  return short === name ? null : name.slice(short.length + 1);
}

function osOf(triple: string): string {
  const arch = triple.split('-')[0];
  const os = /linux/.test(triple)
    ? 'Linux'
    : /darwin/.test(triple)
      ? 'macOS'
      : /windows/.test(triple)
        ? 'Windows'
        : /freebsd/.test(triple)
          ? 'FreeBSD'
          : (triple.split('-')[2] ?? triple);
  return `${os} (${arch})`;
}
