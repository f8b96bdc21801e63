#!/usr/bin/env bash
# `make test` and `make test-quick`: every stage, timed, with a table of wall times at the end
# (printed whether the run passes or fails, so CI's log always has it).
#
#   scripts/test.sh          setup, native tests, release build, size budget, every browser file
#   scripts/test.sh quick    native tests, release build, and the browser tests of one widget
#                            (WIDGET=saddle) or one chapter's file (CHAPTER=layer-3)
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
mode=${1:-full}
export TEST_TIMES
TEST_TIMES=$(mktemp)
t_start=$(date +%s%N)

table() {
  local total=$(( ($(date +%s%N) - t_start) / 1000000 ))
  printf '\n\033[1mWall time by stage\033[0m (%s)\n' "$mode"
  awk -F'\t' '{ printf "  %-38s %8.1f s  %s\n", $1, $2, ($3 == 0 ? "ok" : "FAILED") }' "$TEST_TIMES"
  printf '  %-38s %8.1f s\n' "total" "$(awk -v ms="$total" 'BEGIN { print ms / 1000 }')"
  rm -f "$TEST_TIMES"
}
trap table EXIT

# Run "$@" as the stage $1, record its wall time and exit code; stop the whole run if it fails.
stage() {
  local name=$1 t0 rc
  shift
  printf '\n\033[1m[test] %s\033[0m\n' "$name"
  t0=$(date +%s%N)
  "$@"
  rc=$?
  printf '%s\t%s\t%s\n' "$name" "$(awk -v ns="$(( $(date +%s%N) - t0 ))" 'BEGIN { printf "%.1f", ns / 1e9 }')" "$rc" >> "$TEST_TIMES"
  [ "$rc" -eq 0 ] || exit "$rc"
}

native() { cargo test --all-targets && cargo test --doc; }
setup() { bash scripts/setup.sh && bash scripts/test-deps.sh; }

case "$mode" in
  full)
    stage setup setup
    stage native native
    stage build trunk build --release
    stage size node scripts/size.mjs --check
    # The browser files record their own rows ("browser: <file>"); this row is their wall time.
    stage "browser (all files)" node scripts/e2e.mjs
    ;;
  quick)
    files=()
    if [ -n "${WIDGET:-}" ]; then
      # That widget's own tests (their names start with its id), and the suites that walk every
      # widget (quality, teachers), restricted to it.
      export TEST_WIDGETS=$WIDGET
      mapfile -t own < <(grep -l -E "test\\('${WIDGET}: " tests/e2e/*.test.mjs)
      [ ${#own[@]} -gt 0 ] || { echo "No browser test is named after WIDGET=$WIDGET (a test name starts with the widget id and a colon)."; exit 2; }
      for f in "${own[@]}"; do files+=("$f@^(${WIDGET}: |\\?widget= renders)"); done
      files+=(quality teachers)
    elif [ -n "${CHAPTER:-}" ]; then
      files=("tests/e2e/${CHAPTER//-/}.test.mjs")
      [ -f "${files[0]}" ] || { echo "No browser test file for CHAPTER=$CHAPTER; there are: $(ls tests/e2e/*.test.mjs | xargs -n1 basename | sed 's/\.test\.mjs//' | tr '\n' ' ')"; exit 2; }
    else
      echo "make test-quick needs WIDGET=<id> (for example WIDGET=saddle) or CHAPTER=<chapter> (for example CHAPTER=layer-3)."
      exit 2
    fi
    stage native native
    stage build trunk build --release
    if [ -n "${WIDGET:-}" ]; then
      stage "browser (${WIDGET})" node scripts/e2e.mjs "${files[@]}"
    else
      stage "browser (${CHAPTER})" node scripts/e2e.mjs "${files[@]}"
    fi
    ;;
  *)
    echo "usage: scripts/test.sh [quick]"; exit 2 ;;
esac
