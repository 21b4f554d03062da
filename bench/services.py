#!/usr/bin/env python3
"""Service integrations: the mock file and a real endpoint. Prints figures; asserts only results.

1. Mocked workflow: a 10-state machine (ten Task states, each mocked by Step Functions Local's mock
   file) run N times (default 1,000), all started at once on `<stateMachineArn>#Bench`: executions/s
   and state transitions/s (each state entered counts as one transition).
2. SQS sendMessage against moto_server (tests/e2e/moto_aws.py): the emulator's own overhead per call.
   One execution runs a Map (MaxConcurrency 1) of M iterations (default 200) whose Task sends one
   message; the same Map with a Pass state instead gives the cost of an iteration without a call; M
   sequential SendMessage requests sent straight to moto (http.client, the same JSON body) give
   moto's own time. Per-iteration times come from the history (MapIterationStarted/Succeeded);
   overhead per call = sqs - pass - moto (10%-trimmed means): building, signing and persisting the
   request, the HTTP client, decoding the answer, the extra history events.

Usage: bench/services.py [N=1000] [M=200]   (N executions are started by 8 boto3 clients at once)
Starts build/sfn-emulator (or $SFN_EMULATOR_BIN) on ephemeral ports with temp data dirs.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))
import harness as H  # noqa: E402
from moto_aws import MotoServer  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
M = int(sys.argv[2]) if len(sys.argv) > 2 else 200
STATES = 10
CLIENTS = 8
LOADGEN = os.environ.get("SFN_LOADGEN_BIN") or os.path.join(HERE, "..", "build", "bench", "sfn-loadgen")


def mocked_workflow():
    names = [f"S{i}" for i in range(STATES)]
    states = {}
    for i, name in enumerate(names):
        states[name] = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                        "ResultSelector": {"n.$": "$.Payload.n"}}
        states[name].update({"Next": names[i + 1]} if i + 1 < len(names) else {"End": True})
    config = {"StateMachines": {"BenchMocked": {"TestCases": {"Bench": {n: "Ok" for n in names}}}},
              "MockedResponses": {"Ok": {"0": {"Return": {"StatusCode": 200, "Payload": {"n": 1}}}}}}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(config, f)
    try:
        with H.Server(clock="real", log_level="warn", extra_args=["--mock-config", f.name]) as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="BenchMocked", roleArn=H.ROLE_ARN,
                                           definition=json.dumps({"StartAt": names[0], "States": states}))[
                "stateMachineArn"]
            if os.path.exists(LOADGEN):
                # 64 keep-alive connections starting them (bench/sfn-loadgen), as bench.py's (b) does.
                cmd = [LOADGEN, "--port", srv.endpoint.rsplit(":", 1)[1], "--target", "AWSStepFunctions.StartExecution",
                       "--body", json.dumps({"stateMachineArn": arn + "#Bench", "input": "{}", "name": "e%SEQ%"}),
                       "--connections", "64", "--requests", str(N)]
                t0 = time.perf_counter()
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
                assert out.returncode == 0 and json.loads(out.stdout)["errors"] == 0, out
                started = time.perf_counter() - t0
                how = "sfn-loadgen, 64 connections"
            else:
                started, t0 = start_with_boto3(srv, arn)
                how = f"{CLIENTS} boto3 clients"
            while True:
                done = 0
                for page in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn,
                                                                         statusFilter="SUCCEEDED"):
                    done += len(page["executions"])
                if done >= N:
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - t0
            sample = sfn.list_executions(stateMachineArn=arn, maxResults=1)["executions"][0]
            history = H.full_history(sfn, sample["executionArn"])
            entered = sum(1 for e in history if e["type"].endswith("StateEntered"))
            assert entered == STATES, entered
            print(f"mocked {STATES}-state workflow, {N} executions started by {how}: "
                  f"{N / elapsed:.0f} executions/s, {N * STATES / elapsed:.0f} transitions/s ({elapsed:.2f} s "
                  f"until all had succeeded, of which starting {started:.2f} s)")
    finally:
        os.unlink(f.name)


def start_with_boto3(srv, arn):
    clients = [srv.client() for _ in range(CLIENTS)]

    def starter(k):
        for i in range(k, N, CLIENTS):
            clients[k].start_execution(stateMachineArn=arn + "#Bench", input=json.dumps({"i": i}))

    threads = [threading.Thread(target=starter, args=(k,)) for k in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    started = time.perf_counter() - t0
    return started, t0


def map_duration(sfn, item_state, queue_url):
    definition = {"StartAt": "M", "States": {"M": {
        "Type": "Map", "MaxConcurrency": 1, "ItemsPath": "$.items",
        "ItemSelector": {"url": queue_url, "n.$": "$$.Map.Item.Value"},
        "ItemProcessor": {"StartAt": "T", "States": {"T": item_state}},
        "ResultPath": None, "End": True}}}
    arn = sfn.create_state_machine(name=H.unique("bench-map"), roleArn=H.ROLE_ARN,
                                   definition=json.dumps(definition))["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"items": list(range(M))}))["executionArn"]
    d = H.wait_for_status(sfn, ex, timeout=600)
    assert d["status"] == "SUCCEEDED", d
    # Each iteration's own time (MapIterationStarted -> MapIterationSucceeded, ms timestamps).
    starts, times = {}, []
    for e in H.full_history(sfn, ex):
        if e["type"] == "MapIterationStarted":
            starts[e["mapIterationStartedEventDetails"]["index"]] = e["timestamp"]
        elif e["type"] == "MapIterationSucceeded":
            index = e["mapIterationSucceededEventDetails"]["index"]
            times.append((e["timestamp"] - starts[index]).total_seconds())
    assert len(times) == M, len(times)
    return times


def trimmed_mean(values, cut=0.1):
    """The mean without the slowest and fastest 10% (moto_server's pauses are not the emulator's)."""
    values = sorted(values)
    k = int(len(values) * cut)
    kept = values[k:len(values) - k] or values
    return sum(kept) / len(kept)


def moto_alone(endpoint, queue_url):
    """M SendMessage calls straight to moto over one kept-alive connection: moto's own time per call."""
    u = urllib.parse.urlparse(endpoint)
    conn = http.client.HTTPConnection(u.hostname, u.port)
    headers = {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "AmazonSQS.SendMessage",
               "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/sqs/aws4_request, "
                                "SignedHeaders=host, Signature=0"}
    times = []
    for i in range(M):
        body = json.dumps({"QueueUrl": queue_url, "MessageBody": str(i)})
        t = time.perf_counter()
        conn.request("POST", "/", body=body, headers=headers)
        r = conn.getresponse()
        r.read()
        times.append(time.perf_counter() - t)
        assert r.status == 200, r.status
    conn.close()
    return times


