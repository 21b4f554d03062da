#!/usr/bin/env python3
"""Benchmarks of sfn-emulator against moto_server, both live on ephemeral ports (bench/run runs it).

Workloads (figures are printed, never asserted):
  a  API request rate: DescribeStateMachine and StartExecution at 1, 8 and 64 keep-alive connections
     (bench/sfn-loadgen, C++), requests/s with p50/p99 latency
  b  10,000 executions of a 10-state Pass chain: wall time from the first StartExecution until none
     is RUNNING; executions/s and state transitions/s (every one persisted before it is acted on)
  c  one execution of a 6,000-iteration Choice loop (virtual clock), start to SUCCEEDED
  d  one execution of an inline Map over 10,000 items
  e  start-up time to the first answer and idle RSS
  f  reading a ~25,000-event history page by page (GetExecutionHistory, 1,000 events a page)
  g  one execution of a JSONata inline Map over 10,000 items, with a JSONata ItemSelector, a JSONata
     Output in each iteration and on the Map (sfn-emulator only: moto does not run JSONata)
  h  Lambda tasks (bench/lambda_tasks.py, its own server; sfn-emulator only): Task executions/s
     calling a trivial python and node handler (2,000 executions from 8 client threads), the
     handler processes alive at most, StartExecution/s of a Pass machine meanwhile, Invoke p50/p99
     from a keep-alive client; each with its target (issue 16)
  t  issue 16 part 2: 1,000 executions of a 20-state Pass chain on disk, started from 64
     connections; wall time from the first StartExecution until none is RUNNING, state
     transitions/s (every one persisted before it is acted on); the median of 5 rounds
  m  issue 16 part 2: one execution of an inline Map over 10,000 items (each iteration one Pass
     state) on disk, start to SUCCEEDED; Map iterations/s and state transitions/s (the Map's and
     one per iteration); the median of 3 rounds
  l  the machine's limits (issue 16, part 6), in the same run: a bare Beast server answering a fixed
     body (bench/limit_http.cc), driven by sfn-loadgen as the emulator is, and bare SQLite batched
     writes shaped like the store's on disk (bench/limit_sqlite.cc); then every issue-16 target
     with its figure, the limit and the ratio
moto runs through bench/moto_peer.py (moto_server with a workaround for a moto bug that fails
every StartExecution after the first). moto is slow: its workloads are capped (see MOTO_CAPS) and its rates are per unit of work, so the
ratios compare rates (executions/s, items/s, iterations/s, events/s), not wall times.

Environment: SFN_EMULATOR_BIN, SFN_LOADGEN_BIN, BENCH_SECONDS (per rate point, default 2),
BENCH_SKIP_MOTO=1, BENCH_QUICK=1 (a tenth of every workload), BENCH_ONLY=d,g (run only these
workloads of sfn-emulator, and no moto), BENCH_ROUNDS (rounds of t and m).
"""
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import http.client

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
import harness  # noqa: E402

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/bench"
QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
LOADGEN = os.environ.get("SFN_LOADGEN_BIN") or os.path.join(harness.REPO_ROOT, "build", "bench", "sfn-loadgen")
BENCH_BIN = os.path.dirname(LOADGEN)

SIZES = {"executions": 10000, "loop": 6000, "map": 10000, "history_loop": 6248, "jsonata_map": 10000,
         "chain_executions": 1000, "map_items": 10000}
CHAIN_STATES = 20
MOTO_CAPS = {"executions": 200, "loop": 300, "map": 200, "history_loop": 300}
if QUICK:
    SIZES = {k: v // 10 for k, v in SIZES.items()}
    MOTO_CAPS = {k: max(20, v // 10) for k, v in MOTO_CAPS.items()}


def pass_chain(n=10):
    states = {}
    for i in range(n):
        s = {"Type": "Pass", "Result": {"step": i}, "ResultPath": f"$.s{i}"}
        if i + 1 < n:
            s["Next"] = f"P{i + 1}"
        else:
            s["End"] = True
        states[f"P{i}"] = s
    return {"StartAt": "P0", "States": states}


def rounds(default):
    return int(os.environ.get("BENCH_ROUNDS", default))


def choice_loop(iterations):
    return {"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Default": "Done",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": iterations, "Next": "Inc"}]},
        "Done": {"Type": "Succeed"}}}


def inline_map():
    return {"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "End": True,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                          "States": {"P": {"Type": "Pass", "End": True}}}}}}


def jsonata_map():
    # Each item's input from ItemSelector (the item, its index and the Map's input), each
    # iteration's Output computed from it, and the Map's Output aggregating the results.
    return {"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {
        "Type": "Map", "Items": "{% $states.input.items %}", "End": True,
        "ItemSelector": {"value": "{% $states.context.Map.Item.Value %}",
                         "index": "{% $states.context.Map.Item.Index %}",
                         "factor": "{% $states.input.factor %}"},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {"P": {
            "Type": "Pass", "End": True,
            "Output": {"id": "{% 'item-' & $states.input.index %}",
                       "scaled": "{% $states.input.value * $states.input.factor %}"}}}},
        "Output": {"count": "{% $count($states.result) %}", "total": "{% $sum($states.result.scaled) %}"}}}}


