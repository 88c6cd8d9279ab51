#!/usr/bin/env bash
# Installs the real Rust toolchain ladder the tests use (see
# /work/shared/knowledge/real-toolchains.md), from Debian's packages:
#   debian-1.63  Debian 12's rustc 1.63 / cargo 1.65 (/usr), linked into rustup
#   debian-1.85  Debian 12's rustc-web 1.85 (the release that stabilised edition 2024),
#                unpacked under $LADDER_1_85_ROOT, linked into rustup
#   real crates  as librust-*-dev packages under /usr/share/cargo/registry, an offline registry
# beside rustup's own stable. A fast no-op when all of it is there. When it cannot install
# (no apt-get, not root, no rustup, Debian's mirror unreachable) it says what is missing and
# exits 1; the tests that need the ladder then skip with the reason test/helpers/ladder.ts finds.
#
# The crates, chosen by trying them: memoffset 0.6.5 (edition 2015; build dependency autocfg,
# dev-dependency doc-comment, both installed here) builds and passes its tests on debian-1.63 and
# on stable, where its build script's cfgs (`allow_clippy`, `maybe_uninit`, `doctests`...) give
# 12 real `unexpected_cfgs` warnings (Rust 1.80+). scopeguard 1.1.0, also tried, gives stable
# nothing to say but cargo's "no edition set", so it is not installed.
set -euo pipefail
shopt -s nullglob
# Asking `rustup run NAME` must never start a download.
export RUSTUP_AUTO_INSTALL=0

LADDER_1_85_ROOT="${LADDER_1_85_ROOT:-/opt/stepwise-ladder/rust-1.85}"
LADDER_1_85_VERSION='1.85.0+dfsg3-1~deb12u3'
LADDER_1_85_PACKAGES=(rustc-web cargo-web libstd-rust-web-dev libstd-rust-web-1.85)
REGISTRY=/usr/share/cargo/registry
# Kept in step with test/helpers/ladder.ts (LADDER_CRATES). Each is librust-<name>-dev, which pulls
# in its dependencies, but not its dev-dependencies: those are listed too.
# spin, matches and owning_ref: real edition 2015 crates `stepwise migrate` is tested on (spin's optional lock_api, and scopeguard, resolve too).
LADDER_CRATES=(memoffset doc-comment spin lock_api scopeguard matches owning_ref)

say() { printf 'ladder: %s\n' "$*"; }
missing() {
  printf 'ladder: cannot install the toolchain ladder: %s\n' "$*" >&2
  printf 'ladder: the tests that need it will skip, naming what is missing\n' >&2
  exit 1
}

# `rustup run NAME rustc --version` prints `rustc 1.63.0 ...`: the toolchain is linked and runs.
toolchain_is() { rustup run "$1" rustc --version 2>/dev/null | grep -q "^rustc $2\\."; }
crate_present() { compgen -G "$REGISTRY/$1-[0-9]*/Cargo.toml" >/dev/null; }

everything_present() {
  command -v rustup >/dev/null 2>&1 || return 1
  toolchain_is debian-1.63 1.63 || return 1
  toolchain_is debian-1.85 1.85 || return 1
  for crate in "${LADDER_CRATES[@]}"; do crate_present "$crate" || return 1; done
}

if everything_present; then
  say "already installed: debian-1.63 ($(rustup run debian-1.63 rustc --version)), debian-1.85 ($(rustup run debian-1.85 rustc --version)), crates ${LADDER_CRATES[*]} in $REGISTRY"
  exit 0
fi

command -v rustup >/dev/null 2>&1 || missing 'rustup is not on PATH (the ladder is linked into rustup beside its stable)'
command -v apt-get >/dev/null 2>&1 || missing 'apt-get is not available (the ladder comes from Debian 12 packages)'
[ "$(id -u)" = 0 ] || missing "installing Debian packages needs root (running as $(id -un))"

export DEBIAN_FRONTEND=noninteractive
apt_packages=(rustc cargo libllvm19 libpcre3)
for crate in "${LADDER_CRATES[@]}"; do apt_packages+=("librust-${crate//_/-}-dev"); done

say "apt-get update"
apt-get update -qq || missing "apt-get update failed: Debian's mirror is unreachable (no network?)"
say "apt-get install ${apt_packages[*]}"
apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null \
  || missing "apt-get install ${apt_packages[*]} failed (see above)"

if ! toolchain_is debian-1.63 1.63; then
  say 'rustup toolchain link debian-1.63 /usr'
  rustup toolchain link debian-1.63 /usr
fi

if ! toolchain_is debian-1.85 1.85; then
  work="$(mktemp -d)"
  chmod 755 "$work" # apt-get download fetches as the _apt user
  trap 'rm -rf "$work"' EXIT
  say "apt-get download ${LADDER_1_85_PACKAGES[*]} (=$LADDER_1_85_VERSION), unpacked into $LADDER_1_85_ROOT"
  (cd "$work" && apt-get download -qq "${LADDER_1_85_PACKAGES[@]/%/=$LADDER_1_85_VERSION}") \
    || missing "apt-get download of rustc-web $LADDER_1_85_VERSION failed (is the bookworm-security/updates source configured?)"
  rm -rf "$LADDER_1_85_ROOT"
  mkdir -p "$LADDER_1_85_ROOT"
  for deb in "$work"/*.deb; do dpkg -x "$deb" "$LADDER_1_85_ROOT"; done
  # rustup puts the toolchain's lib/ on the library path; Debian keeps them in lib/<triple>/.
  for so in "$LADDER_1_85_ROOT"/usr/lib/x86_64-linux-gnu/*.so*; do
    ln -sf "$so" "$LADDER_1_85_ROOT/usr/lib/$(basename "$so")"
  done
  say "rustup toolchain link debian-1.85 $LADDER_1_85_ROOT/usr"
  rustup toolchain link debian-1.85 "$LADDER_1_85_ROOT/usr"
fi

toolchain_is debian-1.63 1.63 || missing "debian-1.63 is linked but \`rustup run debian-1.63 rustc --version\` does not say 1.63"
toolchain_is debian-1.85 1.85 || missing "debian-1.85 is linked but \`rustup run debian-1.85 rustc --version\` does not say 1.85 ($(rustup run debian-1.85 rustc --version 2>&1 | head -1))"
for crate in "${LADDER_CRATES[@]}"; do crate_present "$crate" || missing "crate $crate is not in $REGISTRY after installing its package"; done
say "installed: debian-1.63 ($(rustup run debian-1.63 rustc --version)), debian-1.85 ($(rustup run debian-1.85 rustc --version)), crates ${LADDER_CRATES[*]} in $REGISTRY"
