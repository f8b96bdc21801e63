#!/usr/bin/env bash
# Install what building and serving SGD Layers needs, reusing anything already at the right
# version: the wasm32 target, trunk, wasm-bindgen-cli (exactly the version in Cargo.lock) and
# wasm-opt (npm `binaryen`, pinned in package-lock.json). Nothing is downloaded from outside the
# package registries; Trunk itself runs offline (Trunk.toml).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

TRUNK_VERSION=0.21.14   # trunk 0.22 needs rustc >= 1.96
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! command -v cargo >/dev/null; then
  say "cargo not found: install Rust (rustup) first, then run this again."; exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  # Not --locked: its own lock file pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! command -v npm >/dev/null; then
  say "npm not found; installing Debian's nodejs and npm"
  as_root apt-get update -qq && as_root apt-get install -y -qq nodejs npm || { say "could not install npm: install Node.js and npm, then run this again."; exit 1; }
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing pinned npm tools (binaryen's wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund
fi
if [ "$(wasm-opt --version 2>/dev/null | grep -o 'version_[0-9]*')" != "version_132" ]; then
  say "wasm-opt on PATH is not binaryen 132 (Debian's binaryen breaks the build)"; exit 1
fi
say "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | grep -o 'version_[0-9]*')"
