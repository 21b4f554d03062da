#!/usr/bin/env python3
"""Reads under engine load (issue 16 part 4): DescribeExecution/s idle, and while the engine runs a
heavy transition load, against one sfn-emulator on a data directory (reads are served off the engine
thread only for a file database).

Each round: (1) DescribeExecution of a finished execution from sfn-loadgen for --seconds over
--connections keep-alive connections, nothing else running; (2) --executions executions of a
Choice loop of --iterations iterations (2 transitions each) started (each waits 1 s first, so that
all are started before any runs), then the same DescribeExecution load while they run; the round counts only if executions were still RUNNING when the read window
ended. Prints one line per round and the ranges; asserts nothing.

  SFN_EMULATOR_BIN=build/sfn-emulator SFN_LOADGEN_BIN=build/bench/sfn-loadgen python3 bench/reads.py
  BENCH_QUICK=1 ...   one short round
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import harness  # noqa: E402  (bench put tests/e2e on the path)


def start_server():
    # Real time: the load's executions wait 1 s at their start, so that all of them are started
    # before any runs (a start waits behind the engine's turns otherwise) and the read window
    # falls inside the load.
    srv = harness.Server(clock="real", log_level="warn", extra_args=["--max-history-events", "0"])
    srv.start()
    return srv, bench.Target("sfn-emulator", srv.port, srv.cleanup, srv.proc.pid)


def running(t, arn):
    return len(t.sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING",
                                     maxResults=1000)["executions"])


def main():
    quick = os.environ.get("BENCH_QUICK") == "1"
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1 if quick else 3)
    ap.add_argument("--seconds", type=float, default=1.0 if quick else 3.0)
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--executions", type=int, default=50 if quick else 200)
    ap.add_argument("--iterations", type=int, default=2000 if quick else 5000)
    args = ap.parse_args()
    srv, t = start_server()
    try:
        done_arn = t.create("described", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
        ex, _ = t.run_to_end(done_arn, {"k": "v"})
        body = {"executionArn": ex}
        idle, loaded, tps = [], [], []
        for rnd in range(args.rounds):
            r = t.loadgen("DescribeExecution", body, args.connections, seconds=args.seconds)
            idle.append(r["rps"])
            definition = bench.choice_loop(args.iterations)
            definition["States"]["Hold"] = {"Type": "Wait", "Seconds": 1, "Next": "Init"}
            definition["StartAt"] = "Hold"
            loop = t.create(f"loop{rnd}", definition)
            t0 = time.perf_counter()
            s = t.loadgen("StartExecution", {"stateMachineArn": loop, "input": "{}", "name": f"r{rnd}-%SEQ%"},
                          min(8, args.executions), requests=args.executions)
            if s["errors"]:
                raise RuntimeError(f"{s['errors']} StartExecution errors")
            r2 = t.loadgen("DescribeExecution", body, args.connections, seconds=args.seconds)
            still = running(t, loop)
            t.wait_none_running(loop)
            total = time.perf_counter() - t0
            rate = args.executions * (2 * args.iterations + 2) / total
            valid = still > 0
            if valid:
                loaded.append(r2["rps"])
                tps.append(rate)
            print(f"round {rnd}: idle {r['rps']:,.0f}/s (p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms); "
                  f"under load {r2['rps']:,.0f}/s (p50 {r2['p50_ms']:.2f} ms, p99 {r2['p99_ms']:.2f} ms), "
                  f"errors {r['errors'] + r2['errors']}; {still} still running after the window"
                  f"{'' if valid else ' (load ended early: round not counted)'}; "
                  f"load {rate:,.0f} transitions/s over {total:.1f} s", flush=True)
        if loaded:
            print(json.dumps({"idle_rps": [round(x) for x in idle], "loaded_rps": [round(x) for x in loaded],
                              "loaded_over_idle": round(min(loaded) / max(idle), 3) if idle else None,
                              "median_ratio": round(sorted(loaded)[len(loaded) // 2] / sorted(idle)[len(idle) // 2], 3),
                              "transitions_per_s": [round(x) for x in tps]}))
    finally:
        t.stop()


if __name__ == "__main__":
    main()
