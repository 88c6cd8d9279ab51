import { describe, expect, it } from 'vitest';
import { languageOf, tokenize, type Language, type TokenKind } from '../../src/shared/syntaxTokens';

/** The non-plain tokens of a line, as [kind, text]. */
const coloured = (line: string, language: Language): [TokenKind, string][] =>
  tokenize(line, language)
    .filter((t) => t.kind !== 'plain')
    .map((t) => [t.kind, t.text]);

describe('languageOf', () => {
  it('knows the files of a Rust toolchain upgrade by name', () => {
    expect(
      ['src/lib.rs', 'Cargo.toml', 'Cargo.lock', 'rust-toolchain', '.github/workflows/ci.yml', 'a/b.yaml', 'Makefile', 'build/rules.mk', 'Dockerfile', 'docker/Dockerfile.release', 'README.md'].map(
        languageOf,
      ),
    ).toEqual(['rust', 'toml', 'toml', 'toml', 'yaml', 'yaml', 'make', 'make', 'docker', 'docker', null]);
  });
});

describe('tokenize', () => {
  it('gives back every character of the line, in order', () => {
    const lines: [string, Language][] = [
      ['    let engine = wasmtime::Engine::new(&config)?; // 35', 'rust'],
      ['wasmtime = { path = "vendor/wasmtime", version = "35.0.0" }', 'toml'],
      ['      - run: cargo +${{ matrix.rust }} test # all', 'yaml'],
      ['\tcargo build --release --target $(TARGET)', 'make'],
      ['FROM rust:1.75-slim AS build', 'docker'],
    ];
    for (const [line, language] of lines) expect(tokenize(line, language).map((t) => t.text).join('')).toBe(line);
  });

  it('colours Rust keywords, types, macros, strings, lifetimes, attributes and comments', () => {
    expect(coloured('#[derive(Debug)]', 'rust')).toEqual([['attr', '#[derive(Debug)]']]);
    expect(coloured("pub fn score<'a>(x: &'a str) -> u64 { println!(\"{x}\"); 0x1F } // done", 'rust')).toEqual([
      ['keyword', 'pub'],
      ['keyword', 'fn'],
      ['attr', "'a"],
      ['attr', "'a"],
      ['macro', 'println!'],
      ['string', '"{x}"'],
      ['number', '0x1F'],
      ['comment', '// done'],
    ]);
    expect(coloured('use wasmtime::p2::WasiCtxBuilder;', 'rust')).toEqual([
      ['keyword', 'use'],
      ['type', 'WasiCtxBuilder'],
    ]);
    expect(coloured("let c = 'x';", 'rust')).toEqual([
      ['keyword', 'let'],
      ['string', "'x'"],
    ]);
  });

  it('colours TOML sections, keys, strings and numbers', () => {
    expect(coloured('[dependencies]', 'toml')).toEqual([['section', '[dependencies]']]);
    expect(coloured('rust-version = "1.75" # MSRV', 'toml')).toEqual([
      ['key', 'rust-version'],
      ['string', '"1.75"'],
      ['comment', '# MSRV'],
    ]);
    expect(coloured('wasmtime = { version = "35", optional = true }', 'toml')).toEqual([
      ['key', 'wasmtime'],
      ['key', 'version'],
      ['string', '"35"'],
      ['key', 'optional'],
      ['keyword', 'true'],
    ]);
    expect(coloured('channel = "1.75.0"', 'toml')[1]).toEqual(['string', '"1.75.0"']);
    expect(coloured('x = [1, 2]', 'toml')).toEqual([
      ['key', 'x'],
      ['number', '1'],
      ['number', '2'],
    ]);
  });

  it('colours YAML keys after a list dash, expressions, and comments only after a space', () => {
    expect(coloured('  - uses: actions/checkout@v4', 'yaml')).toEqual([['key', 'uses']]);
    expect(coloured('    toolchain: ${{ matrix.rust }} # pinned', 'yaml')).toEqual([
      ['key', 'toolchain'],
      ['variable', '${{ matrix.rust }}'],
      ['comment', '# pinned'],
    ]);
    expect(coloured('url: http://example.com/#anchor', 'yaml')).toEqual([['key', 'url']]);
    expect(coloured('  - cargo test', 'yaml')).toEqual([]);
  });

  it('colours Makefile variables, targets and directives, and reads recipes as shell', () => {
    expect(coloured('RUST_VERSION ?= 1.75', 'make')).toEqual([['key', 'RUST_VERSION']]);
    expect(coloured('build: deps', 'make')).toEqual([['section', 'build']]);
    expect(coloured('.PHONY: build', 'make')).toEqual([['keyword', '.PHONY']]);
    expect(coloured('\techo "a:b" $(RUST_VERSION) $@', 'make')).toEqual([
      ['string', '"a:b"'],
      ['variable', '$(RUST_VERSION)'],
      ['variable', '$@'],
    ]);
  });

  it('colours Dockerfile instructions, flags and variables', () => {
    expect(coloured('ARG RUST_VERSION=1.75', 'docker')).toEqual([['keyword', 'ARG']]);
    expect(coloured('FROM rust:${RUST_VERSION}-slim AS build', 'docker')).toEqual([
      ['keyword', 'FROM'],
      ['variable', '${RUST_VERSION}'],
      ['keyword', 'AS'],
    ]);
    expect(coloured('COPY --from=build /app/target /usr/local/bin # not a comment', 'docker')).toEqual([
      ['keyword', 'COPY'],
      ['attr', '--from=build'],
    ]);
  });

  it('leaves files of other languages plain', () => {
    expect(tokenize('# Title', null)).toEqual([{ kind: 'plain', text: '# Title' }]);
  });
});
