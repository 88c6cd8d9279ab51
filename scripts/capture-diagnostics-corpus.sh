#!/usr/bin/env bash
# Captures the diagnostics corpus (test/fixtures/diagnostics-corpus): real crates from
# Debian's packages built, tested and linted on each toolchain of the ladder, every run
# twice from a clean target: once as a terminal shows it (colours on) and once with
# `--message-format=json`. test/integration/diagnosticsCorpus.test.ts takes the truth from
# the JSON and requires the human-text parser to agree on every diagnostic.
#
# Needs the ladder (scripts/install-toolchain-ladder.sh) and the crates below installed as
# librust-<name>-dev (their dev-dependencies too: each was chosen because Debian has them).
# Not run by CI: what it wrote is committed, as the ladder's real output on the day it ran.
#   scripts/capture-diagnostics-corpus.sh [CRATE...]
set -euo pipefail
# One job at a time: a failing build stops at the same point in both captures (with jobs in parallel,
# one capture could compile, and warn about, a target the other had not reached when it stopped).
export RUSTUP_AUTO_INSTALL=0 CARGO_NET_OFFLINE=true CARGO_BUILD_JOBS=1
REGISTRY=/usr/share/cargo/registry
HERE="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$HERE/test/fixtures/diagnostics-corpus"
WORK="${CORPUS_WORK:-/tmp/stepwise-corpus}"
TOOLCHAINS=(debian-1.63 debian-1.85 stable)
CRATES=("$@")
if [ ${#CRATES[@]} -eq 0 ]; then
  CRATES=(adler cfg-if doc-comment fnv itoa lazy_static lock_api matches memoffset owning_ref scopeguard spin static_assertions unicode-width void)
fi
# Edition migrations run on these, one edition at a time, to 2024; nightly builds and lints them too.
MIGRATED=(fnv lazy_static memoffset owning_ref spin)

say() { printf 'corpus: %s\n' "$*" >&2; }

# A fresh copy of a crate from the registry, built against the registry offline.
fresh_copy() {
  local crate=$1 dir=$2 source
  source=$(compgen -G "$REGISTRY/$crate-[0-9]*" | sort -V | tail -n 1) || { say "$crate is not in $REGISTRY (apt-get install librust-$crate-dev)"; return 1; }
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && cp -r "$source" "$dir"
  rm -f "$dir/.cargo-checksum.json" "$dir/Cargo.lock" "$dir/debian" -r
  mkdir -p "$dir/.cargo"
  printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "%s"\n' "$REGISTRY" >"$dir/.cargo/config.toml"
}

# One run as the terminal shows it and one as JSON, each from a clean target.
# $1 name of the fixture, $2 toolchain, rest: cargo's arguments.
capture() {
  local name=$1 toolchain=$2
  shift 2
  local base="$OUT/$crate/$name" status
  cargo "+$toolchain" clean -q 2>/dev/null || true
  # `cargo fix` changes the sources: the JSON run starts from the same ones as the first.
  rm -rf "$dir.before" && cp -a "$dir" "$dir.before"
  set +e
  CARGO_TERM_COLOR=always cargo "+$toolchain" "$@" >"$base.ansi.txt" 2>&1
  status=$?
  rm -rf "$dir" && cp -a "$dir.before" "$dir" && cd "$dir"
  cargo "+$toolchain" clean -q 2>/dev/null
  cargo "+$toolchain" "$@" --message-format=json >"$base.jsonl" 2>/dev/null
  set -e
  rm -rf "$dir.before"
  # Only cargo's JSON lines are kept: a test binary's own output is in the human capture.
  grep '^{' "$base.jsonl" >"$base.tmp" || true
  mv "$base.tmp" "$base.jsonl"
  printf '{"fixture":"%s","toolchain":"%s","rustc":"%s","command":"cargo +%s %s","exit":%d}\n' \
    "$name" "$toolchain" "$(rustc "+$toolchain" --version)" "$toolchain" "$*" "$status" >>"$OUT/$crate/runs.jsonl"
  say "$crate $name: exit $status, $(grep -c '"reason":"compiler-message"' "$base.jsonl" || true) compiler messages"
}

# Human text only, for commands with no JSON messages (`cargo update`): an empty .jsonl beside it.
capture_text() {
  local name=$1 toolchain=$2
  shift 2
  local base="$OUT/$crate/$name" status
  set +e
  CARGO_TERM_COLOR=always cargo "+$toolchain" "$@" >"$base.ansi.txt" 2>&1
  status=$?
  set -e
  : >"$base.jsonl"
  printf '{"fixture":"%s","toolchain":"%s","rustc":"%s","command":"cargo +%s %s","exit":%d}\n' \
    "$name" "$toolchain" "$(rustc "+$toolchain" --version)" "$toolchain" "$*" "$status" >>"$OUT/$crate/runs.jsonl"
  say "$crate $name: exit $status (text only)"
}

edition_of() { sed -n 's/^edition *= *"\([0-9]*\)".*/\1/p' Cargo.toml | head -n 1; }
set_edition() {
  if grep -q '^edition' Cargo.toml; then sed -i "s/^edition *= *\"[0-9]*\"/edition = \"$1\"/" Cargo.toml
  else sed -i "0,/^\[package\]/s//[package]\nedition = \"$1\"/" Cargo.toml; fi
}

for crate in "${CRATES[@]}"; do
  dir="$WORK/$crate"
  fresh_copy "$crate" "$dir"
  rm -rf "${OUT:?}/$crate" && mkdir -p "$OUT/$crate"
  cd "$dir"
  for toolchain in "${TOOLCHAINS[@]}"; do
    capture "$toolchain-build" "$toolchain" build --offline
    capture "$toolchain-test" "$toolchain" test --offline --no-fail-fast
    # Debian's 1.63 and 1.85 have no clippy: cargo's `no such command` is captured as it is.
    capture "$toolchain-clippy" "$toolchain" clippy --offline --all-targets
  done
  # The lock file each toolchain's cargo writes (1.65 and 1.95 lock differently), then updated offline.
  capture_text debian-1.63-update debian-1.63 update --offline
  rm -f Cargo.lock
  capture_text stable-update stable update --offline
  if printf '%s\n' "${MIGRATED[@]}" | grep -qx "$crate"; then
    capture nightly-build nightly build --offline
    capture nightly-clippy nightly clippy --offline --all-targets
    # 2015 -> 2018 -> 2021 on 1.85 (its cargo knows them all), then 2021 -> 2024 on stable.
    for next in 2018 2021 2024; do
      current=$(edition_of); current=${current:-2015}
      [ "$current" -lt "$next" ] || continue
      toolchain=debian-1.85
      [ "$next" = 2024 ] && toolchain=stable
      capture "$toolchain-fix-edition-$next" "$toolchain" fix --offline --edition --allow-no-vcs --allow-dirty --all-targets
      set_edition "$next"
    done
  fi
  cd "$HERE"
done
say "written to $OUT"
