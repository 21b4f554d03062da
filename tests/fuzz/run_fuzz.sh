#!/usr/bin/env bash
# Runs one fuzz target of the sanitizer folder (ctest `fuzz.<target>`) for SFN_FUZZ_SECONDS
# (default 20) over a copy of its seed corpus (tests/fuzz/corpus/<target>/, which also holds every
# crash found so far: each run replays them first). A crash, a leak, an ASan/UBSan report or an
# input slower than 10 s fails the test; the input is kept in <sanitize dir>/artifacts/.
# Exits 77 when the folder was not built.
set -uo pipefail
target=${1:?target}
dir=${SFN_SANITIZE_DIR:?}
src=${SFN_SOURCE_DIR:?}
bin="$dir/tests/fuzz/fuzz_$target"
if [[ -e "$dir/.not-built" ]] || [[ ! -x "$bin" ]]; then
  echo "skipped: $bin is missing (ctest sanitize.build)"
  exit 77
fi
seeds="$src/tests/fuzz/corpus/$target"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dir/artifacts"
export ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$src/tests/fuzz/lsan.supp
"$bin" -max_total_time="${SFN_FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$target-" \
  "$work" "$seeds" 2>&1 | grep -v '^#[0-9]*[[:space:]]*\(NEW\|REDUCE\|pulse\)' | tail -n 80
status=${PIPESTATUS[0]}
if ((status != 0)); then
  echo "fuzz_$target failed: reproduce with $bin $dir/artifacts/$target-<crash file>;"
  echo "add the input to tests/fuzz/corpus/$target/ once fixed (it then replays on every run)"
fi
exit "$status"
