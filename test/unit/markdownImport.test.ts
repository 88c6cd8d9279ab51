import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePlan } from '../../src/core/plans/resolvePlan';
import { describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../src/shared/model';
import { importMarkdownPlan, MAX_MARKDOWN_CHARS, planToYaml, repairMojibake } from '../../src/core/plans/markdownImport';
import { parsePlan, PlanError } from '../../src/core/plans/planFile';

const SEED_FILE = join(__dirname, '..', 'fixtures', 'plans', 'RUST_WASMTIME_UPGRADE_PLAN.md');
const seed = readFileSync(SEED_FILE, 'utf8');

const steps = (plan: Plan): PlanStep[] => plan.phases.flatMap((p) => p.steps);
const step = (plan: Plan, id: string): PlanStep => {
  const found = steps(plan).find((s) => s.id === id);
  if (!found) throw new Error(`no step ${id} in ${steps(plan).map((s) => s.id).join(', ')}`);
  return found;
};

/** UTF-8 text as it looks after being decoded once as Mac Roman. */
const garble = (text: string): string => new TextDecoder('macintosh').decode(new TextEncoder().encode(text));

/** Either a plan or a PlanError: anything else thrown fails the test. */
function importOrPlanError(markdown: string): Plan | PlanError {
  try {
    return importMarkdownPlan(markdown, { source: 'odd.md' }).plan;
  } catch (error) {
    if (error instanceof PlanError) return error;
    throw error;
  }
}

describe('the seed fixture', () => {
  it('is the seed byte for byte, mojibake included', () => {
    expect(seed.startsWith('# \uF8FFüöÄ PhotonDrift')).toBe(true); // U+F8FF: byte 0xF0 in Mac Roman
    expect(seed).toContain('### ‚ö° Phase 2');
  });
});

describe('importing the seed', () => {
  const { plan, warnings } = importMarkdownPlan(seed, { source: 'RUST_WASMTIME_UPGRADE_PLAN.md' });

  it('takes title and id from the # title, without its emoji', () => {
    expect(plan.title).toBe('PhotonDrift Rust 1.79+ & wasmtime v35+ Upgrade Plan');
    expect(plan.id).toBe('photondrift-rust-1.79-wasmtime-v35-upgrade-plan');
    expect(plan.source).toBe('RUST_WASMTIME_UPGRADE_PLAN.md');
    // The versions its diffs change (the goldens of markdownPlanEdits.test.ts list them with their types).
    expect(plan.parameters.map((p) => [p.name, p.default])).toEqual([
      ['from_rust', '1.75'],
      ['to_rust', '1.81'],
      ['from_wasmtime', '25.0'],
      ['to_wasmtime', '35.0'],
    ]);
  });

  it('has the three phases, then one extra phase per checklist heading outside them', () => {
    expect(plan.phases.map((p) => p.title)).toEqual([
      'Phase 1: Environment Preparation',
      'Phase 2: Core Upgrade Implementation',
      'Phase 3: Validation & Deployment',
      'Success Metrics: Quantitative Goals',
      'Success Metrics: Qualitative Goals',
      'Execution Checklist: Pre-Upgrade',
      'Execution Checklist: During Upgrade',
      'Execution Checklist: Post-Upgrade',
    ]);
    expect(plan.phases.map((p) => p.id)).toEqual([
      'phase-1-environment-preparation',
      'phase-2-core-upgrade-implementation',
      'phase-3-validation-deployment',
      'success-metrics-quantitative-goals',
      'success-metrics-qualitative-goals',
      'execution-checklist-pre-upgrade',
      'execution-checklist-during-upgrade',
      'execution-checklist-post-upgrade',
    ]);
    expect(plan.phases.map((p) => p.steps.length)).toEqual([12, 9, 17, 5, 4, 4, 4, 5]);
  });

  it('makes one command step per bash line, in order, with the exact line', () => {
    expect(steps(plan).filter((s) => s.kind === 'command').map((s) => s.command)).toEqual([
      'rustup install 1.81.0',
      'rustup default 1.81.0',
      'rustup component add clippy rustfmt',
      'cargo check --all-features',
      'cargo test --no-run',
      'cargo test --all-features --verbose',
      'cargo test --release --all-features',
      'cargo test ml:: --verbose',
      'make wasm-build',
      'cargo build --target wasm32-wasip1 --features wasm',
      'make benchmark',
      './scripts/performance-benchmark.sh --compare-baseline',
      'make container-build',
      'make container-test',
      'docker buildx build --platform linux/amd64,linux/arm64 .',
      'make security-scan',
      'cargo audit',
    ]);
  });

  it('makes one edit step per -/+ pair of a diff, with its versions as parameters, only in the files its task names', () => {
    const edits = steps(plan).filter((s) => s.kind === 'edit');
    expect(edits.map((s) => [s.id, s.edit?.replace?.find, s.edit?.replace?.with])).toEqual([
      ['1-update-makefile', 'RUST_VERSION ?= ${from_rust}', 'RUST_VERSION ?= ${to_rust}'],
      ['1-update-docker-configuration', 'FROM rust:${from_rust}-alpine AS builder', 'FROM rust:${to_rust}-alpine AS builder'],
      ['2-upgrade-wasmtime-dependency', 'wasmtime = { version = "${from_wasmtime}", optional = true }', 'wasmtime = { version = "${to_wasmtime}", optional = true }'],
    ]);
    // Before, `files` was absent: every project file holding the line, docs and the plan itself included.
    expect(edits.map((s) => s.edit?.replace?.files?.[0])).toEqual(['**/Makefile', '**/Dockerfile', '**/Cargo.toml']);
    expect(resolvePlan(plan, {}).phases[0]!.steps.find((s) => s.id === '1-update-makefile')!.edit!.replace).toMatchObject({
      find: 'RUST_VERSION ?= 1.75',
      with: 'RUST_VERSION ?= 1.81',
    });
  });

  it('keeps every other task as a manual step, nested bullets as its checklist', () => {
    expect(steps(plan).filter((s) => s.kind === 'manual')).toHaveLength(60 - 17 - 3);
    expect(step(plan, '1-update-ci-cd-workflows')).toMatchObject({
      title: 'Update CI/CD workflows',
      checklist: [
        '`.github/workflows/ci.yml`: Update rust toolchain',
        '`.github/workflows/container-build.yml`: Update Docker base images',
        'Test matrix: Add Rust 1.81 alongside 1.75 (parallel testing)',
      ],
    });
    expect(step(plan, '1-create-dependency-upgrade-matrix')).toMatchObject({ kind: 'manual', checklist: [], snippets: [] });
    expect(step(plan, '3-create-migration-guide').checklist).toEqual(['Step-by-step upgrade process', 'Breaking changes summary', 'Rollback procedures']);
  });

  it('shows a toml block as a snippet of a manual step', () => {
    expect(step(plan, '2-update-cargo-toml-edition-optional')).toMatchObject({
      kind: 'manual',
      title: 'Update Cargo.toml edition (optional)',
      snippets: [{ lang: 'toml', text: '[package]\nedition = "2024"  # Optional - can stay 2021 initially' }],
    });
  });

  it('titles split tasks "(i/n)" and describes commands with the comments above them', () => {
    expect(step(plan, '1-rustup-install-1.81.0').title).toBe('Install Rust 1.81 locally (1/3)');
    expect(step(plan, '3-cargo-test-release-all-features').description).toBe('Base compilation and tests');
    expect(step(plan, '3-cargo-test-ml-verbose')).toMatchObject({ title: 'Core functionality tests (3/5)', description: 'ML model tests (26 tests)' });
    expect(step(plan, '3-docker-buildx-build-platform-linux').title).toBe('Container builds (3/3)');
    expect(step(plan, '4-build-performance')).toMatchObject({ title: 'Build Performance', description: '≤10% increase in compilation time' });
  });

  it('takes estimate and risk from the section, low by default', () => {
    expect(step(plan, '1-update-makefile')).toMatchObject({ estimate: '2-3 days', risk: 'low' });
    expect(step(plan, '1-cargo-check-all-features')).toMatchObject({ estimate: '1 day', risk: 'low' });
    expect(step(plan, '1-prepare-rollback-procedures')).toMatchObject({ estimate: '1-2 days', risk: 'medium' });
    expect(plan.phases[1]!.steps.filter((s) => s.risk === 'high').map((s) => s.id)).toEqual([
      '2-upgrade-wasmtime-dependency',
      '2-update-wasm-target-configuration',
      '2-api-compatibility-fixes',
      '2-performance-validation',
    ]);
    expect(step(plan, '3-cargo-audit')).toMatchObject({ estimate: '3-4 days', risk: 'medium' });
    expect(step(plan, '6-create-backup-branch-for-rollback')).toMatchObject({ estimate: '', risk: 'low' });
    expect(plan.phases[0]!.description).toBe(
      'Week 1\n\n- 1.1 Infrastructure Updates (2-3 days, risk: Low)\n- 1.2 Development Environment Setup (1 day, risk: Low)\n- 1.3 Dependency Pre-Analysis (1-2 days, risk: Medium)',
    );
  });

  it('gives every step a unique id with its phase number in front', () => {
    const ids = steps(plan).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    plan.phases.forEach((phase, p) => {
      for (const s of phase.steps) expect(s.id.startsWith(`${p + 1}-`)).toBe(true);
    });
  });

  it('repairs the emoji everywhere and says how many', () => {
    const json = JSON.stringify(plan);
    expect(json).not.toMatch(/üöÄ|üìã|üéØ|üîß|‚ö°|‚úÖ|‚Üí|‚úì|‚â§|‚â•|üõ†|Ô∏è|\uF8FF/);
    expect(repairMojibake(json).repairs).toBe(0);
    expect(step(plan, '2-update-wasm-target-configuration').checklist[0]).toBe('Address wasm32-wasi → wasm32-wasip1 transition');
    expect(step(plan, '3-multi-platform-builds').checklist.slice(0, 2)).toEqual(['Linux x86_64 ✓', 'Linux ARM64 ✓']);
    expect(plan.description).toContain('- ✅ **Immediate Development**: wasmtime downgrade enabled development workflow');
    expect(plan.description).toContain('## 📋 Executive Summary');
    expect(plan.description).toContain('Most Rust 1.75 → 1.81 changes are backwards compatible');
    expect(warnings).toEqual([expect.stringMatching(/^repaired 35 garbled characters .*"\uF8FFüöÄ" → "🚀"/)]);
  });

  it('keeps the narrative as the description, without the phases or checklists', () => {
    expect(plan.description).toMatch(/^## 📋 Executive Summary\n\n\*\*Objective\*\*/);
    expect(plan.description).toContain('### ROI Analysis');
    expect(plan.description).not.toContain('Implementation Strategy');
    expect(plan.description).not.toContain('Success Metrics');
    expect(plan.description).not.toContain('- [ ]');
    expect(plan.description).not.toContain('Rollback Strategy');
  });

  it('stores the rollback section on every step and runs none of its commands', () => {
    const rollback = plan.phases[0]!.steps[0]!.rollback;
    expect(rollback).toMatch(/^### Emergency Rollback \(< 2 hours\)\nIf critical issues emerge:/);
    expect(rollback).toContain('   git checkout HEAD~1 Cargo.toml');
    expect(rollback).toMatch(/### Full Rollback Documentation\n(- .*\n){2}- Communication plan for team notification$/);
    expect(steps(plan).every((s) => s.rollback === rollback)).toBe(true);
    const commands = steps(plan).map((s) => s.command);
    for (const undo of ['git checkout HEAD~1 Cargo.toml', 'rustup default 1.75.0', 'cargo clean', 'cargo build --release']) {
      expect(commands).not.toContain(undo);
    }
  });

  it('fills the schema defaults', () => {
    for (const s of steps(plan)) {
      expect(s.expectExit).toBe(0);
      expect(s.expectOutput).toEqual([]);
    }
  });
});

describe('mojibake repair', () => {
  it('puts emoji and symbols back together', () => {
    expect(repairMojibake('# \uF8FFüöÄ Launch')).toEqual({ text: '# 🚀 Launch', repairs: 1, examples: ['"\uF8FFüöÄ" → "🚀"'] });
    expect(repairMojibake('‚úÖ done ‚Üí next').text).toBe('✅ done → next');
    expect(repairMojibake('## \uF8FFüõ†Ô∏è Rollback').text).toBe('## 🛠️ Rollback');
    expect(repairMojibake(garble('🚀')).text).toBe('🚀');
    expect(repairMojibake('‚â§10% and ‚â•5%, Linux ‚úì').text).toBe('≤10% and ≥5%, Linux ✓');
    expect(repairMojibake('Caf√© cr√®me').text).toBe('Café crème');
    expect(repairMojibake('‚úÖ‚úÖ').repairs).toBe(2);
  });

  it('leaves real accented text alone', () => {
    for (const text of [
      'Größe, Übersicht, für, Straße, Äpfel, Öl',
      'Café, naïve, résumé, déjà vu, Ångström, señor',
      '„Anführungszeichen“ and “Ärger” and A–Ö, « Écrire »',
      'plain ASCII, with `code` and **bold**',
      '',
    ]) {
      expect(repairMojibake(text)).toEqual({ text, repairs: 0, examples: [] });
    }
  });

  it('repairs next to real accents, and leaves broken sequences as they are', () => {
    expect(repairMojibake('é‚úÖ').text).toBe('é✅');
    expect(repairMojibake('only half: ‚ú').text).toBe('only half: ‚ú');
    expect(repairMojibake('üöÄ without its first byte').text).toBe('üöÄ without its first byte');
  });

  it('undoes the garbling of any UTF-8 text', () => {
    for (const text of ['🚀 → ✅ — “quotes” café', '日本語のテキスト', 'Ελληνικά κείμενα', 'Привет, мир', '€5 ± 2 °C', '👩‍💻 works', 'Größe 🔧']) {
      expect(repairMojibake(garble(text)).text).toBe(text);
    }
  });
});

describe('tasks, code blocks and metadata', () => {
  const md = (body: string): string => `# Demo plan\n\n### Phase 1: Only (Day 1)\n\n#### 1.1 Work\n**Timeline**: 2 hours\n**Risk**: Medium-High\n\n${body}`;

  it('joins continued lines, strips prompts, and keeps comment groups', () => {
    const { plan, warnings } = importMarkdownPlan(
      md('- [ ] **Build** it\n  ```sh\n  # Release build\n  cargo build \\\n    --release\n  $ cargo test\n\n  cargo doc # docs too\n  ```\n'),
      { source: 'demo.md' },
    );
    expect(plan.phases[0]!.steps.map((s) => [s.command, s.description])).toEqual([
      ['cargo build --release', 'Release build'],
      ['cargo test', 'Release build'],
      ['cargo doc # docs too', 'it'],
    ]);
    expect(plan.phases[0]!.steps[0]).toMatchObject({ risk: 'high', estimate: '2 hours', title: 'Build (1/3)' });
    expect(warnings).toEqual(['line 14: removed the "$ " prompt from 1 command(s) of "Build"']);
  });

  it('does not split a here-document or an if block into commands', () => {
    const { plan, warnings } = importMarkdownPlan(md("- [ ] Configure\n  ```bash\n  cat > x.toml <<'EOF'\n  a = 1\n  EOF\n  ```\n"), { source: 'demo.md' });
    expect(plan.phases[0]!.steps).toHaveLength(1);
    expect(plan.phases[0]!.steps[0]).toMatchObject({ kind: 'manual', snippets: [{ lang: 'bash', text: "cat > x.toml <<'EOF'\na = 1\nEOF" }] });
    expect(warnings[0]).toBe('line 11: the bash block of "Configure" is shown as a snippet, not run: it holds a here-document');
    const ifBlock = importMarkdownPlan(md('- [ ] Check\n  ```bash\n  if true; then\n    echo y\n  fi\n  ```\n'), { source: 'demo.md' });
    expect(ifBlock.plan.phases[0]!.steps[0]!.kind).toBe('manual');
  });

  it('pairs several - and + lines, and shows an unpaired addition as a snippet', () => {
    // The task names its file (Cargo.toml): a diff that names none is no edit (markdownPlanEdits.test.ts).
    const { plan, warnings } = importMarkdownPlan(
      md('- [ ] Bump Cargo.toml\n  ```diff\n  - a = 1\n  - b = 1\n  + a = 2\n  + b = 2\n    context\n  + c = 3\n  ```\n'),
      { source: 'demo.md' },
    );
    expect(plan.phases[0]!.steps.map((s) => [s.kind, s.edit?.replace])).toEqual([
      ['manual', undefined],
      ['edit', { find: 'a = 1', with: 'a = 2', files: ['**/Cargo.toml'] }],
      ['edit', { find: 'b = 1', with: 'b = 2', files: ['**/Cargo.toml'] }],
    ]);
    expect(plan.phases[0]!.steps[0]!.snippets[0]!.lang).toBe('diff');
    expect(warnings).toEqual(['line 16: the diff of "Bump Cargo.toml" adds or removes lines without a counterpart: shown as a snippet, not applied']);
  });

  it('takes a task’s own rollback, checked tasks, and warns about an unknown risk', () => {
    const { plan, warnings } = importMarkdownPlan(
      '# P\n\n## Phase 1: A\n**Risk**: Unclear\n\n- [x] Done already\n  - Rollback: `git revert HEAD`\n  - a sub-item\n\n## Rollback\n```bash\nundo-all\n```\n',
      { source: 'p.md' },
    );
    expect(plan.phases[0]!.steps[0]).toMatchObject({ title: 'Done already', rollback: '`git revert HEAD`', checklist: ['a sub-item'], risk: 'low' });
    expect(warnings).toEqual(['line 4: risk "Unclear" is not low, medium or high: using low']);
  });
});

describe('where tasks are', () => {
  it('finds tasks grouped under a plain bullet, at their lines', () => {
    const text = '# T\n## Phase 1: X\n- Backend\n  - [ ] Build\n    ```bash\n    cargo build\n    ```\n- just a note\n';
    const { plan } = importMarkdownPlan(text, { source: 't.md' });
    expect(plan.phases[0]!.steps.map((s) => s.command)).toEqual(['cargo build']);
    expect(plan.phases[0]!.description).toBe('- just a note');
    const withVariable = importMarkdownPlan(text.replace('cargo build', 'cargo build ${x}'), { source: 't.md' });
    expect(withVariable.plan.phases[0]!.steps[0]!.command).toBe('cargo build $${x}');
  });

  it('never makes steps of a rollback section, even one named like a phase', () => {
    const { plan, warnings } = importMarkdownPlan(
      '# T\n## Phase 1: Go\n- [ ] Up\n  ```bash\n  make up\n  ```\n## Phase 2: Rollback\n- [ ] Down\n  ```bash\n  make down\n  ```\n',
      { source: 't.md' },
    );
    expect(plan.phases.map((p) => p.title)).toEqual(['Phase 1: Go']);
    expect(plan.phases[0]!.steps[0]!.rollback).toBe('- [ ] Down\n  ```bash\n  make down\n  ```');
    expect(warnings).toEqual(['line 8: tasks in the rollback section are kept in the rollback text, not made into steps']);
  });
});

describe('odd documents', () => {
  it('refuses an empty document or one without tasks, naming the file and line', () => {
    for (const text of ['', '\n\n', '# Just a title\n\nSome prose.\n\n- a plain bullet\n']) {
      const error = importOrPlanError(text);
      expect(error).toBeInstanceOf(PlanError);
      expect((error as PlanError).message).toMatch(/^odd\.md:1:1: no tasks found/);
    }
  });

  it('puts tasks without phases or headings in a "Checklist" phase, titled after the file', () => {
    const { plan, warnings } = importMarkdownPlan('- [ ] First thing\n- [ ] Second thing\n', { source: 'notes/my_upgrade-plan.md' });
    expect(plan.title).toBe('my upgrade plan');
    expect(plan.id).toBe('my-upgrade-plan');
    expect(plan.phases.map((p) => [p.title, p.steps.map((s) => s.id)])).toEqual([['Checklist', ['1-first-thing', '1-second-thing']]]);
    expect(warnings).toEqual(['line 1: no "# " title: the plan is called "my upgrade plan"']);
  });

  it('de-duplicates step ids', () => {
    const { plan } = importMarkdownPlan('# T\n## Phase 1: X\n- [ ] Same\n- [ ] Same\n- [ ] Same\n', { source: 't.md' });
    expect(plan.phases[0]!.steps.map((s) => s.id)).toEqual(['1-same', '1-same-2', '1-same-3']);
  });

  it('drops a phase without tasks, with a warning', () => {
    const { plan, warnings } = importMarkdownPlan('# T\n## Phase 1: Empty\nText.\n## Phase 2: Real\n- [ ] Go\n', { source: 't.md' });
    expect(plan.phases.map((p) => p.id)).toEqual(['phase-2-real']);
    expect(plan.phases[0]!.steps[0]!.id).toBe('2-go');
    expect(warnings).toEqual(['line 2: "Phase 1: Empty" has no "- [ ]" tasks: not imported as a phase']);
  });

  it('keeps a shell variable in a command literal: it is no plan parameter', () => {
    const text = '# T\n\n## Phase 1: X\n\n- [ ] Build\n  ```bash\n  cargo build\n  cargo build --target ${target}\n  ```\n';
    const { plan } = importMarkdownPlan(text, { source: 'odd.md' });
    expect(plan.phases[0]!.steps[1]!.command).toBe('cargo build --target $${target}');
    expect(resolvePlan(plan, {}).phases[0]!.steps[1]!.command).toBe('cargo build --target ${target}');
    expect(parsePlan(planToYaml(plan), 'round-trip.yaml')).toEqual(plan);
  });

  it('handles CRLF, a byte-order mark and Markdown it does not use', () => {
    const text = '\uFEFF# T\r\n\r\n> quote\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n## Phase 1: X\r\n<div>html</div>\r\n\r\n- [ ] Go\r\n  ```bash\r\n  make\r\n  ```\r\n';
    const { plan } = importMarkdownPlan(text, { source: 't.md' });
    expect(plan.title).toBe('T');
    expect(plan.phases[0]!.steps[0]!.command).toBe('make');
    expect(plan.description).toContain('| 1 | 2 |');
  });

  it('refuses a NUL, a control character or bytes that were not UTF-8, naming the line and column', () => {
    const plan = (command: string): string => `# T\n\n## Phase 1: Go\n\n- [ ] Build\n  \`\`\`bash\n  ${command}\n  \`\`\`\n`;
    const cases: [string, RegExp][] = [
      ['cargo\u0000 build', /^odd\.md:7:8: a NUL byte: /],
      ['cargo build\u001b[2K', /^odd\.md:7:14: a control character \(U\+001B\): /],
      ['cargo b\u0085uild', /^odd\.md:7:10: a control character \(U\+0085\): /],
      ['cargo \ufffd build', /^odd\.md:7:9: bytes that are not UTF-8 \(read as U\+FFFD\): /],
      ['cargo\rrm -rf x', /^odd\.md:7:8: a carriage return without a newline: /],
    ];
    for (const [command, message] of cases) {
      const error = importOrPlanError(plan(command));
      expect(error, command).toBeInstanceOf(PlanError);
      expect((error as PlanError).message).toMatch(message);
    }
    // Tabs, and CRLF line ends, are fine.
    expect(importOrPlanError(plan('cargo\tbuild').replace(/\n/g, '\r\n'))).not.toBeInstanceOf(PlanError);
  });

  it('never throws anything but a PlanError on garbage', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pieces = ['- [ ] ', '- [x] **', '```bash\n', '```diff\n- a\n+ b\n', '```\n', '### Phase 1: ', '#### ', '**Risk**: ', '\\\n', '\n', '  ', '${x}', '\u0000', '\uD800', '\uFFFD', 'üöÄ', '‚ú', '<<EOF\n', '|', '> '];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) {
        text += random() < 0.5 ? pieces[Math.floor(random() * pieces.length)] : String.fromCharCode(Math.floor(random() * 0x3000));
      }
      const result = importOrPlanError(text);
      if (!(result instanceof PlanError)) expect(steps(result).length).toBeGreaterThan(0);
    }
    const bytes = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256)));
    expect(importOrPlanError(bytes.toString('utf8'))).toBeInstanceOf(PlanError);
    expect(importOrPlanError(bytes.toString('latin1'))).toBeInstanceOf(PlanError);
    expect(importOrPlanError(null as unknown as string)).toBeInstanceOf(PlanError);
  });

  it('imports a 1 MB plan, and refuses a far larger one', () => {
    let big = '';
    for (let copy = 1; big.length < 1_000_000; copy++) big += `${seed.replace(/Phase (\d)/g, (_, n: string) => `Phase ${copy}${n}`)}\n`;
    const { plan } = importMarkdownPlan(big, { source: 'big.md' });
    const ids = steps(plan).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(3000);

    const error = importOrPlanError('x'.repeat(MAX_MARKDOWN_CHARS + 1));
    expect((error as PlanError).reason).toMatch(/^too large for a plan/);
  });
});

