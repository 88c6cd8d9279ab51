import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/shared/model';
import { stripAnsi } from '../../src/shared/ansi';
import { parseOutput } from '../../src/core/diagnostics/outputParser';
import { RustDiagnosticParser } from '../../src/core/diagnostics/rustcParser';
import { FACTS_SOURCE } from '../../src/core/knowledge/compatibility';
import {
  applyReplace,
  BREAKAGES_FILE,
  BreakageError,
  explain,
  loadBuiltinBreakages,
  parseBreakages,
  replaceTargets,
  resolveAutofix,
  sampleDiagnostic,
  type Breakage,
  type ReplaceAutofix,
} from '../../src/core/knowledge/breakages';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { editOnce, thrownBy } from '../helpers/errors';

const FILE = join(resolveResourcesDir(), 'knowledge', BREAKAGES_FILE);
const shipped = readFileSync(FILE, 'utf8');
const breakages = loadBuiltinBreakages(resolveResourcesDir());

const OUTPUTS = fileURLToPath(new URL('../fixtures/outputs/', import.meta.url));
const CAPTURES = join(OUTPUTS, 'breakages');
/** The real ladder's outputs on real crates (diagnostics-corpus/README.md): samples of what 1.63 -> stable brings. */
const CORPUS = fileURLToPath(new URL('../fixtures/diagnostics-corpus/', import.meta.url));
const corpusTexts = (): string[] =>
  readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(CORPUS, dir.name)).filter((f) => f.endsWith('.ansi.txt')).map((f) => stripAnsi(readFileSync(join(CORPUS, dir.name, f), 'utf8'))));
/** The team's verified facts file that entries cite as FACTS_SOURCE: a copy, so that every machine checks its samples. */
const FACTS_FILE = fileURLToPath(new URL(`../fixtures/knowledge/${FACTS_SOURCE}`, import.meta.url));

function capture(name: string): string {
  return stripAnsi(readFileSync(join(CAPTURES, name), 'utf8'));
}

function parse(output: string): Diagnostic[] {
  const parser = new RustDiagnosticParser();
  return [...parser.push(output), ...parser.end()];
}

function byId(id: string): Breakage {
  const entry = breakages.find((b) => b.id === id);
  if (!entry) throw new Error(`no breakage ${id}`);
  return entry;
}

/** The ids `explain` gives each diagnostic of a captured output, in order. */
function explained(name: string): (string | null)[] {
  return parse(capture(name)).map((d) => explain(d, breakages)?.id ?? null);
}

function errorOf(text: string): BreakageError {
  return thrownBy(BreakageError, () => parseBreakages(text, 'breakages.yaml'));
}

const edit = editOnce;

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  expect(index).toBeGreaterThanOrEqual(0);
  return index + 1;
}

function diagnostic(fields: Partial<Diagnostic>): Diagnostic {
  return { severity: 'error', tool: 'rustc', code: null, message: '', file: null, line: null, column: null, rendered: '', ...fields };
}

