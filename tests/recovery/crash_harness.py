"""Crash safety: SIGKILL the emulator at random (seeded) moments, again and again, also while it is
busy writing, restart it on the same data directory, and check that nothing is lost.

Every execution whose StartExecution was acknowledged must exist after the restarts and end
SUCCEEDED with the output of an undisturbed reference run of the same machine, and a history
whose ids are 1..N without gaps, whose previousEventId point backwards, and whose events per type
are exactly those of the reference run (nothing duplicated, nothing missing). Machines: Wait in a
Choice loop, a Pass/Choice counting loop, an inline Map, a Parallel with Waits, a Parallel that
fails and is retried with back-off before its Catch, a callback (lambda:invoke.waitForTaskToken
whose token a worker thread answers with SendTaskSuccess while the kills go on), and a nested
execution (states:startExecution.sync:2 of a child machine with a Wait: the parent must get its
child's end exactly once, however the kills fall).

Bounded for CI (well under 60 s with the defaults). Knobs: CRASH_SEED (default 6), CRASH_ROUNDS
(default 8), CRASH_PER_ROUND (executions started per round, default 60). The virtual clock makes
the Waits and back-offs pass at once; the only real-time sleeps are the random kill moments.
"""

import collections
import concurrent.futures
import json
import os
import random
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import harness as H  # noqa: E402

from botocore.exceptions import BotoCoreError, ClientError  # noqa: E402

SEED = int(os.environ.get("CRASH_SEED", "6"))
ROUNDS = int(os.environ.get("CRASH_ROUNDS", "8"))
PER_ROUND = int(os.environ.get("CRASH_PER_ROUND", "60"))
FINISH_TIMEOUT_S = 60.0