class Target:
    """One server under test: name, port, a boto3 client, and how to stop it."""

    def __init__(self, name, port, stop, pid):
        self.name, self.port, self._stop, self.pid = name, port, stop, pid
        cfg = Config(retries={"total_max_attempts": 1}, read_timeout=600, max_pool_connections=8)
        self.sfn = boto3.session.Session().client(
            "stepfunctions", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
            aws_access_key_id="test", aws_secret_access_key="test", config=cfg)

    def stop(self):
        self._stop()

    def create(self, name, definition):
        return self.sfn.create_state_machine(name=name, roleArn=ROLE,
                                             definition=json.dumps(definition))["stateMachineArn"]

    def loadgen(self, target, body, connections, seconds=None, requests=None):
        cmd = [LOADGEN, "--port", str(self.port), "--target", "AWSStepFunctions." + target,
               "--body", json.dumps(body), "--connections", str(connections)]
        cmd += ["--requests", str(requests)] if requests else ["--seconds", str(seconds)]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=3600)
        if out.returncode != 0 or not out.stdout.strip():
            raise RuntimeError(f"loadgen failed: {out.stderr}")
        r = json.loads(out.stdout)
        r["stderr"] = out.stderr.strip()
        return r

    def run_to_end(self, arn, input_obj, poll=0.005, timeout=600):
        t0 = time.perf_counter()
        ex = self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(input_obj))["executionArn"]
        while True:
            d = self.sfn.describe_execution(executionArn=ex)
            if d["status"] != "RUNNING":
                break
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"{self.name}: {ex} still RUNNING after {timeout}s")
            time.sleep(poll)
        dt = time.perf_counter() - t0
        if d["status"] != "SUCCEEDED":
            raise RuntimeError(f"{self.name}: {ex} ended {d['status']}: {d.get('error')} {d.get('cause')}")
        return ex, dt

    def wait_none_running(self, arn, timeout=900, poll=0.02):
        t0 = time.perf_counter()
        while self.sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING", maxResults=1)["executions"]:
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"{self.name}: executions still RUNNING after {timeout}s")
            time.sleep(poll)

    def cpu_seconds(self):
        """CPU time the server process has used (user + system): on a shared machine, a figure
        that other processes' load disturbs less than wall time."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        return 0.0


def start_ours():
    # --max-history-events 0: an inline Map over 10,000 items, as (d) asks, writes about 40,000
    # events, past AWS's quota of 25,000 per execution that the emulator enforces by default.
    srv = harness.Server(clock="virtual", log_level="warn", extra_args=["--max-history-events", "0"])
    srv.start()
    return Target("sfn-emulator", srv.port, srv.cleanup, srv.proc.pid)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port, path, timeout=30):
    t0 = time.perf_counter()
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", path)
            c.getresponse().read()
            return time.perf_counter() - t0
        except OSError:
            if time.perf_counter() - t0 > timeout:
                raise
            time.sleep(0.002)


def start_moto():
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_peer.py"), "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=harness._die_with_parent)
    wait_http(port, "/moto-api/")
    startup = time.perf_counter() - t0
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/moto-api/config", body=json.dumps({"stepfunctions": {"execute_state_machine": True}}),
              headers={"Content-Type": "application/json"})
    c.getresponse().read()

    def stop():
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    t = Target("moto", port, stop, proc.pid)
    t.startup_ms = startup * 1000
    return t


def startup_ours(runs=10):
    times, rss = [], []
    for _ in range(runs):
        d = tempfile.mkdtemp(prefix="sfn-bench-")
        t0 = time.perf_counter()
        p = subprocess.Popen([harness.binary_path(), "--port", "0", "--data-dir", d], stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        port = int(p.stdout.readline().split("http://127.0.0.1:")[1].split()[0])
        wait_http(port, "/_emulator/health")
        times.append((time.perf_counter() - t0) * 1000)
        time.sleep(0.2)
        with open(f"/proc/{p.pid}/status") as f:
            rss.append(int([ln for ln in f if ln.startswith("VmRSS")][0].split()[1]) / 1024)
        p.terminate()
        p.wait()
    return statistics.median(times), statistics.median(rss)


# -- workloads --------------------------------------------------------------------------------------
def bench_rates(t, conns, seconds):
    arn = t.create("rate", {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    out = {}
    for c in conns:
        out[("DescribeStateMachine", c)] = t.loadgen("DescribeStateMachine", {"stateMachineArn": arn}, c,
                                                     seconds=seconds)
    for c in conns:
        body = {"stateMachineArn": arn, "input": "{}", "name": f"c{c}-%SEQ%"}
        out[("StartExecution", c)] = t.loadgen("StartExecution", body, c, seconds=seconds)
    return out


def bench_executions(t, n):
    arns = [t.create("chain", pass_chain(10))]
    body = {"stateMachineArn": arns[0], "input": "{}", "name": "e%SEQ%"}
    t0 = time.perf_counter()
    r = t.loadgen("StartExecution", body, min(64, n), requests=n)
    if r["errors"]:
        raise RuntimeError(f"{t.name}: {r['errors']} StartExecution errors: {r.get('stderr')}")
    started = time.perf_counter() - t0
    for arn in arns:
        t.wait_none_running(arn)
    total = time.perf_counter() - t0
    done = t.sfn.list_executions(stateMachineArn=arns[-1], statusFilter="SUCCEEDED", maxResults=1)["executions"]
    if not done:
        raise RuntimeError(f"{t.name}: no execution SUCCEEDED")
    return {"n": n, "seconds": total, "start_seconds": started, "exec_per_s": n / total,
            "transitions_per_s": n * 10 / total, "events_per_s": n * 22 / total}


def bench_transitions(t, n, states, rounds):
    """(t) n executions of a `states`-state Pass chain, started from 64 connections, `rounds` times
    (a new machine each round): the median round."""
    out = []
    for i in range(rounds):
        arn = t.create(f"chain{states}-{i}", pass_chain(states))
        body = {"stateMachineArn": arn, "input": "{}", "name": "t%SEQ%"}
        cpu0 = t.cpu_seconds()
        t0 = time.perf_counter()
        r = t.loadgen("StartExecution", body, min(64, n), requests=n)
        if r["errors"]:
            raise RuntimeError(f"{t.name}: {r['errors']} StartExecution errors: {r.get('stderr')}")
        started = time.perf_counter() - t0
        t.wait_none_running(arn, poll=0.002)
        total = time.perf_counter() - t0
        cpu = t.cpu_seconds() - cpu0
        done = t.sfn.list_executions(stateMachineArn=arn, statusFilter="SUCCEEDED")
        if len(done["executions"]) == 0:
            raise RuntimeError(f"{t.name}: no execution SUCCEEDED")
        out.append({"n": n, "states": states, "seconds": total, "start_seconds": started,
                    "exec_per_s": n / total, "transitions_per_s": n * states / total,
                    "events_per_s": n * (2 * states + 2) / total,
                    "cpu_us_per_transition": cpu * 1e6 / (n * states)})
    out.sort(key=lambda x: x["seconds"])
    med = dict(out[len(out) // 2])
    med["rounds"] = [x["transitions_per_s"] for x in out]
    return med


def bench_map_transitions(t, items, rounds, item=lambda i: i):
    """(m) one inline Map over `items` items (`item(i)` each), `rounds` times: the median round."""
    arn = t.create("mapm", inline_map())
    out = []
    for _ in range(rounds):
        # Polled with a filtered ListExecutions, not DescribeExecution: its answer would carry the
        # 10,000-item input each time, and serialising it would take CPU from the run measured.
        cpu0 = t.cpu_seconds()
        t0 = time.perf_counter()
        ex = t.sfn.start_execution(stateMachineArn=arn, input=json.dumps({"items": [item(i) for i in range(items)]}))
        t.wait_none_running(arn, poll=0.002)
        dt = time.perf_counter() - t0
        cpu = t.cpu_seconds() - cpu0
        d = t.sfn.describe_execution(executionArn=ex["executionArn"])
        if d["status"] != "SUCCEEDED":
            raise RuntimeError(f"{t.name}: the Map ended {d['status']}: {d.get('error')} {d.get('cause')}")
        out.append({"n": items, "seconds": dt, "items_per_s": items / dt,
                    "transitions_per_s": (items + 1) / dt, "cpu_us_per_item": cpu * 1e6 / items})
    out.sort(key=lambda x: x["seconds"])
    med = dict(out[len(out) // 2])
    med["rounds"] = [x["items_per_s"] for x in out]
    return med


def bench_loop(t, iterations):
    arn = t.create(f"loop{iterations}", choice_loop(iterations))
    ex, dt = t.run_to_end(arn, {})
    return {"n": iterations, "seconds": dt, "iter_per_s": iterations / dt,
            "transitions_per_s": (2 * iterations + 2) / dt, "execution": ex}


def bench_map(t, items):
    arn = t.create("map", inline_map())
    _, dt = t.run_to_end(arn, {"items": list(range(items))})
    return {"n": items, "seconds": dt, "items_per_s": items / dt}


def bench_jsonata_map(t, items):
    arn = t.create("jsonatamap", jsonata_map())
    ex, dt = t.run_to_end(arn, {"items": list(range(items)), "factor": 3})
    out = json.loads(t.sfn.describe_execution(executionArn=ex)["output"])
    assert out == {"count": items, "total": 3 * items * (items - 1) // 2}, out
    return {"n": items, "seconds": dt, "items_per_s": items / dt}


def bench_history(t, iterations):
    arn = t.create(f"hist{iterations}", choice_loop(iterations))
    ex, _ = t.run_to_end(arn, {})
    t0 = time.perf_counter()
    events, pages, token = 0, 0, None
    while True:
        kw = {"executionArn": ex, "maxResults": 1000}
        if token:
            kw["nextToken"] = token
        r = t.sfn.get_execution_history(**kw)
        events += len(r["events"])
        pages += 1
        token = r.get("nextToken")
        if not token:
            break
    dt = time.perf_counter() - t0
    return {"events": events, "pages": pages, "seconds": dt, "events_per_s": events / dt}


def bench_limits(conns, seconds):
    """The machine's limits: a bare Beast server (HTTP) and bare SQLite batched writes (on disk)."""
    out = {"http": {}}
    proc = subprocess.Popen([os.path.join(BENCH_BIN, "sfn-limit-http")], stdout=subprocess.PIPE,
                            text=True, preexec_fn=harness._die_with_parent)
    try:
        port = int(proc.stdout.readline().rsplit(":", 1)[1])
        t = Target("limit-http", port, lambda: None, proc.pid)
        body = {"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:rate",
                "input": "{}", "name": "c-%SEQ%"}
        for c in conns:
            out["http"][c] = t.loadgen("StartExecution", body, c, seconds=seconds)
    finally:
        proc.kill()
        proc.wait()
    # On the same file system as the emulator's data dir (the harness makes it with tempfile).
    d = tempfile.mkdtemp(prefix="sfn-limit-")
    r = subprocess.run([os.path.join(BENCH_BIN, "sfn-limit-sqlite"), "--dir", d, "--seconds", str(seconds / 2)],
                       capture_output=True, text=True, timeout=600)
    os.rmdir(d)
    if r.returncode != 0:
        raise RuntimeError(f"sfn-limit-sqlite failed: {r.stderr}")
    out["sqlite"] = json.loads(r.stdout)
    return out


