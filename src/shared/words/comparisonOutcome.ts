// Which side of an old-against-new comparison failed, in words: the Metrics
// page and the guide lead with it, so a failure outside cargo's JSON (no
// problem listed on either side) still reads as one.
import type { ToolchainCheck } from '../model';

const exitOf = (check: ToolchainCheck): string => (check.exitCode === null ? 'no exit code' : `exit ${check.exitCode}`);

export function comparisonOutcome(old: ToolchainCheck, next: ToolchainCheck): string {
  const oldFailed = old.exitCode !== 0;
  const newFailed = next.exitCode !== 0;
  if (oldFailed && newFailed) return `Both failed: ${old.toolchain} (${exitOf(old)}) and ${next.toolchain} (${exitOf(next)}).`;
  if (newFailed) return `Only the new toolchain failed: ${next.toolchain} (${exitOf(next)}); ${old.toolchain} passed.`;
  if (oldFailed) return `Only the old toolchain failed: ${old.toolchain} (${exitOf(old)}); ${next.toolchain} passed.`;
  return `Both passed.`;
}
