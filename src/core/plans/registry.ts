// Where plans come from: the built-in ones under resources/plans, or a file
// the user opens (a YAML plan, or a Markdown plan to import).
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Plan } from '../../shared/model';
import { importMarkdownPlan } from './markdownImport';
import { loadPlanFile, parsePlan } from './planFile';

export class PlanRegistry {
  private readonly builtins: Plan[];

  constructor(resourcesDir: string) {
    const dir = join(resourcesDir, 'plans');
    this.builtins = readdirSync(dir)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => loadPlanFile(join(dir, name)));
  }

  list(): Plan[] {
    return this.builtins;
  }

  /** The default plan: the seed's Rust + wasmtime upgrade. */
  get default(): Plan {
    return this.builtins[0]!;
  }

  builtin(id: string): Plan | undefined {
    return this.builtins.find((p) => p.id === id);
  }
}

export type PlanFormat = 'yaml' | 'markdown';

/** Parses a plan file's content by its extension; throws PlanError (positions) or Error. */
export function parsePlanContent(fileName: string, content: string): { plan: Plan; format: PlanFormat; warnings: string[] } {
  const ext = extname(fileName).toLowerCase();
  if (ext === '.md' || ext === '.markdown') {
    const { plan, warnings } = importMarkdownPlan(content, { source: fileName });
    return { plan, format: 'markdown', warnings };
  }
  if (ext === '.yaml' || ext === '.yml') return { plan: parsePlan(content, fileName), format: 'yaml', warnings: [] };
  throw new Error(`${fileName}: not a plan file (expected .yaml, .yml or .md)`);
}