# -- report -------------------------------------------------------------------------------------------
def ratio(a, b):
    return f"{a / b:,.1f}x" if b else "n/a"


def main():
    conns = (1, 8, 64)
    print(f"# sfn-emulator benchmarks ({'quick' if QUICK else 'full'}; {os.cpu_count()} CPUs; "
          f"{SECONDS:g} s per rate point)")
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    run = (lambda w: not only or w in only)  # noqa: E731
    res = {}
    if run("l"):
        res["limits"] = bench_limits(conns, SECONDS)
    # First, before the other workloads leave dirty pages for the kernel to flush: creating a fresh
    # database fsyncs, and that is what start-up mostly waits for.
    if run("e"):
        res["startup_ms"], res["idle_rss"] = startup_ours()
    ours = start_ours()
    try:
        if run("a"):
            res["rates"] = bench_rates(ours, conns, SECONDS)
        if run("b"):
            res["exec"] = bench_executions(ours, SIZES["executions"])
        if run("t"):
            res["chain"] = bench_transitions(ours, SIZES["chain_executions"], CHAIN_STATES, rounds(5))
        if run("m"):
            res["mapm"] = bench_map_transitions(ours, SIZES["map_items"], rounds(3))
            # The same with 20-character strings for items: a 240 KB input, and a Map frame
            # (items and results) of twice that, rewritten at each commit.
            res["mapm_strings"] = bench_map_transitions(ours, SIZES["map_items"], rounds(3),
                                                        item=lambda i: f"item-{i:06d}-abcdefgh")
        if run("c"):
            res["loop"] = bench_loop(ours, SIZES["loop"])
        if run("d"):
            res["map"] = bench_map(ours, SIZES["map"])
        if run("f"):
            res["hist"] = bench_history(ours, SIZES["history_loop"])
        if run("g"):
            res["jsonata_map"] = bench_jsonata_map(ours, SIZES["jsonata_map"])
        # "Memory back near idle after the executions end": the emulator trims its heap every
        # 2 s while no execution runs.
        if run("e"):
            time.sleep(3)
            res["idle_rss_after"] = ours.rss_mib()
    finally:
        ours.stop()

    moto = None
    if os.environ.get("BENCH_SKIP_MOTO") != "1" and not only:
        m = start_moto()
        moto = {"startup_ms": m.startup_ms}
        try:
            time.sleep(0.2)
            moto["idle_rss"] = m.rss_mib()
            moto["rates"] = bench_rates(m, conns, min(SECONDS, 1.0))
            moto["exec"] = bench_executions(m, MOTO_CAPS["executions"])
            moto["loop"] = bench_loop(m, MOTO_CAPS["loop"])
            moto["map"] = bench_map(m, MOTO_CAPS["map"])
            moto["hist"] = bench_history(m, MOTO_CAPS["history_loop"])
        finally:
            m.stop()

    # (h) Lambda tasks at scale (issue 16, part 3): its own server, its own report with targets.
    if run("h"):
        n = 200 if QUICK else 2000
        print("\n## (h) Lambda tasks (bench/lambda_tasks.py)", flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "lambda_tasks.py"), str(n), "8"],
                       check=False)

    for key, report in (("rates", report_rates), ("exec", report_exec), ("chain", report_chain),
                        ("mapm", report_mapm), ("loop", report_loop),
                        ("map", report_map), ("startup_ms", report_startup), ("hist", report_hist),
                        ("jsonata_map", report_jsonata_map), ("limits", report_limits)):
        if key in res:
            report(res, moto)