describe('planToYaml', () => {
  it('writes the imported seed as a plan file that reads back equal', () => {
    const { plan } = importMarkdownPlan(seed, { source: 'RUST_WASMTIME_UPGRADE_PLAN.md' });
    const yaml = planToYaml(plan, { comment: 'Imported from the seed.' });
    expect(parsePlan(yaml, 'seed.yaml')).toEqual(plan);
    expect(yaml).toMatch(/^# Imported from the seed\.\n\nid: photondrift-rust-1\.79-wasmtime-v35-upgrade-plan\n/);
    expect(yaml).toContain('        command: rustup install 1.81.0\n');
    expect(yaml).toContain('        rollback: &rollback |-\n          ### Emergency Rollback (< 2 hours)\n');
    expect(yaml.match(/rollback: \*rollback\n/g)).toHaveLength(59);
    expect(yaml).not.toContain('expectExit');
  });

  it('round-trips every step kind and field, and texts shared by hundreds of steps', () => {
    const base: Omit<PlanStep, 'id' | 'title' | 'kind'> = { expectExit: 0, expectOutput: [], checklist: [], snippets: [], description: '', risk: 'low', estimate: '', rollback: '' };
    const many: PlanStep[] = Array.from({ length: 250 }, (_, i) => ({
      ...base,
      id: `s${i}`,
      title: `Step ${i}`,
      kind: 'manual',
      rollback: 'Shared rollback text\nthat is long enough to be aliased.\n\n  with indentation and trailing space  ',
    }));
    const plan: Plan = {
      id: 'all',
      title: 'All: the kinds',
      description: 'Line one\nline two',
      source: '',
      parameters: [{ name: 'to_rust', type: 'rust-version', default: '1.81.0', description: 'target' }, { name: 'empty', type: 'text', default: '', description: '' }],
      phases: [
        {
          id: 'one',
          title: 'One',
          description: '',
          steps: [
            { ...base, id: 'cmd', title: 'Run', kind: 'command', command: 'cargo +${to_rust} check', expectExit: 101, expectOutput: ['^error'] },
            { ...base, id: 'chk', title: 'Check', kind: 'check', command: 'cargo audit', risk: 'high', estimate: '5 min' },
            { ...base, id: 'pins', title: 'Pins', kind: 'edit', edit: { pins: { kinds: ['makefile-rust-version', 'docker-from-rust'], to: '${to_rust}' } } },
            { ...base, id: 'rep', title: 'Replace', kind: 'edit', edit: { replace: { find: 'a: "b"', with: '', files: ['Cargo.toml'] } } },
            { ...base, id: 'tc', title: 'Toolchain', kind: 'toolchain', toolchain: { action: 'install', toolchain: '${to_rust}' }, command: 'rustup toolchain install ${to_rust}' },
            { ...base, id: 'man', title: 'Manual', kind: 'manual', checklist: ['- dash', '#hash', 'yes'], snippets: [{ lang: '', text: 'x: 1\n' }] },
            { ...base, id: 'snap', title: 'Snapshot', kind: 'snapshot', description: '  leading spaces\n\ttab' },
          ],
        },
        { id: 'two', title: 'Two', description: '', steps: many },
      ],
    };
    const yaml = planToYaml(plan);
    expect(parsePlan(yaml, 'all.yaml')).toEqual(plan);
    expect(yaml).toContain('rollback: &rollback-2');
  });
});