def sqs_overhead():
    with MotoServer() as moto, H.Server(clock="real", log_level="warn",
                                        extra_args=["--aws-endpoint", moto.endpoint]) as srv:
        sqs = moto.client("sqs")
        url = sqs.create_queue(QueueName="bench")["QueueUrl"]
        sfn = srv.client()
        send = {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl.$": "$.url", "MessageBody.$": "States.Format('{}', $.n)"}, "End": True}
        passing = {"Type": "Pass", "End": True}
        map_duration(sfn, send, url)  # warm-up: connections, moto's first queue lookups
        # moto slows down as a queue fills: each measurement starts from an empty queue, and moto's own
        # time is taken once before and once after the emulator's.
        sqs.purge_queue(QueueUrl=url)
        moto_times = moto_alone(moto.endpoint, url)
        sqs.purge_queue(QueueUrl=url)
        sqs_times = map_duration(sfn, send, url)
        sqs.purge_queue(QueueUrl=url)
        moto_times += moto_alone(moto.endpoint, url)
        pass_times = map_duration(sfn, passing, url)
        sqs_ms, pass_ms, moto_ms = (trimmed_mean(t) * 1000 for t in (sqs_times, pass_times, moto_times))
        print(f"SQS sendMessage Task against moto, {M} calls in a Map (MaxConcurrency 1), 10%-trimmed means: "
              f"{sqs_ms:.2f} ms per iteration (Pass instead: {pass_ms:.2f} ms); moto alone {moto_ms:.2f} ms per "
              f"call (p50 {statistics.median(moto_times) * 1000:.2f} ms); the emulator's own overhead per call: "
              f"{sqs_ms - pass_ms - moto_ms:.2f} ms")


def main():
    mocked_workflow()
    sqs_overhead()


if __name__ == "__main__":
    main()