def report_rates(res, moto):
    print("\n## (a) API request rate (keep-alive connections, sfn-loadgen)")
    print(f"{'operation':<22}{'conns':>6}{'req/s':>11}{'p50 ms':>9}{'p99 ms':>9}"
          + (f"{'moto req/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>9}" if moto else ""))
    for (op, c), r in res["rates"].items():
        line = f"{op:<22}{c:>6}{r['rps']:>11,.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
        if moto:
            mr = moto["rates"][(op, c)]
            line += f"{mr['rps']:>12,.0f}{mr['p50_ms']:>9.2f}{mr['p99_ms']:>9.2f}{ratio(r['rps'], mr['rps']):>9}"
        print(line)


def report_exec(res, moto):
    e = res["exec"]
    print(f"\n## (b) {e['n']:,} executions of a 10-state Pass chain (64 connections starting them)")
    print(f"sfn-emulator: {e['seconds']:.2f} s ({e['start_seconds']:.2f} s to start them all): "
          f"{e['exec_per_s']:,.0f} executions/s, {e['transitions_per_s']:,.0f} state transitions/s, "
          f"{e['events_per_s']:,.0f} history events/s persisted")
    if moto:
        me = moto["exec"]
        print(f"moto ({me['n']} executions, capped): {me['seconds']:.2f} s: {me['exec_per_s']:,.1f} executions/s, "
              f"{me['transitions_per_s']:,.0f} transitions/s -> ratio {ratio(e['exec_per_s'], me['exec_per_s'])} "
              f"(per-execution rates; moto ran {me['n']}, we ran {e['n']:,})")


