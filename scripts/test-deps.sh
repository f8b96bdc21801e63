#!/usr/bin/env bash
# Make sure a Chromium exists for the browser tests: Debian's chromium when we can install it,
# otherwise an existing Chrome/Chromium (set CHROMIUM=/path to choose one).
set -euo pipefail
say() { printf '\033[1m[test-deps]\033[0m %s\n' "$*"; }
for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable; do
  if [ -n "$c" ] && [ -x "$c" ]; then say "browser: $c"; exit 0; fi
done
if [ "$(id -u)" = 0 ]; then
  say "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  say "browser: /usr/bin/chromium"
  exit 0
fi
say "No Chrome or Chromium found, and not root, so it cannot be installed from apt."
say "Install it with: sudo apt-get install chromium chromium-driver   (or set CHROMIUM=/path/to/chrome)"
exit 1
