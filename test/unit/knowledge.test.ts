import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  COMPATIBILITY_FILE,
  FACTS_SOURCE,
  KnowledgeError,
  loadBuiltinCompatibility,
  parseCompatibility,
} from '../../src/core/knowledge/compatibility';
import { resolveResourcesDir } from '../../src/core/platform/fs/paths';
import { editOnce, thrownBy } from '../helpers/errors';

const FILE = join(resolveResourcesDir(), 'knowledge', COMPATIBILITY_FILE);
const shipped = readFileSync(FILE, 'utf8');

function errorOf(text: string): KnowledgeError {
  return thrownBy(KnowledgeError, () => parseCompatibility(text, 'compatibility.yaml'));
}

const edit = editOnce;

describe('compatibility knowledge', () => {
  const knowledge = loadBuiltinCompatibility(resolveResourcesDir());

  it('loads the shipped file: wasmtime 25..36 with their minimum Rust', () => {
    expect(Object.fromEntries(knowledge.wasmtime.map((e) => [e.major, e.rust]))).toEqual({
      25: '1.78', 26: '1.78', 27: '1.80', 28: '1.81', 29: '1.81', 30: '1.82',
      31: '1.83', 32: '1.84', 33: '1.84', 34: '1.85', 35: '1.86', 36: '1.86',
    });
    expect(knowledge.wasmtime.filter((e) => e.edition2024).map((e) => e.major)).toEqual([34, 35, 36]);
    expect(knowledge.editions.find((e) => e.edition === '2024')?.rust).toBe('1.85');
    expect(knowledge.targets).toEqual([
      expect.objectContaining({ name: 'wasm32-wasi', replacement: 'wasm32-wasip1', replacementSince: '1.78', warnsFrom: '1.81', removedIn: '1.84' }),
    ]);
    expect(knowledge.deprecations).toEqual([expect.objectContaining({ id: 'panic-info', warnsFrom: '1.82' })]);
  });

  it('cites a source for every entry: an https URL or the facts file', () => {
    const entries = [...knowledge.wasmtime, ...knowledge.editions, ...knowledge.targets, ...knowledge.deprecations];
    expect(entries.length).toBeGreaterThan(12);
    for (const entry of entries) {
      expect(entry.source.length).toBeGreaterThan(0);
      for (const source of entry.source) expect(source === FACTS_SOURCE || /^https:\/\/\S+$/.test(source)).toBe(true);
    }
    // The upstream texts, not only the local facts file.
    const all = entries.flatMap((e) => e.source).join('\n');
    expect(all).toContain('https://github.com/rust-lang/rust/blob/master/RELEASES.md');
    expect(all).toContain('https://doc.rust-lang.org/edition-guide/rust-2024/index.html');
    expect(all).toContain('https://github.com/bytecodealliance/wasmtime/blob/v35.0.0/RELEASES.md');
  });

  it('reports a broken copy with file:line:col and the path', () => {
    const error = errorOf(edit(shipped, '    rust: "1.80"', '    rust: 1.80'));
    const line = shipped.split('\n').indexOf('    rust: "1.80"') + 1;
    expect(error.line).toBe(line);
    expect(error.column).toBe(11);
    expect(error.docPath).toBe('wasmtime[2].rust');
    expect(error.message).toBe(
      `compatibility.yaml:${line}:11: at wasmtime[2].rust: quote the Rust version ("1.8"): YAML reads a bare 1.80 as the number 1.8`,
    );
  });

  it('refuses an entry without a source, pointing at the entry', () => {
    const broken = edit(shipped, '      - https://github.com/bytecodealliance/wasmtime/blob/v31.0.0/Cargo.toml\n      - rust-upgrade-facts.md\n', '      - ftp://example.org/x\n');
    expect(errorOf(broken).docPath).toBe('wasmtime[6].source[0]');
    const missing = edit(shipped, '    source:\n      - https://doc.rust-lang.org/edition-guide/rust-2021/index.html\n', '');
    const error = errorOf(missing);
    expect(error.docPath).toBe('editions[0].source');
    expect(error.reason).toBe('every entry needs a `source`');
    expect(error.line).toBe(shipped.split('\n').indexOf('  - edition: "2021"') + 1);
  });

  it('checks the table is consistent', () => {
    expect(errorOf(edit(shipped, '  - major: 30', '  - major: 29')).reason).toBe('wasmtime 29 is listed twice');
    expect(errorOf(edit(shipped, '    rust: "1.83"', '    rust: "1.79"')).reason).toBe('wasmtime 31 cannot need an older Rust (1.79) than wasmtime 30 (1.82)');
  });

  it('reports YAML syntax errors with a position', () => {
    const error = errorOf('schema: 1\nwasmtime: [\n');
    expect(error.line).toBeGreaterThan(0);
    expect(error.message).toMatch(/^compatibility\.yaml:\d+:\d+: /);
  });
});
