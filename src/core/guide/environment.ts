// Where the upgrade ran and on which toolchains, from what the journal kept:
// the operating system recorded when the session started, the toolchain
// state recorded with each snapshot, and the toolchain each measurement ran
// under.
import type { MeasurementRecord, SnapshotRecord } from '../../shared/model';
import type { HostSystem } from '../platform/hostSystem';
import { shortToolchain } from '../toolchain/version';
import type { Environment, ToolchainSummary } from './model';

export function environmentOf(system: HostSystem | null, snapshots: SnapshotRecord[], measurements: MeasurementRecord[]): Environment {
  const recorded = snapshots.filter((s) => s.toolchain?.active);
  const first = recorded[0];
  const last = recorded.length > 1 ? recorded[recorded.length - 1] : undefined;
  const baseline = measurements.find((m) => m.kind === 'baseline') ?? measurements[0];
  const after = [...measurements].reverse().find((m) => m.kind === 'after') ?? (measurements.length > 1 ? measurements.at(-1) : undefined);
  const before = summary(first, baseline);
  const end = summary(last, after);
  const names = [first?.toolchain?.active, first?.toolchain?.defaultToolchain, last?.toolchain?.active];
  const host = names.map((n) => (n ? hostTriple(n) : null)).find((h) => h !== null) ?? null;
  return { system, host, os: host ? osOf(host) : null, before, after: end };
}

/** What a snapshot recorded of rustup, and what a measurement's `rustc -V` said, around the same point. */
function summary(snapshot: SnapshotRecord | undefined, measurement: MeasurementRecord | undefined): ToolchainSummary | null {
  if (!snapshot && !measurement) return null;
  const sources = [snapshot && `snapshot #${snapshot.id}`, measurement && `${measurement.kind} measurement "${measurement.label}"`].filter(Boolean);
  return {
    source: sources.join(' and '),
    at: snapshot?.createdAt ?? measurement?.startedAt ?? null,
    active: snapshot?.toolchain?.active ?? null,
    rustc: measurement?.toolchain ?? null,
    state: snapshot?.toolchain ?? null,
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