describe('the shipped breakage knowledge base', () => {
  it('loads, with at least 30 entries and unique ids', () => {
    expect(breakages.length).toBeGreaterThanOrEqual(30);
    expect(new Set(breakages.map((b) => b.id)).size).toBe(breakages.length);
  });

  it('covers the Rust releases, edition 2024, wasmtime 27-36 and the toolchain', () => {
    const since = new Set(breakages.map((b) => b.since));
    for (const s of ['Rust 1.77', 'Rust 1.80', 'Rust 1.81', 'Rust 1.82', 'Rust 1.84', 'Rust 1.92', 'edition 2024', 'any']) expect(since).toContain(s);
    for (const major of [27, 28, 29, 30, 32, 33, 34, 35, 36]) expect(since).toContain(`wasmtime ${major}`);
    expect(breakages.filter((b) => b.since === 'edition 2024').length).toBeGreaterThanOrEqual(10);
  });

  it('cites an upstream https source for every entry', () => {
    for (const b of breakages) {
      expect(b.sources.some((s) => /^https:\/\/\S+$/.test(s)), b.id).toBe(true);
      for (const s of b.sources) expect(s === FACTS_SOURCE || /^https:\/\/\S+$/.test(s), `${b.id}: ${s}`).toBe(true);
    }
  });

  it('explains every sample by its own entry, with each of its codes', () => {
    for (const b of breakages) {
      const codes = b.match.codes.length > 0 ? b.match.codes : [null];
      for (const code of codes) expect(explain(sampleDiagnostic(b, code), breakages)?.id, `${b.id} with ${code}`).toBe(b.id);
    }
  });

  it('still explains a sample when no parser named its code', () => {
    // rustup's and cargo's own errors come without a code today: the message decides.
    for (const b of breakages.filter((e) => e.match.message !== undefined && e.match.rendered === undefined)) {
      expect(explain(sampleDiagnostic(b, null), breakages)?.id, b.id).toBe(b.id);
    }
  });

  it('finds every local sample verbatim in a capture, and every facts sample in the facts file', () => {
    const captures = [
      ...readdirSync(CAPTURES).filter((f) => f.endsWith('.txt')).map((f) => capture(f)),
      stripAnsi(readFileSync(join(OUTPUTS, 'cargo-check-all-features.ansi.txt'), 'utf8')),
      ...corpusTexts(),
    ].join('\n');
    const local = breakages.filter((b) => b.sampleOrigin === 'local');
    expect(local.length).toBeGreaterThanOrEqual(30);
    for (const b of local) {
      expect(captures.includes(b.sample), `${b.id}: ${b.sample}`).toBe(true);
      if (b.sampleContext) expect(captures.includes(b.sampleContext), `${b.id}: ${b.sampleContext}`).toBe(true);
    }
    const facts = readFileSync(FACTS_FILE, 'utf8');
    const fromFacts = breakages.filter((e) => e.sampleOrigin === 'facts');
    expect(fromFacts.length).toBeGreaterThanOrEqual(1);
    for (const b of fromFacts) expect(facts.includes(b.sample), b.id).toBe(true);
  });
});

describe('what the real ladder (1.63 -> 1.85 -> 1.95) says about real crates, explained', () => {
  /** The knowledge entries that explain a corpus capture's diagnostics, as the app parses them (tool errors named). */
  const explained = (file: string): (string | null)[] =>
    parseOutput(readFileSync(join(CORPUS, file), 'utf8')).diagnostics.map((d) => explain(d, breakages)?.id ?? null);

  it.each([
    ['lazy_static/stable-build.ansi.txt', ['cargo-no-edition', 'ambiguous-panic-imports', 'mismatched-lifetime-syntaxes']],
    ['spin/stable-fix-edition-2024.ansi.txt', ['edition-rust-version']],
    ['fnv/debian-1.63-clippy.ansi.txt', ['linked-toolchain-component-missing']],
  ])('%s', (file, ids) => {
    expect(new Set(explained(file))).toEqual(new Set(ids));
  });

  it('names every unexpected cfg of memoffset on 1.95, and every transmute lazy_static tests', () => {
    const memoffset = explained('memoffset/stable-build.ansi.txt');
    expect(memoffset.filter((id) => id === 'unexpected-cfgs').length).toBeGreaterThanOrEqual(10);
    expect(explained('lazy_static/stable-test.ansi.txt')).toContain('unnecessary-transmutes');
  });
});

