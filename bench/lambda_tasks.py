#!/usr/bin/env python3
"""Lambda tasks at scale (issue 16, part 3): Task executions/s of a one-Task machine calling a
trivial Python handler and a trivial Node handler (N executions started from 8 client threads, each
with a keep-alive HTTP connection),
the handler processes alive at most meanwhile, StartExecution/s of a Pass machine while that load
runs (and idle), and Lambda API Invoke p50/p99 from a keep-alive HTTP client.

Usage: bench/lambda_tasks.py [N=2000] [CLIENTS=8]
Starts build/sfn-emulator (or $SFN_EMULATOR_BIN) on an ephemeral port with a temp data dir (on
disk). Prints one line per figure with its target; asserts nothing, not run in CI.
Targets (issue 16): >= 2,000 Task executions/s (python), >= 1,000/s (node), a bounded process
count, Invoke p50 < 1 ms.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
import harness as H  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 2000
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 8
ROLE = "arn:aws:iam::123456789012:role/x"
PY = "def handler(event, context):\n    return {'n': event.get('n', 0) + 1}\n"
JS = "exports.handler = async (event) => ({n: (event.n || 0) + 1});\n"


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def children(pid):
    """Descendant processes of `pid` (the handler processes and their groups)."""
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        for k in kids.get(todo.pop(), []):
            out.append(k)
            todo.append(k)
    return out


class Sampler:
    """The most handler processes alive while it runs, and how many distinct ones were seen
    (spawns), sampled every 10 ms."""

    def __init__(self, pid):
        self.pid, self.peak, self.stop = pid, 0, threading.Event()
        self.seen = set(children(pid))
        self.before = len(self.seen)
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while not self.stop.is_set():
            kids = children(self.pid)
            self.seen.update(kids)
            self.peak = max(self.peak, len(kids))
            self.stop.wait(0.01)

    def done(self):
        self.stop.set()
        self.t.join()
        return self.peak, len(self.seen) - self.before


class Raw:
    """One keep-alive HTTP/1.1 connection speaking the Step Functions JSON protocol (no SDK: a
    boto3 call costs more client CPU than the emulator spends answering it)."""

    def __init__(self, srv):
        self.conn = http.client.HTTPConnection("127.0.0.1", srv.port)

    def call(self, op, body):
        self.conn.request("POST", "/", body=json.dumps(body), headers={
            "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AWSStepFunctions." + op})
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{op}: {r.status} {data[:300]!r}")
        return json.loads(data)


LOADGEN = os.environ.get("SFN_LOADGEN_BIN") or os.path.join(H.REPO_ROOT, "build", "bench",
                                                              "sfn-loadgen")


def loadgen(srv, body, connections, seconds=None, requests=None):
    """bench/sfn-loadgen (C++, one thread, keep-alive connections): StartExecution calls."""
    cmd = [LOADGEN, "--port", str(srv.port), "--target", "AWSStepFunctions.StartExecution",
           "--body", json.dumps(body), "--connections", str(connections)]
    cmd += ["--requests", str(requests)] if requests else ["--seconds", str(seconds)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def loadgen_result(proc):
    out, err = proc.communicate(timeout=3600)
    if proc.returncode != 0 or not out.strip():
        raise RuntimeError(f"loadgen failed: {err}")
    r = json.loads(out)
    if r.get("errors"):
        raise RuntimeError(f"loadgen: {r['errors']} errors")
    return r


def start_many(srv, arn, n, clients):
    """Starts n executions from `clients` client threads (one keep-alive connection each): the
    C++ load generator when it is built (bench/run builds it), else python threads."""
    if os.access(LOADGEN, os.X_OK):
        loadgen_result(loadgen(srv, {"stateMachineArn": arn, "input": '{"n": %SEQ%}'}, clients,
                               requests=n))
        return
    def worker(k):
        c = Raw(srv)
        for i in range(k, n, clients):
            c.call("StartExecution", {"stateMachineArn": arn, "input": json.dumps({"n": i})})

    ts = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def wait_all(srv, arn):
    c = Raw(srv)
    while c.call("ListExecutions", {"stateMachineArn": arn, "statusFilter": "RUNNING",
                                    "maxResults": 1})["executions"]:
        time.sleep(0.005)


def pass_rate(srv, arn, seconds):
    """StartExecution/s of one client connection against a Pass machine for `seconds`, from
    another process (the load generator, else a python child), so that the load's client does
    not slow it down."""
    if os.access(LOADGEN, os.X_OK):
        return loadgen(srv, {"stateMachineArn": arn, "input": "{}"}, 1, seconds=seconds)
    code = ("import sys, time; sys.path[:0] = sys.argv[1:3]; import lambda_tasks as L, "
            "harness as H\nclass S: port = int(sys.argv[3])\n"
            "c = L.Raw(S); n, t0 = 0, time.perf_counter()\n"
            "while time.perf_counter() - t0 < float(sys.argv[5]):\n"
            "    c.call('StartExecution', {'stateMachineArn': sys.argv[4], 'input': '{}'}); n += 1\n"
            "print('{\"rps\": %f}' % (n / (time.perf_counter() - t0)))\n")
    here = os.path.dirname(os.path.abspath(__file__))
    return subprocess.Popen([sys.executable, "-c", code, here, os.path.join(here, "..", "tests",
                                                                           "e2e"),
                             str(srv.port), arn, str(seconds)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def task_run(srv, name, runtime, filename, code):
    lam = srv.lambda_client()
    lam.create_function(FunctionName=name, Runtime=runtime, Handler=filename.split(".")[0] +
                        ".handler", Role=ROLE, Code={"ZipFile": H.make_zip({filename: code})})
    assert json.loads(lam.invoke(FunctionName=name, Payload=b'{"n": 1}')["Payload"].read()) == \
        {"n": 2}
    sfn = srv.client()
    definition = json.dumps({"StartAt": "T", "States": {"T": {
        "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": name, "Payload": {"n.$": "$.n"}},
        "OutputPath": "$.Payload", "End": True}}})
    arn = sfn.create_state_machine(name="task-" + name, definition=definition,
                                   roleArn=ROLE)["stateMachineArn"]
    pass_arn = sfn.create_state_machine(
        name="pass-" + name, roleArn=ROLE,
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    )["stateMachineArn"]
    # Warm-up (a tenth), not timed.
    start_many(srv, arn, max(N // 10, CLIENTS), CLIENTS)
    wait_all(srv, arn)
    idle_pass = loadgen_result(pass_rate(srv, pass_arn, 1.0))["rps"]
    sampler = Sampler(srv.proc.pid)
    t0 = time.perf_counter()
    # The Pass client runs for the first second of the load (the whole of it when shorter).
    loaded = pass_rate(srv, pass_arn, 1.0)
    start_many(srv, arn, N, CLIENTS)
    wait_all(srv, arn)
    el = time.perf_counter() - t0
    loaded_pass = loadgen_result(loaded)["rps"]
    peak, spawned = sampler.done()
    ok = sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED",
                             maxResults=1)["executions"]
    d = sfn.describe_execution(executionArn=ok[0]["executionArn"])
    assert json.loads(d["output"])["n"] >= 1, d
    failed = sfn.list_executions(stateMachineArn=arn, statusFilter="FAILED")["executions"]
    return {"rate": N / el, "peak": peak, "idle_pass": idle_pass, "loaded_pass": loaded_pass,
            "failed": len(failed), "spawned": spawned}


def invoke_latency(srv, name, n=2000):
    """Invoke through the Lambda API from one keep-alive HTTP/1.1 connection (no SDK cost)."""
    conn = http.client.HTTPConnection("127.0.0.1", srv.port)
    path = f"/2015-03-31/functions/{name}/invocations"
    lat = []
    for i in range(n + 100):
        t = time.perf_counter()
        conn.request("POST", path, body=b'{"n": 1}', headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        body = r.read()
        if i >= 100:
            lat.append((time.perf_counter() - t) * 1000)
        assert r.status == 200 and json.loads(body) == {"n": 2}, (r.status, body)
    lam = srv.lambda_client()
    sdk = []
    for i in range(n // 4):
        t = time.perf_counter()
        lam.invoke(FunctionName=name, Payload=b'{"n": 1}')["Payload"].read()
        sdk.append((time.perf_counter() - t) * 1000)
    return statistics.median(lat), pct(lat, 99), statistics.median(sdk), pct(sdk, 99)


def main():
    with H.Server(clock="real", log_level="warn") as srv:
        print(f"lambda tasks: {N} executions from {CLIENTS} client threads (uptime: "
              f"{os.getloadavg()[0]:.2f} load)")
        for label, runtime, filename, code, target in (
                ("python", "python3.12", "app.py", PY, 2000),
                ("node", "nodejs20.x", "index.js", JS, 1000)):
            r = task_run(srv, "bench-" + label, runtime, filename, code)
            print(f"  Task executions/s, {label} handler: {r['rate']:.0f}/s (target >= {target}, "
                  f"{r['rate'] / target:.2f} of it); handler processes at most: {r['peak']}, "
                  f"new ones seen: {r['spawned']}; failed: {r['failed']}")
            print(f"  StartExecution/s of a Pass machine (1 client) meanwhile: "
                  f"{r['loaded_pass']:.0f}/s (idle: {r['idle_pass']:.0f}/s, "
                  f"{r['loaded_pass'] / r['idle_pass']:.2f} of it)")
        p50, p99, s50, s99 = invoke_latency(srv, "bench-python")
        print(f"  Invoke (python), keep-alive HTTP client: p50 {p50:.3f} ms (target < 1 ms), "
              f"p99 {p99:.3f} ms; through boto3: p50 {s50:.3f} ms, p99 {s99:.3f} ms")


if __name__ == "__main__":
    main()
