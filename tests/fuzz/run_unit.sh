#!/usr/bin/env bash
# Runs every unit-test binary of the sanitizer folder (ctest `sanitize.unit`): any AddressSanitizer
# or UndefinedBehaviorSanitizer report fails it. Exits 77 when the folder was not built.
set -uo pipefail
dir=${SFN_SANITIZE_DIR:?}
src=${SFN_SOURCE_DIR:?}
tests=(core_test jsonata_test dataflow_test asl_test states_test engine_test integrations_test
       control_test lambda_test store_test api_test)
if [[ "${SFN_SANITIZE_UNIT:-1}" != "1" ]]; then
  echo "skipped: SFN_SANITIZE_UNIT=0 (the fuzz targets run, the sanitized unit tests do not)"
  exit 77
fi
if [[ -e "$dir/.not-built" ]] || [[ ! -x "$dir/api_test" ]]; then
  echo "skipped: the sanitizer build is missing (ctest sanitize.build)"
  exit 77
fi
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$src/tests/fuzz/lsan.supp
start=$(date +%s)
failed=()
for t in "${tests[@]}"; do
  if ! (cd "$src" && "$dir/$t" --gtest_brief=1 >"$dir/$t.log" 2>&1); then
    failed+=("$t")
    tail -n 60 "$dir/$t.log"
  fi
done
echo "sanitized unit tests: ${#tests[@]} binaries in $(($(date +%s) - start)) s"
if ((${#failed[@]})); then
  echo "failed under ASan/UBSan: ${failed[*]} (logs in $dir/<binary>.log)"
  exit 1
fi
