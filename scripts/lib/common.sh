# shellcheck shell=bash
# Shared helpers for scripts/serve and scripts/test. Source this file; do not run it.
#
#   sfn_ensure_deps      install the Debian packages the build needs (apt-get as root, else print the command)
#   sfn_ensure_test_deps install what only the tests need, when it can be had (else they skip)
#   sfn_configure        configure build/ with CMake + Ninja (RelWithDebInfo) when it is not configured yet
#   sfn_build [target..] build incrementally (all targets when none are given)
#
# Environment knobs:
#   SFN_BUILD_DIR   build directory (default: <repo>/build)
#   SFN_JOBS        parallel compile jobs (default: number of CPUs)
#   SFN_BUILD_TYPE  CMake build type (default: RelWithDebInfo)

SFN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SFN_BUILD_DIR="${SFN_BUILD_DIR:-$SFN_ROOT/build}"
SFN_JOBS="${SFN_JOBS:-$(nproc 2>/dev/null || echo 2)}"
SFN_BUILD_TYPE="${SFN_BUILD_TYPE:-RelWithDebInfo}"

SFN_DEBIAN_PACKAGES=(
  libboost1.81-dev
  nlohmann-json3-dev
  libsqlite3-dev
  libspdlog-dev
  libssl-dev    # OpenSSL's libcrypto: message digests (States.Hash, Lambda's CodeSha256)
  libzip-dev    # Lambda code zips
  libpcre2-dev   # JSONata regular expressions (emulator/jsonata/regex.cc)
  libcsv-dev     # a distributed Map's CSV items (emulator/integrations/item_formats.cc)
  libpugixml-dev # XML answers of AWS services (emulator/integrations/xml.cc)
  zlib1g-dev     # gzip'd S3 objects a distributed Map reads (emulator/integrations/gzip.cc)
  pkgconf        # finds PCRE2 for CMake
  libgtest-dev
  libbenchmark-dev
  cmake
  g++
  ninja-build
  ccache
  python3   # runs python3.* Lambda handlers
  nodejs    # runs nodejs* Lambda handlers
)

# Only the tests need these: the web console's browser tests (tests/browser/) drive Debian's
# Chromium with python3-selenium, both for /usr/bin/python3 (with python3-boto3 for the e2e
# harness); the fuzz targets and the sanitized unit tests (tests/fuzz/) need clang. scripts/test
# installs them (sfn_ensure_test_deps); scripts/serve does not.
SFN_TEST_DEBIAN_PACKAGES=(
  chromium
  chromium-driver
  python3-selenium
  python3-boto3
  clang                # tests/fuzz: the libFuzzer targets and the ASan/UBSan unit tests
  libclang-rt-14-dev   # clang's sanitizer and libFuzzer runtimes
)

sfn_log() { printf '==> %s\n' "$*" >&2; }

sfn_ensure_deps() {
  local missing=() pkg
  for pkg in "${SFN_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: missing packages (${missing[*]}) and apt-get is not available; this project targets Debian 12." >&2
    exit 1
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "error: these Debian packages are missing: ${missing[*]}" >&2
    echo "install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sfn_log "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# True when the build directory is configured for this checkout with Ninja.
sfn_is_configured() {
  local cache="$SFN_BUILD_DIR/CMakeCache.txt"
  [[ -f "$cache" && -f "$SFN_BUILD_DIR/build.ninja" ]] || return 1
  grep -qx "CMAKE_HOME_DIRECTORY:INTERNAL=$SFN_ROOT" "$cache" || return 1
  grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache" || return 1
}

sfn_configure() {
  if sfn_is_configured; then
    return 0
  fi
  if [[ -f "$SFN_BUILD_DIR/CMakeCache.txt" ]]; then
    # Configured for another checkout or generator: start that cache afresh.
    sfn_log "reconfiguring $SFN_BUILD_DIR (stale CMake cache)"
    rm -rf "$SFN_BUILD_DIR/CMakeCache.txt" "$SFN_BUILD_DIR/CMakeFiles"
  fi
  sfn_log "configuring $SFN_BUILD_DIR ($SFN_BUILD_TYPE, Ninja)"
  cmake -S "$SFN_ROOT" -B "$SFN_BUILD_DIR" -G Ninja \
    -DCMAKE_BUILD_TYPE="$SFN_BUILD_TYPE" >&2
}

sfn_build() {
  sfn_configure
  local args=(--build "$SFN_BUILD_DIR" --parallel "$SFN_JOBS")
  if (($# > 0)); then
    args+=(--target "$@")
  fi
  sfn_log "building${*:+ $*} (-j$SFN_JOBS)"
  cmake "${args[@]}" >&2
}

# The test-only packages: installed as root when missing; when they cannot be had (no root, no
# network) the tests that need them skip, so this never fails the run.
sfn_ensure_test_deps() {
  local missing=() pkg
  for pkg in "${SFN_TEST_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    sfn_log "the tests that need them will be skipped: missing ${missing[*]} (apt-get install -y ${missing[*]})"
    return 0
  fi
  sfn_log "installing test packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; then
    apt-get update -q >&2 || true
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 ||
      sfn_log "could not install ${missing[*]}: the tests that need them will be skipped"
  fi
}
