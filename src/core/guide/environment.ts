// Where the upgrade ran and on which toolchains, from what the journal kept:
// the toolchain state recorded with each snapshot, and the toolchain each
// measurement ran under.
import type { MeasurementRecord, SnapshotRecord, ToolchainState } from '../../shared/model';
import type { Environment, ToolchainSummary } from './model';

/** The toolchain state a snapshot recorded, when it recorded one. */
export function toolchainOf(snapshot: SnapshotRecord): ToolchainState | null {
  return (snapshot as SnapshotRecord & { toolchain?: ToolchainState | null }).toolchain ?? null;
}

export function environmentOf(snapshots: SnapshotRecord[], measurements: MeasurementRecord[]): Environment {
  const withState = snapshots.filter((s) => toolchainOf(s)?.active);
  const fromSnapshot = (s: SnapshotRecord | undefined): ToolchainSummary | null => {
    const state = s ? toolchainOf(s) : null;
    return s && state ? { source: `snapshot #${s.id}`, at: s.createdAt, active: state.active, state } : null;
  };
  const fromMeasurement = (m: MeasurementRecord | undefined): ToolchainSummary | null =>
    m ? { source: `${m.kind} measurement "${m.label}"`, at: m.startedAt, active: m.toolchain, state: null } : null;

  const baseline = measurements.find((m) => m.kind === 'baseline');
  const after = [...measurements].reverse().find((m) => m.kind === 'after');
  const before = fromSnapshot(withState[0]) ?? fromMeasurement(baseline ?? measurements[0]);
  const last = withState.length > 1 ? withState[withState.length - 1] : undefined;
  const latest = [after, measurements[measurements.length - 1]].find((m) => m && m !== baseline);
  // The later of the last snapshot and the last measurement says what the session ended on.
  const candidates = [fromSnapshot(last), fromMeasurement(latest)].filter((c): c is ToolchainSummary => c !== null);
  const end = candidates.sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1))[0] ?? null;

  const names = [before?.state?.active, before?.state?.defaultToolchain, end?.state?.active, ...withState.map((s) => toolchainOf(s)?.active)];
  const host = names.map((n) => (n ? hostTriple(n) : null)).find((h) => h !== null) ?? null;
  return { host, os: host ? osOf(host) : null, before, after: end };
}

const ARCHES = 'x86_64|aarch64|i686|i586|armv7|arm|riscv64gc|powerpc64le|powerpc64|s390x|loongarch64|wasm32';
const TRIPLE = new RegExp(`(?:^|-)((?:${ARCHES})-[A-Za-z0-9_]+-[A-Za-z0-9_.-]+)(?:\\s|$)`);

/** `1.75.0-x86_64-unknown-linux-gnu (default)` -> `x86_64-unknown-linux-gnu`. */
export function hostTriple(toolchain: string): string | null {
  return TRIPLE.exec(toolchain.trim())?.[1] ?? null;
}

/** `1.75.0-x86_64-unknown-linux-gnu` -> `1.75.0`; `stable-aarch64-apple-darwin` -> `stable`. */
export function channelOf(toolchain: string): string {
  const name = toolchain.trim().split(/\s/)[0] ?? '';
  const host = hostTriple(name);
  return host ? name.slice(0, name.length - host.length - 1) : name;
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
