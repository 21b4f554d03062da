#!/usr/bin/env python3
"""Runs one sample integration test (python or javascript) against the built binary, as ctest's
`samples.*` tests do: starts sfn-emulator on an ephemeral port (tests/e2e/harness.py), points
SFN_ENDPOINT at it and runs the sample's own test runner. Exits 77 (ctest: skipped) with a message
when the sample's tools cannot be had: pytest + boto3 for python (Debian's python3-pytest and
python3-boto3, installed with apt-get when run as root), node + npm for javascript (`npm ci`).

    python3 samples/run_sample.py python|javascript
"""

import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
import harness as H  # noqa: E402

SKIP = 77


def skip(message):
    print(f"SKIPPED: {message}", flush=True)
    sys.exit(SKIP)


def has_modules(python, *modules):
    code = "import " + ", ".join(modules)
    return subprocess.run([python, "-c", code], capture_output=True).returncode == 0


def python_runner():
    candidates = [sys.executable, "/usr/bin/python3"]
    for python in candidates:
        if os.path.exists(python) and has_modules(python, "pytest", "boto3"):
            return python
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing python3-pytest python3-boto3 with apt-get", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        r = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                            "python3-pytest", "python3-boto3"], env=env, capture_output=True, text=True)
        if r.returncode != 0:  # the package lists may be missing on a fresh machine
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
            r = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                                "python3-pytest", "python3-boto3"], env=env, capture_output=True, text=True)
        if r.returncode == 0 and has_modules("/usr/bin/python3", "pytest", "boto3"):
            return "/usr/bin/python3"
        print(r.stdout[-2000:], r.stderr[-2000:], sep="\n")
    skip("no python3 with pytest and boto3 (apt-get install python3-pytest python3-boto3, as root)")


def javascript_runner():
    folder = os.path.join(HERE, "javascript")
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        skip("node and npm are needed for the JavaScript sample (apt-get install nodejs npm)")
    stamp = os.path.join(folder, "node_modules", ".package-lock.json")
    lock = os.path.join(folder, "package-lock.json")
    if not os.path.exists(stamp) or os.path.getmtime(stamp) < os.path.getmtime(lock):
        print("npm ci (samples/javascript)", flush=True)
        r = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=folder, capture_output=True,
                           text=True, timeout=600)
        if r.returncode != 0:
            print(r.stdout[-2000:], r.stderr[-2000:], sep="\n")
            skip("`npm ci` failed in samples/javascript (is the npm registry reachable?)")
    return [node, "--test"], folder


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "python":
        cmd, cwd = [python_runner(), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                    os.path.join(HERE, "python")], HERE
    elif which == "javascript":
        cmd, cwd = javascript_runner()
    else:
        sys.exit("usage: run_sample.py python|javascript")
    # The Python sample's mock-file tests (samples/python/test_order_mocks.py) need its mock file.
    mock_config = os.path.join(HERE, "python", "mock_config.json")
    with H.Server(clock="virtual", in_memory=True, extra_args=["--mock-config", mock_config]) as srv:
        env = dict(H.cli_env(), SFN_ENDPOINT=srv.endpoint, PYTHONDONTWRITEBYTECODE="1")
        print(f"$ SFN_ENDPOINT={srv.endpoint} {' '.join(cmd)}", flush=True)
        r = subprocess.run(cmd, cwd=cwd, env=env, timeout=300)
        if r.returncode != 0:
            print(srv.log_tail())
        return r.returncode


if __name__ == "__main__":
    sys.exit(main())