describe('real diagnostics, parsed with RustDiagnosticParser', () => {
  it.each([
    ['static-mut-refs.txt', ['static-mut-refs']],
    ['static-mut-refs-2024.txt', ['static-mut-refs']],
    ['unexpected-cfgs.txt', ['unexpected-cfgs']],
    ['dead-code-tuple.txt', ['dead-code-tuple-fields']],
    ['panic-info.txt', ['panic-info-deprecated', 'panic-info-deprecated']],
    ['extern-blocks-2024.txt', ['edition2024-unsafe-extern']],
    ['no-mangle-2024.txt', ['edition2024-unsafe-attributes']],
    ['gen-keyword-2024.txt', ['edition2024-gen-keyword']],
    ['set-var-2024.txt', ['edition2024-env-set-var-unsafe']],
    ['match-ergonomics-2024.txt', ['edition2024-match-ergonomics', 'edition2024-match-ergonomics']],
    ['never-type-fallback.txt', ['never-type-fallback-unsafe', 'never-type-fallback-dependency']],
    ['time-box-inference.txt', ['time-box-inference']],
    ['rust-version.txt', ['rust-version-too-old']],
    ['rustc-target-wasm32-wasi.txt', ['wasm32-wasi-removed-rustc']],
    ['rustup-target-add-wasm32-wasi.txt', ['wasm32-wasi-removed-rustup']],
    ['rustc-target-not-installed.txt', ['target-std-not-installed']],
    ['toolchain-not-installed.txt', ['rustup-toolchain-not-installed']],
    ['rustup-download-failed.txt', ['rustup-download-failed']],
    ['cargo-download-failed.txt', ['cargo-download-failed']],
    ['cargo-offline-resolution.txt', ['cargo-offline-resolution']],
    ['wasmtime-guard-size.txt', ['wasmtime-memory-guard-size']],
    ['wasmtime-memory-reservation.txt', ['wasmtime-memory-reservation']],
    ['wasmtime-memory-may-move.txt', ['wasmtime-memory-may-move']],
    ['wasmtime-async-trait-impl.txt', ['wasmtime-bindgen-native-async']],
    ['wasmtime-wasi-view-table.txt', ['wasmtime-io-view-split', 'wasmtime-wasi-ctx-view']],
    ['wasmtime-wasi-io-renames.txt', ['wasmtime-wasi-io-renames']],
    ['wasmtime-detect-precompiled.txt', ['wasmtime-detect-precompiled']],
    ['wasmtime-wasip2-move.txt', ['wasmtime-wasip2-moved']],
    ['wasmtime-cache-config.txt', ['wasmtime-cache-api']],
    ['wasmtime-store-static.txt', Array(4).fill('wasmtime-store-static')],
    ['wasmtime-has-data.txt', ['wasmtime-bindgen-has-data', 'wasmtime-bindgen-has-data']],
    ['wasmtime-component-send-sync.txt', Array(6).fill('wasmtime-component-type-send-sync')],
    ['wasmtime-wasi-ctx-view.txt', ['wasmtime-io-view-removed', 'wasmtime-wasi-ctx-view']],
  ])('%s', (name, ids) => {
    expect(explained(name)).toEqual(ids);
  });

  it('explains every 2024 migration lint cargo fix --edition knows, on a 2021 crate', () => {
    const diagnostics = parse(capture('rust-2024-compatibility.txt'));
    expect(diagnostics.map((d) => [d.code, explain(d, breakages)?.id])).toEqual([
      ['keyword_idents_2024', 'edition2024-gen-keyword'],
      ['missing_unsafe_on_extern', 'edition2024-unsafe-extern'],
      ['edition_2024_expr_fragment_specifier', 'edition2024-expr-fragment'],
      ['unsafe_attr_outside_unsafe', 'edition2024-unsafe-attributes'],
      ['rust_2024_prelude_collisions', 'edition2024-prelude-collisions'],
      ['deprecated_safe_2024', 'edition2024-env-set-var-unsafe'],
      ['tail_expr_drop_order', 'edition2024-tail-expr-drop-order'],
      ['E0133', 'edition2024-unsafe-op-in-unsafe-fn'],
      ['impl_trait_overcaptures', 'edition2024-impl-trait-overcaptures'],
      ['if_let_rescope', 'edition2024-if-let-rescope'],
      ['boxed_slice_into_iter', 'edition2024-boxed-slice-into-iter'],
    ]);
  });

  it('takes the photondrift E0432 (`wasmtime::WasiCtxBuilder`) for the WASIp2 move, not the unused variable', () => {
    const diagnostics = parse(readFileSync(join(OUTPUTS, 'cargo-check-all-features.ansi.txt'), 'utf8'));
    expect(diagnostics.map((d) => [d.code, d.message, explain(d, breakages)?.id ?? null])).toEqual([
      ['E0432', 'unresolved import `wasmtime::WasiCtxBuilder`', 'wasmtime-wasip2-moved'],
      ['unused_variables', 'unused variable: `max_pages`', null],
    ]);
  });

  it('explains the runtime panics of Rust 1.81 from the programs\' own stderr', () => {
    const panicLine = (name: string, needle: string) => {
      const line = capture(name).split('\n').find((l) => l.includes(needle));
      expect(line).toBeDefined();
      return diagnostic({ tool: 'test', message: line!, rendered: capture(name) });
    };
    expect(explain(panicLine('sort-total-order.txt', 'total order'), breakages)?.id).toBe('sort-total-order-panic');
    expect(explain(panicLine('extern-c-panic.txt', 'cannot unwind'), breakages)?.id).toBe('extern-c-panic-aborts');
  });

  it('matches parser codes exactly when a parser names them', () => {
    const rustup = parse(capture('rustup-target-add-wasm32-wasi.txt'))[0]!;
    expect(explain({ ...rustup, code: 'target-unsupported' }, breakages)?.id).toBe('wasm32-wasi-removed-rustup');
    // The same code for another target is not this breakage.
    expect(explain({ ...rustup, code: 'target-unsupported', message: "toolchain '1.77.0' does not support target 'wasm32-wasip2'", rendered: '' }, breakages)).toBeNull();
    const msrv = parse(capture('rust-version.txt'))[0]!;
    expect(explain({ ...msrv, code: 'rust-version' }, breakages)?.id).toBe('rust-version-too-old');
    // cargo's "failed to get `x` as a dependency" wraps both network and offline failures.
    const network = parse(capture('cargo-download-failed.txt'))[0]!;
    expect(explain({ ...network, code: 'dependency-resolution' }, breakages)?.id).toBe('cargo-download-failed');
    const offline = parse(capture('cargo-offline-resolution.txt'))[0]!;
    expect(explain({ ...offline, code: 'dependency-resolution' }, breakages)?.id).toBe('cargo-offline-resolution');
    // Cargo from before the unstable edition 2024, and another unknown edition.
    const older = diagnostic({
      tool: 'cargo',
      code: 'edition-unsupported',
      message: 'failed to parse manifest at `/p/Cargo.toml`',
      rendered: 'Caused by:\n  this version of Cargo is older than the `2024` edition, and only supports `2015`, `2018`, and `2021` editions.',
    });
    expect(explain(older, breakages)?.id).toBe('cargo-edition2024-unstable');
    expect(explain({ ...older, rendered: older.rendered.replace('`2024` edition', '`2027` edition') }, breakages)).toBeNull();
  });
});

