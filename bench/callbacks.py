#!/usr/bin/env python3
"""Callback and activity figures (printed, never asserted):

(a) SendTaskSuccess round trip: the time from sending SendTaskSuccess for a waiting activity task
    to its answer, which comes once the transition that ends the Task and enters the next state is
    committed (the call answers after that commit). p50/p99 over N tasks, one at a time, over one
    keep-alive connection (plain HTTP, no SDK overhead).
(b) GetActivityTask with 100 concurrent polling workers: M executions started back to back while
    100 workers (one keep-alive connection each) long-poll the activity and answer every task at
    once; tasks handed out per second, and the time from sending an execution's StartExecution to
    a worker holding its task (p50/p99).

Usage: bench/callbacks.py [N=2000] [M=2000] [WORKERS=100]
Starts build/sfn-emulator (or $SFN_EMULATOR_BIN) on an ephemeral port with a temp data dir (WAL
on disk) and the real clock.
"""
import http.client
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import harness as H  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
M = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
WORKERS = int(sys.argv[3]) if len(sys.argv) > 3 else 100
ROLE = "arn:aws:iam::123456789012:role/bench"


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


class Conn:
    """One keep-alive connection speaking AWS JSON 1.0."""

    def __init__(self, port, timeout=90):
        self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def call(self, op, body):
        self.c.request("POST", "/", body=json.dumps(body),
                       headers={"Content-Type": "application/x-amz-json-1.0",
                                "X-Amz-Target": f"AWSStepFunctions.{op}"})
        r = self.c.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{op}: {r.status} {data[:300]!r}")
        return json.loads(data)


def machine(conn, name, activity_arn):
    definition = H.definition({
        "Work": {"Type": "Task", "Resource": activity_arn, "ResultPath": "$.r", "Next": "After"},
        "After": {"Type": "Pass", "End": True}})
    return conn.call("CreateStateMachine", {"name": name, "definition": definition,
                                            "roleArn": ROLE})["stateMachineArn"]


def round_trip(srv):
    conn = Conn(srv.port)
    activity = conn.call("CreateActivity", {"name": "rt"})["activityArn"]
    sm = machine(conn, "rt", activity)
    lat = []
    sample = None
    for i in range(N + 50):
        ex = conn.call("StartExecution", {"stateMachineArn": sm, "input": json.dumps({"i": i})})
        task = conn.call("GetActivityTask", {"activityArn": activity})
        t = time.perf_counter()
        conn.call("SendTaskSuccess", {"taskToken": task["taskToken"], "output": '{"ok": true}'})
        if i >= 50:  # warm-up excluded
            lat.append((time.perf_counter() - t) * 1000)
        sample = ex["executionArn"]
    # The answer came after the next state was committed: the history already shows it.
    events = conn.call("GetExecutionHistory", {"executionArn": sample})["events"]
    types = [e["type"] for e in events]
    assert "PassStateEntered" in types, types
    print(f"(a) SendTaskSuccess round trip, {N} tasks: p50 {pct(lat, 50):.2f} ms, "
          f"p99 {pct(lat, 99):.2f} ms, mean {sum(lat) / len(lat):.2f} ms")


def pollers(srv):
    conn = Conn(srv.port)
    activity = conn.call("CreateActivity", {"name": "many"})["activityArn"]
    sm = machine(conn, "many", activity)
    started = {}
    received = {}
    lock = threading.Lock()
    done = threading.Event()

    def worker(w):
        c = Conn(srv.port)
        while not done.is_set():
            try:
                task = c.call("GetActivityTask", {"activityArn": activity, "workerName": f"w{w}"})
            except (OSError, http.client.HTTPException):
                if done.is_set():
                    return  # the server stopped under a poll left open at the end
                raise
            if "taskToken" not in task:
                continue
            t = time.perf_counter()
            i = json.loads(task["input"])["i"]
            with lock:
                received[i] = t
            c.call("SendTaskSuccess", {"taskToken": task["taskToken"], "output": "{}"})
            with lock:
                if len(received) >= M:
                    done.set()

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(WORKERS)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # every worker is polling
    t0 = time.perf_counter()
    for i in range(M):
        started[i] = time.perf_counter()
        conn.call("StartExecution", {"stateMachineArn": sm, "input": json.dumps({"i": i})})
    done.wait(300)
    elapsed = time.perf_counter() - t0
    waits = [(received[i] - started[i]) * 1000 for i in range(M) if i in received]
    print(f"(b) GetActivityTask, {WORKERS} polling workers, {M} executions: {len(received)} tasks "
          f"handed out in {elapsed:.2f} s ({len(received) / elapsed:,.0f} tasks/s, each answered "
          f"with SendTaskSuccess); StartExecution sent -> a worker holds the task: "
          f"p50 {pct(waits, 50):.2f} ms, p99 {pct(waits, 99):.2f} ms")
    # Let the polls end before the server stops.
    done.set()


def main():
    with H.Server(clock="real", log_level="warn") as srv:
        round_trip(srv)
        pollers(srv)


if __name__ == "__main__":
    main()
