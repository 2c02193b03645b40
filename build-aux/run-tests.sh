#!/bin/sh
# Builds Angiomark and runs its whole test suite, then again built with AddressSanitizer and
# UndefinedBehaviorSanitizer (the tests that need no display). Ends with one line:
# "N passed, N failed", counted from meson's test logs.
set -u
cd "$(dirname "$0")/.."
# Nothing reads the terminal: meson asks the compiler for its include paths with `-E -v -`, and
# an inherited stdin that carries data (a background job, a pipe) is fed to it. An empty file of
# our own, not /dev/null: a CI run's second `meson setup` read 44 kB of binary from its stdin
# after the first suite had run, as if /dev/null there were a file things had been written to.
empty_stdin=$(mktemp)
exec < "$empty_stdin"
rm -f "$empty_stdin"

build_failures=0

run_suite () {
  dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" || { build_failures=$((build_failures + 1)); return; }
  fi
  meson compile -C "$dir" || { build_failures=$((build_failures + 1)); return; }
  rm -f "$dir/meson-logs/testlog.json"
  meson test -C "$dir" --print-errorlogs $suite_args
}

# Everything (the tests that draw start their own Xvfb), then the sanitizer build without them.
suite_args=""
run_suite _build
suite_args="--suite unit"
run_suite _build-asan -Db_sanitize=address,undefined -Db_lundef=false

python3 - "$build_failures" _build _build-asan <<'PY'
import json, os, sys
passed = failed = 0
failed += int(sys.argv[1])
for build in sys.argv[2:]:
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        continue
    for line in open(log):
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result != "SKIP":
            failed += 1
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