describe('explain', () => {
  it('prefers the wasmtime-specific rust-version entry, in old and new Cargo wording', () => {
    const upstream = byId('wasmtime-rust-version').sample;
    expect(explain(diagnostic({ tool: 'cargo', code: 'rust-version', message: upstream }), breakages)?.id).toBe('wasmtime-rust-version');
    const newCargo = diagnostic({
      tool: 'cargo',
      message: 'rustc 1.81.0 is not supported by the following packages:',
      rendered: 'error: rustc 1.81.0 is not supported by the following packages:\n  wasmtime@35.0.0 requires rustc 1.86\n  wasmtime-wasi@35.0.0 requires rustc 1.86',
    });
    expect(explain(newCargo, breakages)?.id).toBe('wasmtime-rust-version');
    expect(explain({ ...newCargo, rendered: 'error: rustc 1.81.0 is not supported by the following package:\n  home@0.5.11 requires rustc 1.81' }, breakages)?.id).toBe(
      'rust-version-too-old',
    );
  });

  it('does not take an unrelated diagnostic with the same code', () => {
    expect(explain(diagnostic({ code: 'E0432', message: 'unresolved import `serde::Deserialise`' }), breakages)).toBeNull();
    expect(explain(diagnostic({ code: 'E0599', message: 'no method named `lenght` found for struct `Vec<u8>` in the current scope' }), breakages)).toBeNull();
    expect(explain(diagnostic({ code: 'E0282', message: 'type annotations needed for `Box<_>`', rendered: '  --> src/main.rs:3:9' }), breakages)).toBeNull();
    expect(explain(diagnostic({ code: 'E0133', message: 'call to unsafe function `libc::free` is unsafe and requires unsafe block' }), breakages)).toBeNull();
  });

  it('does not fall back to the message when the diagnostic has a code no entry lists', () => {
    const sample = byId('edition2024-unsafe-extern').sample;
    expect(explain(diagnostic({ message: sample }), breakages)?.id).toBe('edition2024-unsafe-extern');
    expect(explain(diagnostic({ code: 'some_other_lint', message: sample }), breakages)).toBeNull();
  });

  it('applies the documented order: code first, then the most specific, then file order', () => {
    const entry = (id: string, match: Record<string, unknown>) =>
      ({ ...byId('unexpected-cfgs'), id, match: { codes: [], ...match } }) as Breakage;
    const generic = entry('generic', { codes: ['E0001'] });
    const specific = entry('specific', { codes: ['E0001'], message: 'boom' });
    const messageOnly = entry('message-only', { message: 'boom' });
    const d = diagnostic({ code: 'E0001', message: 'boom' });
    expect(explain(d, [generic, specific, messageOnly])?.id).toBe('specific');
    expect(explain({ ...d, message: 'other' }, [generic, specific, messageOnly])?.id).toBe('generic');
    expect(explain({ ...d, code: null }, [generic, messageOnly, specific])?.id).toBe('message-only');
    expect(explain({ ...d, code: 'E0002' }, [generic, specific, messageOnly])?.id).toBe('message-only');
    const twin = entry('twin', { codes: ['E0001'], message: 'bo+m' });
    expect(explain(d, [specific, twin])?.id).toBe('specific');
    expect(explain(d, [twin, specific])?.id).toBe('twin');
  });
});