MACHINES = {
    "wait_loop": H.definition({
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 30, "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Default": "Done",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": 12, "Next": "Wait"}]},
        "Done": {"Type": "Succeed"},
    }),
    "count_loop": H.definition({
        "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Inc"},
        "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Check": {"Type": "Choice", "Default": "Done",
                  "Choices": [{"Variable": "$.i", "NumericLessThan": 400, "Next": "Inc"}]},
        "Done": {"Type": "Succeed"},
    }),
    "map": H.definition({
        "Items": {"Type": "Pass", "Result": list(range(40)), "ResultPath": "$.items", "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 7, "End": True,
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Pause", "States": {
                  "Pause": {"Type": "Wait", "Seconds": 5, "Next": "Double"},
                  "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($, $)"},
                             "End": True}}}},
    }),
    "parallel": H.definition({
        "P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": f"W{b}", "States": {
                f"W{b}": {"Type": "Wait", "Seconds": 10 * (b + 1), "Next": f"R{b}"},
                f"R{b}": {"Type": "Pass", "Result": {"branch": b}, "End": True}}}
            for b in range(3)]},
    }),
    "callback": H.definition({
        "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                "Parameters": {"FunctionName": "notify", "Payload": {"token.$": "$$.Task.Token"}},
                "ResultPath": "$.answer", "Next": "Done"},
        "Done": {"Type": "Pass", "Result": "answered", "ResultPath": "$.end", "End": True},
    }),
    "nested_child": H.definition({
        "W": {"Type": "Wait", "Seconds": 20, "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"child.$": "$.seed"}, "End": True},
    }),
    "nested_sync": H.definition({
        "Run": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                "Parameters": {
                    "StateMachineArn": f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:stateMachine:nested_child",
                    "Name.$": "States.Format('child-{}', $$.Execution.Name)",
                    "Input": {"seed.$": "$.seed",
                              "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}},
                "ResultSelector": {"out.$": "$.Output", "status.$": "$.Status"},
                "ResultPath": "$.nested", "End": True},
    }),
    "retry": H.definition({
        "Try": {"Type": "Parallel", "Next": "Caught",
                "Branches": [{"StartAt": "Boom", "States": {
                    "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "always"}}}],
                "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 3, "MaxAttempts": 3,
                           "BackoffRate": 2.0}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Caught"}]},
        "Caught": {"Type": "Pass", "Result": "caught", "ResultPath": "$.end", "End": True},
    }),
}
INPUT = json.dumps({"seed": SEED})
TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")
# The callback machine's notifier: a stub that answers at once (the token goes to the worker).
STUBS = {"notify": {"*": {"Response": {"notified": True}}}}


def stub_args():
    import tempfile
    path = os.path.join(tempfile.mkdtemp(prefix="sfn-crash-"), "functions.json")
    with open(path, "w") as f:
        json.dump(STUBS, f)
    return ["--functions", path]


class CallbackWorker(threading.Thread):
    """Answers the task tokens of callback executions (read from their TaskScheduled event) with
    SendTaskSuccess, retrying through the kills until each answer is acknowledged or refused as
    already answered (TaskTimedOut)."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server = server
        self.pending = set()
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.answered = 0

    def add(self, arn):
        with self.lock:
            self.pending.add(arn)

    def run(self):
        client, port = None, None
        while not self.stop.is_set():
            with self.lock:
                arns = sorted(self.pending)
            for arn in arns:
                try:
                    if port != self.server.port:
                        port, client = self.server.port, H.Endpoint(self.server.port).client()
                    events = client.get_execution_history(executionArn=arn, maxResults=5)["events"]
                    token = None
                    for e in events:
                        if e["type"] == "TaskScheduled":
                            token = json.loads(e["taskScheduledEventDetails"]["parameters"])["Payload"]["token"]
                    if token is None:
                        continue
                    client.send_task_success(taskToken=token, output='{"approved": true}')
                except ClientError as e:
                    if e.response["Error"]["Code"] != "TaskTimedOut":
                        continue  # not there yet (or the server restarted): try again
                except (BotoCoreError, OSError):
                    continue
                with self.lock:
                    self.pending.discard(arn)
                self.answered += 1
            time.sleep(0.02)


def summary(events):
    return collections.Counter(e["type"] for e in events)


class CrashHarness(unittest.TestCase):
    def wait_all(self, sfn, arns, timeout=FINISH_TIMEOUT_S):
        deadline = time.monotonic() + timeout
        pending = set(arns)
        done = {}
        while pending:
            for arn in list(pending):
                d = sfn.describe_execution(executionArn=arn)
                if d["status"] in TERMINAL:
                    done[arn] = d
                    pending.discard(arn)
            if pending and time.monotonic() > deadline:
                self.fail(f"{len(pending)} executions still RUNNING after {timeout}s, e.g. "
                          f"{sorted(pending)[:3]}")
            if pending:
                time.sleep(0.05)
        return done

    def reference(self):
        """Output and event counts of one undisturbed run of every machine."""
        ref = {}
        with H.Server(clock="virtual", extra_args=stub_args()) as srv:
            sfn = srv.client()
            worker = CallbackWorker(srv)
            worker.start()
            for kind, definition in MACHINES.items():
                arn = sfn.create_state_machine(name=kind, roleArn=H.ROLE_ARN,
                                               definition=definition)["stateMachineArn"]
                ex = sfn.start_execution(stateMachineArn=arn, name="ref", input=INPUT)["executionArn"]
                if kind == "callback":
                    worker.add(ex)
                d = self.wait_all(sfn, [ex])[ex]
                self.assertEqual(d["status"], "SUCCEEDED", (kind, d))
                ref[kind] = (json.loads(d["output"]), summary(H.full_history(sfn, ex)))
            worker.stop.set()
        return ref

    def test_kill9_at_random_moments(self):
        rng = random.Random(SEED)
        ref = self.reference()
        srv = H.Server(clock="virtual", extra_args=stub_args())
        self.addCleanup(srv.cleanup)
        srv.start()
        sfn = srv.client()
        worker = CallbackWorker(srv)
        worker.start()
        self.addCleanup(worker.stop.set)
        machine_arns = {}
        for kind, definition in MACHINES.items():
            machine_arns[kind] = sfn.create_state_machine(
                name=kind, roleArn=H.ROLE_ARN, definition=definition)["stateMachineArn"]

        acknowledged = {}  # execution ARN -> machine kind, for every StartExecution answered 200
        attempted = {}     # the same for every StartExecution sent (answered or not)
        kinds = sorted(MACHINES)

        local = threading.local()

        def start(port, kind, name):
            if getattr(local, "port", None) != port:  # one client per thread and server start
                local.port, local.client = port, H.Endpoint(port).client()
            client = local.client
            try:
                r = client.start_execution(stateMachineArn=machine_arns[kind], name=name, input=INPUT)
                return r["executionArn"]
            except (ClientError, BotoCoreError, OSError):
                return None  # the server died under us: not acknowledged

        kills = 0
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            for rnd in range(ROUNDS):
                jobs = []
                for i in range(PER_ROUND):
                    kind = kinds[rng.randrange(len(kinds))]
                    name = f"r{rnd}-{i}-{kind}"
                    attempted[H.exec_arn(kind, name)] = kind
                    if kind == "callback":
                        worker.add(H.exec_arn(kind, name))
                    jobs.append((kind, pool.submit(start, srv.port, kind, name)))
                # Kill once a random share of this round's starts is answered, while the rest
                # are in flight and the executions run (heavy writes), after a random pause.
                wanted = rng.randrange(PER_ROUND // 4, PER_ROUND + 1)
                deadline = time.monotonic() + 20
                while sum(j.done() for _, j in jobs) < wanted and time.monotonic() < deadline:
                    time.sleep(0.002)
                time.sleep(rng.uniform(0.0, 0.03))
                srv.kill9()
                kills += 1
                for kind, job in jobs:
                    arn = job.result()
                    if arn:
                        acknowledged[arn] = kind
                srv.start()
                if rng.random() < 0.3:  # sometimes kill again right after the restart (recovery)
                    time.sleep(rng.uniform(0.0, 0.05))
                    srv.kill9()
                    kills += 1
                    srv.start()
        sfn = srv.client()

        # Every acknowledged start exists; unacknowledged ones may or may not.
        existing = {}
        for arn, kind in attempted.items():
            try:
                sfn.describe_execution(executionArn=arn)
                existing[arn] = kind
            except ClientError as e:
                self.assertEqual(e.response["Error"]["Code"], "ExecutionDoesNotExist", arn)
                self.assertNotIn(arn, acknowledged, f"acknowledged execution lost: {arn}")
        self.assertGreater(len(acknowledged), 0)

        done = self.wait_all(sfn, existing)
        for arn, kind in existing.items():
            d = done[arn]
            self.assertEqual(d["status"], "SUCCEEDED", (arn, d, srv.log_tail()))
            want_output, want_counts = ref[kind]
            self.assertEqual(json.loads(d["output"]), want_output, arn)
            events = H.full_history(sfn, arn)
            ids = [e["id"] for e in events]
            self.assertEqual(ids, list(range(1, len(ids) + 1)), f"gaps or disorder in {arn}")
            for e in events:
                self.assertLess(e.get("previousEventId", 0), e["id"], (arn, e))
            self.assertEqual(summary(events), want_counts, f"duplicated or missing events in {arn}")
        print(f"crash harness: seed {SEED}, {kills} SIGKILLs, {len(attempted)} starts sent, "
              f"{len(acknowledged)} acknowledged, {len(existing)} executions checked "
              f"({worker.answered} callbacks answered)", file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
