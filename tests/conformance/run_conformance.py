#!/usr/bin/env python3
"""Runs the recorded AWS conformance cases in ../shared/conformance against a live sfn-emulator.

Starts the binary (SFN_EMULATOR_BIN, else build/sfn-emulator) on an ephemeral port with
--clock virtual, runs ../shared/conformance/run.py against it, prints the pass count per category
and fails only when a case of an ENFORCED category fails. The case data is never copied here.

Environment:
  SFN_SHARED_DIR           where `shared` is (default: <repo>/../shared)
  SFN_CONFORMANCE_REPORT   keep run.py's JSON report at this path
  SFN_CONFORMANCE_ONLY     passed to run.py as --only REGEX
  SFN_CONFORMANCE_JOBS     parallel cases (default 4)
"""

import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import harness as H  # noqa: E402

# Categories whose every case must pass. Extend this as the emulator grows.
ENFORCED_CATEGORIES = (
    "base",
    "choice_operators",
)


def shared_dir():
    return os.path.abspath(os.environ.get("SFN_SHARED_DIR") or os.path.join(H.REPO_ROOT, "..", "shared"))


def category_map(cases_dir):
    """case id -> category (the case's "category", else the file name's prefix before "__")."""
    out = {}
    for fn in sorted(os.listdir(cases_dir)):
        if not fn.endswith(".json"):
            continue
        with open(os.path.join(cases_dir, fn)) as f:
            case = json.load(f)
        out[case["id"]] = case.get("category") or fn.split("__", 1)[0]
    return out


def main():
    conf = os.path.join(shared_dir(), "conformance")
    run_py = os.path.join(conf, "run.py")
    cases_dir = os.path.join(conf, "cases")
    if not (os.path.isfile(run_py) and os.path.isdir(cases_dir)):
        print(f"SKIP: conformance suite not found at {conf} (expected run.py and cases/ there; "
              f"set SFN_SHARED_DIR to point elsewhere). Nothing was run.")
        return 0

    categories = category_map(cases_dir)
    with tempfile.TemporaryDirectory(prefix="sfn-conformance-") as tmp, H.Server(clock="virtual") as srv:
        report = os.environ.get("SFN_CONFORMANCE_REPORT") or os.path.join(tmp, "report.json")
        log_path = os.path.join(tmp, "run.log")
        cmd = [sys.executable, run_py, "--endpoint", srv.endpoint, "--cases", cases_dir,
               "--jobs", os.environ.get("SFN_CONFORMANCE_JOBS", "4"), "--timeout", "15", "--json-report", report]
        if os.environ.get("SFN_CONFORMANCE_ONLY"):
            cmd += ["--only", os.environ["SFN_CONFORMANCE_ONLY"]]
        print("running:", " ".join(cmd), flush=True)
        with open(log_path, "w") as log:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=tmp, timeout=3000).returncode
        with open(log_path) as f:
            log_lines = f.read().splitlines()
        alive = srv.proc.poll() is None and srv.health().status == 200
        if rc != 0 or not os.path.isfile(report):
            print("\n".join(log_lines[-60:]))
            print(f"FAIL: run.py exited with {rc}" + ("" if os.path.isfile(report) else " and wrote no report"))
            return 1
        with open(report) as f:
            results = json.load(f)
        if not alive:
            print(srv.log_tail(80))

    per_cat = {}
    enforced_failures = []
    for c in results["cases"]:
        cat = c.get("category") or categories.get(c["id"]) or c["id"].split("/", 1)[0]
        counts = per_cat.setdefault(cat, {"PASS": 0, "FAIL": 0, "SKIP": 0})
        counts[c["result"]] = counts.get(c["result"], 0) + 1
        if cat in ENFORCED_CATEGORIES and c["result"] != "PASS":
            enforced_failures.append(c)

    print()
    print(f"{'category':24s} {'passed':>7s} {'failed':>7s} {'skipped':>8s}  enforced")
    for cat in sorted(per_cat):
        d = per_cat[cat]
        mark = "yes" if cat in ENFORCED_CATEGORIES else "-"
        print(f"{cat:24s} {d['PASS']:7d} {d['FAIL']:7d} {d['SKIP']:8d}  {mark}")
    total_pass = sum(d["PASS"] for d in per_cat.values())
    total = sum(d["PASS"] + d["FAIL"] for d in per_cat.values())
    print(f"{'total':24s} {total_pass:7d} {total - total_pass:7d}")
    for cat in ENFORCED_CATEGORIES:
        if cat not in per_cat:
            print(f"warning: enforced category {cat!r} has no cases")

    if not alive:
        print("FAIL: the emulator died or stopped answering during the conformance run")
        return 1
    if enforced_failures:
        print(f"\nFAIL: {len(enforced_failures)} case(s) of enforced categories "
              f"({', '.join(ENFORCED_CATEGORIES)}) did not pass:")
        for c in enforced_failures[:100]:
            print(f"  {c['id']}: {'; '.join(c.get('reasons') or [])[:400]}")
        if len(enforced_failures) > 100:
            print(f"  ... and {len(enforced_failures) - 100} more")
        return 1
    print(f"\nOK: every case of {', '.join(ENFORCED_CATEGORIES)} passed "
          f"({total_pass}/{total} cases over all categories)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