describe('autofixes', () => {
  const rename = byId('wasm32-wasi-removed-rustc').autofix as ReplaceAutofix;

  it('renames wasm32-wasi as a whole word only', () => {
    const before = [
      'rustup target add wasm32-wasi wasm32-wasip1 wasm32-wasip2',
      'cargo build --target=wasm32-wasi --release',
      'cp target/wasm32-wasi/release/plugin.wasm dist/',
      'targets = ["wasm32-wasi", "wasm32-wasi-preview1-threads"]',
    ].join('\n');
    expect(applyReplace(before, rename)).toBe(
      [
        'rustup target add wasm32-wasip1 wasm32-wasip1 wasm32-wasip2',
        'cargo build --target=wasm32-wasip1 --release',
        'cp target/wasm32-wasip1/release/plugin.wasm dist/',
        'targets = ["wasm32-wasip1", "wasm32-wasi-preview1-threads"]',
      ].join('\n'),
    );
    expect(applyReplace(applyReplace(before, rename), rename)).toBe(applyReplace(before, rename));
    expect(replaceTargets(rename, diagnostic({ file: 'src/lib.rs' }))).toBeNull(); // every project file
  });

  it('renames PanicInfo only in the file the warning points at, and not inside other names', () => {
    const [warning] = parse(capture('panic-info.txt'));
    const entry = explain(warning!, breakages)!;
    const fix = resolveAutofix(entry, warning!) as ReplaceAutofix;
    expect(fix.kind).toBe('replace');
    expect(replaceTargets(fix, warning!)).toEqual(['src/lib.rs']);
    expect(applyReplace('use std::panic::PanicInfo;\nfn hook(info: &PanicInfo) {}\nstruct MyPanicInfo;', fix)).toBe(
      'use std::panic::PanicHookInfo;\nfn hook(info: &PanicHookInfo) {}\nstruct MyPanicInfo;',
    );
  });

  it('treats regex finds as regexes and literal ones literally', () => {
    const guard = byId('wasmtime-memory-guard-size').autofix as ReplaceAutofix;
    expect(applyReplace('c.static_memory_guard_size(1);\nc.dynamic_memory_guard_size(2);', guard)).toBe('c.memory_guard_size(1);\nc.memory_guard_size(2);');
    const forced = byId('wasmtime-memory-may-move').autofix as ReplaceAutofix;
    expect(applyReplace('config.static_memory_forced(true);', forced)).toBe('config.memory_may_move(false);');
    const noMangle = byId('edition2024-unsafe-attributes').autofix as ReplaceAutofix;
    expect(applyReplace('#[no_mangle]\n#[unsafe(no_mangle)]', noMangle)).toBe('#[unsafe(no_mangle)]\n#[unsafe(no_mangle)]');
  });

  it('fills command placeholders from the real diagnostic', () => {
    const [missing] = parse(capture('toolchain-not-installed.txt'));
    expect(resolveAutofix(explain(missing!, breakages)!, missing!)).toMatchObject({
      kind: 'command',
      command: 'rustup toolchain install 1.81.0-x86_64-unknown-linux-gnu',
    });
    const [noStd] = parse(capture('rustc-target-not-installed.txt'));
    expect(resolveAutofix(explain(noStd!, breakages)!, noStd!)).toMatchObject({ command: 'rustup target add wasm32-wasip1' });
    const [time] = parse(capture('time-box-inference.txt'));
    expect(resolveAutofix(explain(time!, breakages)!, time!)).toMatchObject({ command: 'cargo update -p time' });
    // No value for the placeholder: no command.
    expect(resolveAutofix(byId('rustup-toolchain-not-installed'), diagnostic({ message: 'something else' }))).toBeNull();
    expect(resolveAutofix(byId('static-mut-refs'), diagnostic({}))).toBeNull();
  });

  it("puts a placeholder's value into the command as one quoted word: build output cannot inject a command", () => {
    const crafted = diagnostic({ tool: 'rustup', message: "toolchain '$(touch X); x' is not installed" });
    expect(resolveAutofix(byId('rustup-toolchain-not-installed'), crafted)).toMatchObject({ command: "rustup toolchain install '$(touch X); x'" });
  });
});

