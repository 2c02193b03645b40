#!/bin/sh
# Builds Angiomark and runs its whole test suite, then again built with AddressSanitizer and
# UndefinedBehaviorSanitizer (the tests that need no display). Ends with one line:
# "N passed, N failed", counted from meson's test logs.
set -u
cd "$(dirname "$0")/.."
# Nothing reads the terminal: the tests' programs get an empty stdin of their own.
empty_stdin=$(mktemp)
exec < "$empty_stdin"
rm -f "$empty_stdin"

build_failures=0
# What /dev/null is, before and after (see below: on one CI run it held the suite's output).
echo "before: $(ls -l /dev/null 2>&1)"

# Both build folders are configured before anything is built or run. meson asks the compiler
# for its include paths with `cc -E -v -` on a /dev/null it opens itself; on a CI machine the
# second configuration, made after the first suite had run, read 44 kB of binary there (as if
# /dev/null were a file the tests' output had gone into) and meson died decoding it.
configure () {
  dir=$1; shift
  [ -f "$dir/build.ninja" ] || meson setup "$dir" "$@" || {
    build_failures=$((build_failures + 1))
    return 1
  }
}

run_suite () {
  dir=$1
  meson compile -C "$dir" || { build_failures=$((build_failures + 1)); return; }
  rm -f "$dir/meson-logs/testlog.json"
  meson test -C "$dir" --print-errorlogs $suite_args
}

configure _build && normal=yes || normal=no
configure _build-asan -Db_sanitize=address,undefined -Db_lundef=false && asan=yes || asan=no

# Everything (the tests that draw start their own Xvfb), then the sanitizer build without them.
if [ "$normal" = yes ]; then
  suite_args=""
  run_suite _build
fi
if [ "$asan" = yes ]; then
  suite_args="--suite unit"
  run_suite _build-asan
fi

echo "after: $(ls -l /dev/null 2>&1)"
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
