#!/usr/bin/env bash
# Builds the sanitizer folder (ctest `sanitize.build`): clang with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer's coverage, and in it only the unit-test binaries and
# the fuzz targets (tests/fuzz/README.md), never the server or the samples. Runs by default
# (`scripts/test`, CI); exits 77 (ctest: skipped) when clang or its libFuzzer runtime is missing,
# or when turned off with SFN_SANITIZE_TESTS=0 (quick local runs: it is a second build of the
# tree, with clang; a cold one takes long, a warm one is mostly ccache hits).
#   SFN_SOURCE_DIR   the repository            SFN_SANITIZE_DIR  the folder to build in
#   SFN_FUZZ_CXX     the compiler (clang++)    SFN_JOBS          parallel compile jobs
set -euo pipefail
src=${SFN_SOURCE_DIR:?}
dir=${SFN_SANITIZE_DIR:?}
cxx=${SFN_FUZZ_CXX:-clang++}

# A folder built before (by hand, or an earlier run) may be stale: sanitize.unit and fuzz.* skip
# while this marker is there. It stays until a build has finished.
skip() {
  echo "skipped: $*"
  if [[ -d "$dir" ]]; then
    touch "$dir/.not-built"
  fi
  exit 77
}

if [[ "${SFN_SANITIZE_TESTS:-1}" == "0" ]]; then
  skip "SFN_SANITIZE_TESTS=0 turns the sanitizer build and the fuzz targets off"
fi
if ! command -v "$cxx" >/dev/null 2>&1; then
  skip "$cxx not found (Debian: apt-get install clang libclang-rt-14-dev)"
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
  >"$probe/probe.cc"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cc" -o "$probe/probe" \
    2>"$probe/err"; then
  cat "$probe/err"
  skip "$cxx cannot build with -fsanitize=fuzzer (libclang-rt-14-dev missing?)"
fi

start=$(date +%s)
# CI=true turns on -Werror for the main (g++) build; clang warns about other things.
if [[ ! -f "$dir/build.ninja" ]]; then
  env -u CI cmake -S "$src" -B "$dir" -G Ninja \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=Sanitize \
    -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only" \
    -DSFN_SANITIZE=ON -DSFN_FUZZ=ON -DSFN_WERROR=OFF >/dev/null
fi
targets=(fuzz_targets)
# The unit-test binaries under the sanitizers (sanitize.unit); SFN_SANITIZE_UNIT=0 leaves them out
# (fuzz targets only: about half the build).
if [[ "${SFN_SANITIZE_UNIT:-1}" == "1" ]]; then
  targets+=(core_test jsonata_test dataflow_test asl_test states_test engine_test
            integrations_test control_test lambda_test store_test api_test)
fi
touch "$dir/.not-built"
# Niced: it runs beside the other tests (ctest -j), which must keep their share of the CPU.
env -u CI nice -n 10 cmake --build "$dir" --parallel "${SFN_JOBS:-$(nproc)}" --target "${targets[@]}"
rm -f "$dir/.not-built"
echo "sanitizer build: $(($(date +%s) - start)) s"