describe('a broken breakages file', () => {
  it('reports a YAML syntax error with file:line:col', () => {
    const broken = edit(shipped, '  - id: unexpected-cfgs\n', '  - id: unexpected-cfgs\n   title: [oops\n');
    const error = errorOf(broken);
    expect(error.file).toBe('breakages.yaml');
    expect(error.line).toBeGreaterThanOrEqual(lineOf(shipped, '  - id: unexpected-cfgs'));
    expect(error.message).toMatch(/^breakages\.yaml:\d+:\d+: /);
  });

  it('points at a regex that does not compile', () => {
    const broken = edit(shipped, "      message: 'unexpected `cfg` condition (?:name|value)'", "      message: 'unexpected `cfg` condition (?:name|value'");
    const error = errorOf(broken);
    expect(error.line).toBe(lineOf(shipped, "message: 'unexpected `cfg` condition (?:name|value)'"));
    expect(error.column).toBe(16);
    expect(error.docPath).toBe('breakages[2].match.message');
    expect(error.reason).toMatch(/^not a valid regular expression: /);
  });

  it('refuses an entry whose sample does not match its own matcher, saying why', () => {
    const broken = edit(shipped, "    sample: 'unexpected `cfg` condition name: `nightly`'", "    sample: 'unknown cfg `nightly`'");
    const error = errorOf(broken);
    expect(error.docPath).toBe('breakages[2].sample');
    expect(error.line).toBe(lineOf(shipped, "sample: 'unexpected `cfg` condition name: `nightly`'"));
    expect(error.reason).toBe('the sample "unknown cfg `nightly`" does not match match.message /unexpected `cfg` condition (?:name|value)/');
    expect(error.message).toBe(`breakages.yaml:${error.line}:13: at breakages[2].sample: ${error.reason}`);
  });

  it('refuses a sample whose rendered context does not match `match.rendered`', () => {
    const broken = edit(shipped, "    sampleContext: '  --> src/format_description/parse/mod.rs:31:9'", "    sampleContext: '  --> src/main.rs:31:9'");
    const error = errorOf(broken);
    expect(error.docPath).toBe(`breakages[${breakages.findIndex((b) => b.id === 'time-box-inference')}].sample`);
    expect(error.reason).toMatch(/does not match match\.rendered/);
  });

  it('refuses a sample another entry explains first', () => {
    // A looser E0599 regex on an earlier entry takes the samples of the later E0599 entries.
    const broken = edit(shipped, "      message: 'no method named `static_memory_maximum_size`'", "      message: 'no method named'");
    const error = errorOf(broken);
    const mayMove = breakages.findIndex((b) => b.id === 'wasmtime-memory-may-move');
    expect(error.docPath).toBe(`breakages[${mayMove}].sample`);
    expect(error.line).toBe(lineOf(shipped, 'sample: no method named `static_memory_forced`'));
    expect(error.reason).toBe(
      'the sample with code E0599 is explained by "wasmtime-memory-reservation" instead of "wasmtime-memory-may-move": make one of the matchers more specific, or list the more specific entry first',
    );
  });

  it('refuses duplicate ids, pointing at the second', () => {
    const broken = edit(shipped, '  - id: dead-code-tuple-fields\n', '  - id: static-mut-refs\n');
    const error = errorOf(broken);
    expect(error.docPath).toBe('breakages[1].id');
    expect(error.reason).toBe('id "static-mut-refs" is already used by breakages[0]');
    expect(error.line).toBe(lineOf(shipped, '  - id: dead-code-tuple-fields'));
  });

  it('refuses an entry citing only the facts file', () => {
    const broken = edit(
      shipped,
      '      - https://doc.rust-lang.org/edition-guide/rust-2024/static-mut-references.html\n      - https://doc.rust-lang.org/rustc/lints/listing/warn-by-default.html#static-mut-refs\n',
      '',
    );
    const error = errorOf(broken);
    expect(error.docPath).toBe('breakages[0].sources');
    expect(error.reason).toBe(`cite at least one upstream https:// source, not only ${FACTS_SOURCE}`);
  });

  it('refuses an entry without a sample', () => {
    const broken = edit(shipped, '    sample: fields `0` and `1` are never read\n', '');
    const error = errorOf(broken);
    expect(error.docPath).toBe('breakages[1].sample');
  });

  it('refuses a rename that would rename its own result again', () => {
    const broken = edit(
      shipped,
      '      find: static_memory_maximum_size\n      with: memory_reservation\n      wholeWord: true\n',
      '      find: memory\n      with: memory_reservation\n',
    );
    const error = errorOf(broken);
    expect(error.docPath).toMatch(/^breakages\[\d+\]\.autofix\.find$/);
    expect(error.reason).toMatch(/would change its own result "memory_reservation" again/);
  });

  it('refuses a command placeholder that no regex captures', () => {
    const broken = edit(shipped, '      command: rustup toolchain install ${toolchain}', '      command: rustup toolchain install ${name}');
    const error = errorOf(broken);
    expect(error.docPath).toMatch(/^breakages\[\d+\]\.autofix\.command$/);
    expect(error.reason).toBe('${name} is not a named group of match.message or match.rendered');
  });
});