def report_chain(res, moto):
    c = res["chain"]
    print(f"\n## (t) {c['n']:,} executions of a {c['states']}-state Pass chain on disk (64 connections "
          f"starting them; median of {len(c['rounds'])} rounds)")
    print(f"sfn-emulator: {c['seconds'] * 1000:,.0f} ms ({c['start_seconds'] * 1000:,.0f} ms to start them all): "
          f"{c['exec_per_s']:,.0f} executions/s, {c['transitions_per_s']:,.0f} state transitions/s, "
          f"{c['events_per_s']:,.0f} history events/s persisted (rounds: "
          + ", ".join(f"{x:,.0f}" for x in c["rounds"]) + " transitions/s); server CPU "
          f"{c['cpu_us_per_transition']:.1f} us per transition")


def report_mapm(res, moto):
    m = res["mapm"]
    print(f"\n## (m) one inline Map over {m['n']:,} items on disk (median of {len(m['rounds'])} rounds)")
    print(f"sfn-emulator: {m['seconds'] * 1000:,.0f} ms: {m['items_per_s']:,.0f} Map iterations/s, "
          f"{m['transitions_per_s']:,.0f} state transitions/s (rounds: "
          + ", ".join(f"{x:,.0f}" for x in m["rounds"]) + " iterations/s); server CPU "
          f"{m['cpu_us_per_item']:.1f} us per iteration")
    ms = res.get("mapm_strings")
    if ms:
        print(f"with 20-character strings for items (a 240 KB input): {ms['seconds'] * 1000:,.0f} ms: "
              f"{ms['items_per_s']:,.0f} Map iterations/s (rounds: "
              + ", ".join(f"{x:,.0f}" for x in ms["rounds"]) + " iterations/s); server CPU "
              f"{ms['cpu_us_per_item']:.1f} us per iteration")


