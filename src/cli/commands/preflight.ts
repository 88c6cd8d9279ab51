// `stepwise preflight <dir>`: can the plan's target work at all? Scans the project's
// pins, reads its resolved dependency graph (cargo metadata, offline first) and checks
// both against the compatibility knowledge base; says which toolchain is the floor and
// why. A report: exit 0 even with blockers.
import { loadBuiltinCompatibility } from '../../core/knowledge/compatibility';
import { resolveResourcesDir } from '../../core/platform/fs/paths';
import { fitPlan } from '../../core/plans/fit/fitPlan';
import { asReleases } from '../../core/plans/fit/parameters';
import { readProjectFacts, type ProjectFacts } from '../../core/plans/fit/projectFacts';
import { NotARustProject } from '../../core/plans/fit/rustRoot';
import { ParamError } from '../../core/plans/params';
import { PlanRegistry } from '../../core/plans/registry';
import { preflight, PREFLIGHT_PARAMETERS, readDependencyMsrvs } from '../../core/preflight';
import { shellWord } from '../../core/terminals/shellQuote';
import { floorSentence, type Finding, type PreflightReport, type ToolchainFloor } from '../../shared/preflight';
import { CliError } from '../cliError';
import { knownParams, parseCommandArgs } from '../params';
import { projectFolder } from '../projectFolder';

export const PREFLIGHT_USAGE = `Usage: stepwise preflight <dir> [--param NAME=VALUE]... [--json]

Checks whether the upgrade's target can work at all, before step one.
Parameters (repeat --param): from_rust, to_rust, from_wasmtime, to_wasmtime, edition.
Each defaults to what \`stepwise plan show --project <dir>\` says for the project:
the Rust it builds with today, the newest stable toolchain installed, its
wasmtime (when it has one) and its edition.
--json prints the report as JSON. Exits 0 even when there are blockers.`;

export async function preflightCommand(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(
    {
      args,
      options: { param: { type: 'string', multiple: true }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      allowPositionals: true,
      strict: true,
    },
    PREFLIGHT_USAGE,
  );
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(PREFLIGHT_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new CliError(`preflight needs exactly one project directory\n\n${PREFLIGHT_USAGE}`);
  const root = await projectFolder(positionals[0], 'preflight');
  const given = knownParams(values.param ?? [], PREFLIGHT_PARAMETERS);

  const knowledge = loadBuiltinCompatibility(resolveResourcesDir());
  // The facts' scan (pins, no toolchain probe) serves the preflight too: the project is read once.
  const [facts, msrvs] = await Promise.all([projectFacts(root), readDependencyMsrvs(root)]);
  const { scan } = facts;
  // As a session of the project would start: the built-in plan's values fitted to it, the ones given kept.
  const params = asReleases(fitted(facts, given), facts.toolchains);
  const report = preflight({ params, pins: scan.pins, knowledge, dependencyMsrvs: msrvs.dependencies });

  const notes = [
    ...(msrvs.note ? [msrvs.note] : []),
    ...scan.unreadable.map((item) => `Could not read ${item}: its pins were not checked.`),
  ];
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    for (const note of notes) console.error(`Note: ${note}`);
  } else {
    process.stdout.write(formatPreflightReport(report, root, notes));
  }
  return 0;
}

async function projectFacts(root: string): Promise<ProjectFacts> {
  try {
    return await readProjectFacts(root);
  } catch (error) {
    throw error instanceof NotARustProject ? new CliError(error.message, 1) : error;
  }
}

/** The built-in plan's values for this project, with `given` over them; a value the plan refuses is a usage error. */
function fitted(facts: ProjectFacts, given: Record<string, string>): Record<string, string> {
  try {
    return fitPlan(new PlanRegistry(resolveResourcesDir()).default, facts, given).params;
  } catch (error) {
    throw error instanceof ParamError ? new CliError(`--param ${error.message}\n\n${PREFLIGHT_USAGE}`) : error;
  }
}

export function formatPreflightReport(report: PreflightReport, root: string, notes: string[]): string {
  const out: string[] = [];
  const params = Object.entries(report.params).map(([name, value]) => `${name}=${value}`);
  out.push(`Preflight for ${root}`, `Parameters: ${params.join(' ')}`, '');
  if (report.floor) out.push(...formatFloor(report.floor), '');
  if (report.findings.length === 0) out.push('No findings: the target looks feasible.', '');
  for (const finding of report.findings) out.push(...formatFinding(finding), '');
  for (const note of notes) out.push(`Note: ${note}`, '');
  out.push(summary(report.findings));
  return `${out.join('\n')}\n`;
}

/** How many of the packages below the floor's binding ones to list. */
const FLOOR_NEXT = 5;

function formatFloor(floor: ToolchainFloor): string[] {
  const next = floor.pins.filter((p) => !p.binding);
  const lines = [`Toolchain floor: ${floorSentence(floor)}`];
  if (next.length) {
    lines.push('  Next highest minimums:');
    for (const p of next.slice(0, FLOOR_NEXT)) lines.push(`    ${p.name} ${p.version}${p.member ? ' (this project)' : ''}: Rust ${p.rust}, ${p.why}`);
    if (next.length > FLOOR_NEXT) lines.push(`    and ${next.length - FLOOR_NEXT} more`);
  }
  return lines;
}

function formatFinding(finding: Finding): string[] {
  const lines = [`${finding.severity.toUpperCase()} ${finding.id}`, `  ${finding.message}`];
  if (finding.detail) lines.push('', ...finding.detail.split('\n').map((l) => (l ? `    ${l}` : '')));
  if (finding.choices.length) {
    lines.push('', '  Choices:');
    for (const choice of finding.choices) {
      const flags = Object.entries(choice.params).map(([name, value]) => `--param ${name}=${shellWord(value)}`);
      lines.push(`    ${choice.label}: ${flags.join(' ')}`);
    }
  }
  if (finding.sources.length) lines.push('', `  Sources: ${finding.sources.join(', ')}`);
  return lines;
}

function summary(findings: Finding[]): string {
  const count = (severity: Finding['severity'], one: string, many: string): string => {
    const n = findings.filter((f) => f.severity === severity).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  return `${count('blocker', 'blocker', 'blockers')}, ${count('warning', 'warning', 'warnings')}, ${count('info', 'info', 'info')}.`;
}