// One real compilation, when this machine has a stable toolchain: the fixtures
// above are still what rustc prints.
const hasCargo = spawnSync('cargo', ['+stable', '--version'], { encoding: 'utf8', env: { ...process.env, RUSTUP_AUTO_INSTALL: '0' } }).status === 0;

/** `cargo +stable check` of a one-file edition 2024 crate; its diagnostics, parsed. */
function checkLive(lib: string): Diagnostic[] {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-breakages-'));
  try {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'Cargo.toml'), '[package]\nname = "live"\nversion = "0.1.0"\nedition = "2024"\n');
    writeFileSync(join(dir, 'src', 'lib.rs'), lib);
    const run = spawnSync('cargo', ['+stable', 'check', '--offline', '--color', 'never'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, RUST_BACKTRACE: '0', RUSTUP_AUTO_INSTALL: '0', CARGO_TARGET_DIR: join(dir, 'target') },
    });
    expect(run.status).toBe(101);
    return parse(run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasCargo)('live rustc', () => {
  it('explains edition 2024 errors of freshly compiled crates', () => {
    const staticMut = checkLive('static mut N: u32 = 0;\n\npub fn n() -> u32 {\n    let r = unsafe { &N };\n    *r\n}\n');
    expect(staticMut.map((d) => explain(d, breakages)?.id ?? null)).toEqual(['static-mut-refs']);
    const noMangle = checkLive('#[no_mangle]\npub extern "C" fn entry() {}\n');
    expect(noMangle.map((d) => explain(d, breakages)?.id ?? null)).toEqual(['edition2024-unsafe-attributes']);
  });
});