def report_loop(res, moto):
    lp = res["loop"]
    print(f"\n## (c) one execution of a {lp['n']:,}-iteration Choice loop (virtual clock)")
    print(f"sfn-emulator: {lp['seconds'] * 1000:,.0f} ms ({lp['iter_per_s']:,.0f} iterations/s, "
          f"{lp['transitions_per_s']:,.0f} state transitions/s)")
    if moto:
        ml = moto["loop"]
        print(f"moto ({ml['n']} iterations, capped): {ml['seconds'] * 1000:,.0f} ms ({ml['iter_per_s']:,.0f} iterations/s)"
              f" -> ratio {ratio(lp['iter_per_s'], ml['iter_per_s'])} per iteration "
              f"(moto for {lp['n']:,} would take ~{lp['n'] / ml['iter_per_s']:,.1f} s if linear)")


def report_map(res, moto):
    mp = res["map"]
    print(f"\n## (d) one execution of an inline Map over {mp['n']:,} items")
    print(f"sfn-emulator: {mp['seconds'] * 1000:,.0f} ms ({mp['items_per_s']:,.0f} items/s)")
    if moto:
        mm = moto["map"]
        print(f"moto ({mm['n']} items, capped): {mm['seconds'] * 1000:,.0f} ms ({mm['items_per_s']:,.0f} items/s)"
              f" -> ratio {ratio(mp['items_per_s'], mm['items_per_s'])} per item")


def report_startup(res, moto):
    print("\n## (e) start-up to the first answer and idle RSS (median of 10 starts, fresh data dir)")
    print(f"sfn-emulator: {res['startup_ms']:.1f} ms, idle RSS {res['idle_rss']:.1f} MiB "
          f"(RSS 3 s after all the workloads above: {res['idle_rss_after']:.1f} MiB)")
    if moto:
        print(f"moto_server: {moto['startup_ms']:.0f} ms, idle RSS {moto['idle_rss']:.1f} MiB -> "
              f"start-up {ratio(moto['startup_ms'], res['startup_ms'])} faster, RSS "
              f"{ratio(moto['idle_rss'], res['idle_rss'])} smaller")


