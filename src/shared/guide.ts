// What a migration guide export can be asked for: its formats, its sections
// and its options. Shared by the engine, the CLI and the Export dialog.

/** `plan`: not a guide but the session as a plan file to replay on another project (core/plans/fromSession.ts). */
export const GUIDE_FORMATS = ['md', 'html', 'json', 'adr', 'plan'] as const;
export type GuideFormat = (typeof GUIDE_FORMATS)[number];

export const GUIDE_FORMAT_LABELS: Record<GuideFormat, string> = {
  md: 'Markdown',
  html: 'HTML (one file)',
  json: 'JSON',
  adr: 'ADR (MADR)',
  plan: 'Replay plan (YAML)',
};

/** The guide's sections, in the order they appear. The title is always there. */
export const GUIDE_SECTIONS = [
  'summary',
  'environment',
  'steps',
  'breaking-changes',
  'metrics',
  'rollback',
  'open-issues',
  'notes',
] as const;
export type GuideSection = (typeof GUIDE_SECTIONS)[number];

export const GUIDE_SECTION_TITLES: Record<GuideSection, string> = {
  summary: 'Summary',
  environment: 'Environment',
  steps: 'Steps',
  'breaking-changes': 'Breaking changes met',
  metrics: 'Metrics and gates',
  rollback: 'Rollback procedure',
  'open-issues': "Open and won't-fix issues",
  notes: 'Notes',
};

export interface GuideOptions {
  sections: GuideSection[];
  /** Output excerpts: the tail of failed runs' output and each issue's diagnostic block. */
  excerpts: boolean;
  /** Paths under the home directory shown as `~/...`. */
  tildeHome: boolean;
  /** Values that look like secrets (tokens, passwords, credentials in URLs) replaced by `[redacted]`. */
  redactSecrets: boolean;
}

export const DEFAULT_GUIDE_OPTIONS: GuideOptions = {
  sections: [...GUIDE_SECTIONS],
  excerpts: true,
  tildeHome: true,
  redactSecrets: true,
};

/** The JSON export's `schemaVersion`: raised whenever a field changes meaning or goes away. */
export const GUIDE_SCHEMA_VERSION = 1;

/** The file a guide is saved to by default. */
export function guideFileName(format: GuideFormat): string {
  return { md: 'MIGRATION_GUIDE.md', html: 'MIGRATION_GUIDE.html', json: 'migration-guide.json', adr: 'ADR-toolchain-upgrade.md', plan: 'replay-plan.yaml' }[format];
}
