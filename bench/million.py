#!/usr/bin/env python3
"""A store after months of use (issue 16 part 5): reads and starts against a store filled with N
finished executions (~25 events each) compared with the same against a small store (--baseline, 2,000 executions: "empty" below).

The fill is a bulk path over the emulator's own schema: one real execution of a 12-state Pass chain
(25 events) is run, the emulator stopped, and its executions row and history rows are copied N times
in transactions of 10,000 executions with Python's sqlite3 (only the ARN and name change; start
times spread over the last 60 days). The emulator then restarts on the filled store. Measured with
sfn-loadgen (8 connections, --seconds each): DescribeExecution, GetExecutionHistory, ListExecutions
(first page, a deep page reached through nextToken, statusFilter SUCCEEDED and RUNNING),
StartExecution; then the ratio filled/empty of the p50 latencies, and the database bytes per
execution and per event. Prints figures; asserts nothing.

  SFN_EMULATOR_BIN=build/sfn-emulator SFN_LOADGEN_BIN=build/bench/sfn-loadgen python3 bench/million.py --executions 1000000
  BENCH_QUICK=1 ...   20,000 executions
"""
import argparse
import json
import os
import sqlite3
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import harness  # noqa: E402

DAY_MS = 86_400_000


def start(data_dir):
    srv = harness.Server(clock="real", log_level="warn", data_dir=data_dir)
    srv.start()
    return srv, bench.Target("sfn-emulator", srv.port, srv.cleanup, srv.proc.pid)


def fill(db_path, template_arn, n, batch=10_000):
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    cur = con.execute("SELECT * FROM executions WHERE arn = ?", (template_arn,))
    cols = [d[0] for d in cur.description]
    row = dict(zip(cols, cur.fetchone()))
    events = con.execute("SELECT * FROM history_events WHERE execution_arn = ?", (template_arn,))
    ecols = [d[0] for d in events.description]
    erows = [dict(zip(ecols, r)) for r in events.fetchall()]
    base = row["arn"].rsplit(":", 1)[0]
    now_ms = int(time.time() * 1000)
    xcols = [c for c in cols if c != "seq"]
    xsql = f"INSERT INTO executions({','.join(xcols)}) VALUES ({','.join('?' * len(xcols))})"
    esql = f"INSERT INTO history_events({','.join(ecols)}) VALUES ({','.join('?' * len(ecols))})"
    t0 = time.perf_counter()
    for first in range(0, n, batch):
        xs, es = [], []
        for i in range(first, min(n, first + batch)):
            name = f"old-{i:07d}"
            arn = f"{base}:{name}"
            start_ms = now_ms - 60 * DAY_MS + i * (60 * DAY_MS // max(n, 1))
            r = dict(row, arn=arn, name=name, start_ms=start_ms, stop_ms=start_ms + 5)
            xs.append([r[c] for c in xcols])
            for e in erows:
                es.append([arn if c == "execution_arn" else (start_ms if c == "ts_ms" else e[c]) for c in ecols])
        with con:
            con.executemany(xsql, xs)
            con.executemany(esql, es)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return time.perf_counter() - t0, len(erows)


def measure(t, sm, ex, seconds, tag):
    out = {}

    def lg(op, body, name=None):
        r = t.loadgen(op, body, 8, seconds=seconds)
        if r["errors"]:
            raise RuntimeError(f"{op}: {r['errors']} errors {r.get('stderr')}")
        out[name or op] = r
        print(f"  {tag} {name or op}: {r['rps']:,.0f}/s p50 {r['p50_ms']:.2f} ms p99 {r['p99_ms']:.2f} ms",
              flush=True)

    lg("DescribeExecution", {"executionArn": ex})
    lg("GetExecutionHistory", {"executionArn": ex})
    lg("ListExecutions", {"stateMachineArn": sm, "maxResults": 100}, "ListExecutions first page")
    # A deep page: the last page of 1,000, reached through nextToken.
    token, pages = None, 0
    while True:
        kw = {"stateMachineArn": sm, "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        r = t.sfn.list_executions(**kw)
        pages += 1
        if not r.get("nextToken"):
            break
        last_token, token = r["nextToken"], r["nextToken"]
    if pages > 1:
        print(f"  {tag} the last page of 1,000 is page {pages}", flush=True)
        lg("ListExecutions", {"stateMachineArn": sm, "maxResults": 1000, "nextToken": last_token},
           "ListExecutions last page of 1,000")
    lg("ListExecutions", {"stateMachineArn": sm, "statusFilter": "SUCCEEDED", "maxResults": 100},
       "ListExecutions SUCCEEDED")
    lg("ListExecutions", {"stateMachineArn": sm, "statusFilter": "RUNNING", "maxResults": 100},
       "ListExecutions RUNNING")
    lg("StartExecution", {"stateMachineArn": sm, "input": "{}", "name": f"{tag}-%SEQ%"})
    return out


def main():
    quick = os.environ.get("BENCH_QUICK") == "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--executions", type=int, default=20_000 if quick else 1_000_000)
    ap.add_argument("--seconds", type=float, default=1.0 if quick else 2.0)
    # The baseline store holds this many executions, not none: every listing
    # measured (first page of 100, a statusFilter page, the last page of
    # 1,000) then returns as many rows as on the filled store, so the ratios
    # compare lookup costs, not response sizes.
    ap.add_argument("--baseline", type=int, default=2_000)
    args = ap.parse_args()
    import tempfile
    root = tempfile.mkdtemp(prefix="sfn-million-")
    results = {}
    for tag, n in (("empty", args.baseline), ("filled", args.executions)):
        data = os.path.join(root, tag)
        srv, t = start(data)
        sm = t.create("old", bench.pass_chain(12))
        ex, _ = t.run_to_end(sm, {})
        srv.cleanup()
        db = os.path.join(data, "sfn-emulator.db")
        if n:
            secs, per = fill(db, ex, n)
            size = os.path.getsize(db)
            print(f"{tag}: filled {n:,} executions x {per} events in {secs:.1f} s ({n / secs:,.0f} executions/s); "
                  f"{size / 2**20:,.0f} MiB: {size / n:,.0f} bytes per execution, {size / (n * per):,.0f} per event",
                  flush=True)
        srv, t = start(data)
        try:
            results[tag] = measure(t, sm, ex, args.seconds, tag)
        finally:
            t.stop()
    for k, filled in results["filled"].items():
        empty = results["empty"].get(k)
        if empty:
            print(f"{k}: p50 {filled['p50_ms']:.2f} ms vs {empty['p50_ms']:.2f} ms at {args.baseline:,}: "
                  f"ratio {filled['p50_ms'] / max(empty['p50_ms'], 1e-9):.2f}; "
                  f"rate {filled['rps']:,.0f}/s vs {empty['rps']:,.0f}/s")
    print(json.dumps({"executions": args.executions, "baseline": args.baseline}))


if __name__ == "__main__":
    main()