def report_hist(res, moto):
    h = res["hist"]
    print(f"\n## (f) reading a {h['events']:,}-event history, {h['pages']} pages of 1,000 (boto3)")
    print(f"sfn-emulator: {h['seconds'] * 1000:,.0f} ms ({h['events_per_s']:,.0f} events/s)")
    if moto:
        mh = moto["hist"]
        print(f"moto ({mh['events']:,} events, capped): {mh['seconds'] * 1000:,.0f} ms ({mh['events_per_s']:,.0f} events/s)"
              f" -> ratio {ratio(h['events_per_s'], mh['events_per_s'])} per event")


def report_jsonata_map(res, moto):
    jm = res["jsonata_map"]
    print(f"\n## (g) one execution of a JSONata inline Map over {jm['n']:,} items "
          "(ItemSelector, Output per iteration and on the Map)")
    print(f"sfn-emulator: {jm['seconds'] * 1000:,.0f} ms ({jm['items_per_s']:,.0f} items/s)")



def report_limits(res, moto):
    lim = res["limits"]
    sq = lim["sqlite"]
    print("\n## (l) the machine's limits, measured in this run")
    print("bare Beast server, fixed body (sfn-loadgen, keep-alive): " + ", ".join(
        f"{c} conns {r['rps']:,.0f} req/s (p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms)"
        for c, r in lim["http"].items()))
    print("bare SQLite on disk (WAL, synchronous=NORMAL), a start = row + frame + 4 events: " + ", ".join(
        f"batch {b}: {v:,.0f} starts/s" for b, v in sq["start"].items())
          + f"; a transition = row update + frame + 2 events, batches of 256 over 1,000 executions: "
          f"{sq['transition']:,.0f} transitions/s ({sq['transition_rows']:,.0f} rows/s)")
    if "chain20" in sq:
        print(f"  (t)'s shape, a 20-state chain ended within its start (row + 42 events), batches of 64: "
              f"{sq['chain20']:,.0f} transitions/s; (m)'s shape, an inline Map iteration (frame written "
              f"and deleted + 4 events), 1,000 a batch: {sq['map_item']:,.0f} iterations/s")
    print("\n## issue 16 targets: figure, limit (the lower of HTTP and SQLite where both apply), ratio")
    print(f"{'target':<58}{'goal':>10}{'figure':>11}{'limit':>11}{'of limit':>10}")

    def row(name, goal, figure, limit):
        f = "n/a" if figure is None else f"{figure:,.0f}"
        lm = "n/a" if limit is None else f"{limit:,.0f}"
        frac = f"{figure / limit:.0%}" if figure is not None and limit else "n/a"
        print(f"{name:<58}{goal:>10}{f:>11}{lm:>11}{frac:>10}")

    rates = res.get("rates", {})
    for c in (8, 64):
        r = rates.get(("StartExecution", c))
        http = lim["http"].get(c, {}).get("rps")
        batch = str(min((b for b in map(int, sq["start"]) if b >= c), default=256))
        limit = min(x for x in (http, sq["start"].get(batch)) if x)
        row(f"1. StartExecution/s, {c} connections, on disk", ">=25,000", r and r["rps"], limit)
    r8 = rates.get(("StartExecution", 8))
    if r8:
        print(f"{'   StartExecution p99 at 8 connections (ms)':<58}{'<5':>10}{r8['p99_ms']:>11.2f}"
              f"{lim['http'][8]['p99_ms'] if 8 in lim['http'] else float('nan'):>11.2f}{'':>10}")
    c = res.get("chain")
    row(f"2. transitions/s, (t) {c['n']:,} executions x {c['states']} states" if c else
        "2. transitions/s, (t) (not run)", ">=100,000", c and c["transitions_per_s"],
        sq.get("chain20"))
    mm = res.get("mapm")
    row(f"2. Map iterations/s, (m) inline Map of {mm['n']:,}" if mm else
        "2. Map iterations/s, (m) (not run)", ">=100,000", mm and mm["items_per_s"],
        sq.get("map_item"))
    e = res.get("exec")
    if e:
        row(f"   transitions/s, (b) {e['n']:,} executions x 10 states", "", e["transitions_per_s"],
            sq["transition"])
    # These three have benchmarks of their own (their figures are in their output: (h) above,
    # bench/reads.py, bench/million.py) and no machine limit to compare with.
    row("3. Lambda Task executions/s: see (h) above", ">=2,000", None, None)
    row("4. DescribeExecution under load, % of idle: bench/reads.py", ">=90%", None, None)
    row("5. a million executions, latency ratios: bench/million.py", "<=1.5", None, None)


if __name__ == "__main__":
    main()
