#!/usr/bin/env python3
"""Warm Lambda Invoke latency (p50/p99) and throughput of a python handler through boto3, and
the same handler called from a Task state (per-execution latency and executions/s).

Usage: bench/lambda_invoke.py [N=2000] [CONCURRENCY=4]
Starts build/sfn-emulator (or $SFN_EMULATOR_BIN) on an ephemeral port with a temp data dir,
creates a python3.12 function, warms it, then times N sequential invokes from one client
(latency) and N invokes from CONCURRENCY threads (invocations/s; each busy warm process
makes another one spawn, so CONCURRENCY warm processes serve the load). Prints figures;
not run in CI.
"""
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import harness as H  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
CONC = int(sys.argv[2]) if len(sys.argv) > 2 else 4
HANDLER = "def handler(event, context):\n    return {'n': event.get('n', 0) + 1}\n"


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def main():
    with H.Server(clock="real", log_level="warn") as srv:
        lam = srv.lambda_client()
        lam.create_function(FunctionName="bench", Runtime="python3.12", Handler="app.handler",
                            Role="arn:aws:iam::123456789012:role/x",
                            Code={"ZipFile": H.make_zip({"app.py": HANDLER})})
        t0 = time.perf_counter()
        lam.invoke(FunctionName="bench", Payload=b'{"n": 0}')
        cold = (time.perf_counter() - t0) * 1000
        for i in range(50):
            lam.invoke(FunctionName="bench", Payload=b'{"n": 0}')
        lat = []
        for i in range(N):
            t = time.perf_counter()
            r = lam.invoke(FunctionName="bench", Payload=json.dumps({"n": i}).encode())
            body = r["Payload"].read()
            lat.append((time.perf_counter() - t) * 1000)
            assert json.loads(body) == {"n": i + 1}, body
        seq_rate = N / (sum(lat) / 1000)
        clients = [srv.lambda_client() for _ in range(CONC)]
        per = N // CONC

        def worker(c):
            for i in range(per):
                c.invoke(FunctionName="bench", Payload=b'{"n": 1}')["Payload"].read()

        threads = [threading.Thread(target=worker, args=(c,)) for c in clients]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        conc_rate = per * CONC / (time.perf_counter() - t0)
        print(f"cold first invoke: {cold:.1f} ms")
        print(f"warm invoke through boto3, {N} sequential: p50 {statistics.median(lat):.2f} ms, "
              f"p99 {pct(lat, 99):.2f} ms, max {max(lat):.2f} ms, {seq_rate:.0f} invocations/s")
        print(f"{CONC} concurrent clients: {conc_rate:.0f} invocations/s")
        task_state(srv, N // 4)


def task_state(srv, n):
    """One-state machines whose Task calls the function: start-to-end latency of single
    executions, then n executions started at once (the emulator runs their tasks in parallel)."""
    sfn = srv.client()
    definition = json.dumps({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "bench", "Payload": {"n.$": "$.n"}},
        "OutputPath": "$.Payload", "End": True}}})
    arn = sfn.create_state_machine(name="bench-task", definition=definition,
                                   roleArn="arn:aws:iam::123456789012:role/x")["stateMachineArn"]
    lat = []
    for i in range(min(n, 200)):
        t = time.perf_counter()
        ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": i}))["executionArn"]
        while True:
            d = sfn.describe_execution(executionArn=ex)
            if d["status"] != "RUNNING":
                break
        lat.append((time.perf_counter() - t) * 1000)
        assert d["status"] == "SUCCEEDED" and json.loads(d["output"]) == {"n": i + 1}, d
    t0 = time.perf_counter()
    arns = [sfn.start_execution(stateMachineArn=arn, input=json.dumps({"n": i}))["executionArn"]
            for i in range(n)]
    for ex in arns:
        while sfn.describe_execution(executionArn=ex)["status"] == "RUNNING":
            time.sleep(0.001)
    rate = n / (time.perf_counter() - t0)
    print(f"Task state (lambda:invoke), one execution at a time (start, poll to the end): "
          f"p50 {statistics.median(lat):.2f} ms, p99 {pct(lat, 99):.2f} ms")
    print(f"Task state, {n} executions started together: {rate:.0f} executions/s "
          f"(each one Lambda invocation)")


if __name__ == "__main__":
    main()
