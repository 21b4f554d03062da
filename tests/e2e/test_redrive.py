"""RedriveExecution (AWS "Redriving executions"): a FAILED, ABORTED or TIMED_OUT Standard execution
continues from the states that did not succeed (in a Parallel or Map only the branches and
iterations that did not succeed), with ExecutionRedriven in its history, redriveCount, redriveDate
and redriveStatus in DescribeExecution, $$.Execution.RedriveCount, ListExecutions' redriveFilter,
AWS's refusals (not redrivable, the 14-day window, the history limit, Express), idempotent client
tokens, and a redriven execution across kill -9."""

import json
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def fn(name):
    return f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:{name}"


# Stub functions: each Sequence answers one entry per call, then repeats its last one.
STUBS = {
    "flaky": {"$LATEST": {"Sequence": [{"Error": "Boom", "Cause": "first call fails"},
                                       {"Response": {"ok": True}}]}},
    "steady": {"$LATEST": {"Response": {"steady": True}}},
    "items": {"$LATEST": {"Sequence": [{"Response": "a"}, {"Error": "Boom", "Cause": "second"},
                                       {"Response": "b"}, {"Response": "c"}]}},
    "branch": {"$LATEST": {"Sequence": [{"Error": "Boom", "Cause": "branch"}, {"Response": "B"}]}},
    "flaky2": {"$LATEST": {"Sequence": [{"Error": "Boom", "Cause": "first call fails"},
                                        {"Response": {"ok": True}}]}},
}

TASK_THEN_COUNT = H.definition({
    "Before": {"Type": "Pass", "Result": "before", "ResultPath": "$.before", "Next": "Call"},
    "Call": {"Type": "Task", "Resource": fn("flaky"), "ResultPath": "$.call", "Next": "Count"},
    "Count": {"Type": "Pass", "Parameters": {"redrives.$": "$$.Execution.RedriveCount",
                                             "call.$": "$.call", "before.$": "$.before"}, "End": True},
})


def types(events):
    return [e["type"] for e in events]


class RedriveBase(unittest.TestCase):
    CLOCK = "virtual"
    EXTRA_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-redrive-")
        path = os.path.join(cls.tmp, "functions.json")
        with open(path, "w") as f:
            json.dump(STUBS, f)
        cls.server = H.Server(clock=cls.CLOCK, extra_args=["--functions", path, *cls.EXTRA_ARGS])
        cls.server.start()
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    assertClientError = H.ServerTestCase.assertClientError
    assertHistoryChain = H.ServerTestCase.assertHistoryChain

    def start(self, definition_text, input_text="{}", name=None):
        arn = self.sfn.create_state_machine(name=H.unique("rd"), definition=definition_text,
                                            roleArn=H.ROLE_ARN)["stateMachineArn"]
        kw = {"stateMachineArn": arn, "input": input_text}
        if name:
            kw["name"] = name
        return arn, self.sfn.start_execution(**kw)["executionArn"]

    def finish(self, execution, statuses=("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")):
        return H.wait_for_status(self.sfn, execution, statuses, server=self.server)

    def invocations(self, name):
        r = self.server.http("GET", f"/_emulator/lambda/invocations?functionName={name}")
        return r.json()["invocations"]


class Redrive(RedriveBase):
    def test_failed_task_is_run_again_and_earlier_states_are_not(self):
        _, ex = self.start(TASK_THEN_COUNT, '{"who": "me"}')
        d = self.finish(ex)
        self.assertEqual(("FAILED", "Boom"), (d["status"], d["error"]))
        self.assertEqual({"errorType": "Boom", "errorMessage": "first call fails"}, json.loads(d["cause"]))
        self.assertEqual((0, "REDRIVABLE"), (d["redriveCount"], d["redriveStatus"]))
        self.assertNotIn("redriveDate", d)
        before = H.full_history(self.sfn, ex)
        r = self.sfn.redrive_execution(executionArn=ex)
        self.assertIn("redriveDate", r)
        d = self.finish(ex)
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"redrives": 1, "call": {"ok": True}, "before": "before"}, json.loads(d["output"]))
        self.assertEqual((1, r["redriveDate"]), (d["redriveCount"], d["redriveDate"]))
        self.assertEqual(("NOT_REDRIVABLE", "Execution is SUCCEEDED and cannot be redriven"),
                         (d["redriveStatus"], d["redriveStatusReason"]))
        self.assertNotIn("error", d)
        events = H.full_history(self.sfn, ex)
        self.assertHistoryChain(events)
        self.assertEqual(before, events[:len(before)], "a redrive appends to the history")
        n = len(before)
        self.assertEqual(["ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled",
                          "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited",
                          "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], types(events[n:]))
        redriven = events[n]
        self.assertEqual(({"redriveCount": 1}, n), (redriven["executionRedrivenEventDetails"],
                                                    redriven["previousEventId"]))
        self.assertEqual(redriven["id"], events[n + 1]["previousEventId"])
        entered = events[n + 1]["stateEnteredEventDetails"]
        self.assertEqual(("Call", {"who": "me", "before": "before"}), (entered["name"], json.loads(entered["input"])))
        self.assertEqual(1, types(events).count("PassStateEntered") - 1, "Before ran once")

    def test_parallel_redrives_only_the_branch_that_failed(self):
        d = H.definition({"P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": fn("steady"), "End": True}}},
            {"StartAt": "B1", "States": {
                "B1": {"Type": "Pass", "Result": 1, "ResultPath": "$.b1", "Next": "B2"},
                "B2": {"Type": "Task", "Resource": fn("branch"), "End": True}}}]}})
        _, ex = self.start(d)
        self.assertEqual("FAILED", self.finish(ex)["status"])
        steady_calls = len(self.invocations("steady"))
        n = len(H.full_history(self.sfn, ex))
        self.sfn.redrive_execution(executionArn=ex)
        out = self.finish(ex)
        self.assertEqual("SUCCEEDED", out["status"])
        self.assertEqual([{"steady": True}, "B"], json.loads(out["output"]))
        self.assertEqual(steady_calls, len(self.invocations("steady")), "the branch that succeeded is not re-run")
        events = H.full_history(self.sfn, ex)
        self.assertHistoryChain(events)
        tail = types(events[n:])
        self.assertEqual(["ExecutionRedriven", "ParallelStateEntered", "ParallelStateStarted",
                          "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
                          "LambdaFunctionSucceeded", "TaskStateExited", "ParallelStateSucceeded",
                          "ParallelStateExited", "ExecutionSucceeded"], tail)
        # The branch continues at its failed state (B1 is not entered again).
        self.assertEqual("B2", events[n + 3]["stateEnteredEventDetails"]["name"])

    def test_map_redrives_only_the_iterations_that_failed(self):
        d = H.definition({"M": {"Type": "Map", "MaxConcurrency": 1, "End": True, "ItemProcessor": {
            "StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": fn("items"), "End": True}}}}})
        _, ex = self.start(d, '["x", "y", "z"]')
        failed = self.finish(ex)
        self.assertEqual(("FAILED", "Boom"), (failed["status"], failed["error"]))
        self.assertEqual(2, len(self.invocations("items")))
        n = len(H.full_history(self.sfn, ex))
        self.sfn.redrive_execution(executionArn=ex)
        out = self.finish(ex)
        self.assertEqual(("SUCCEEDED", ["a", "b", "c"]), (out["status"], json.loads(out["output"])))
        self.assertEqual(4, len(self.invocations("items")), "item 0 is not run again")
        events = H.full_history(self.sfn, ex)
        self.assertHistoryChain(events)
        tail = events[n:]
        self.assertEqual(["ExecutionRedriven", "MapStateEntered", "MapStateStarted"], types(tail[:3]))
        self.assertEqual({"length": 3}, tail[2]["mapStateStartedEventDetails"])
        started = [e["mapIterationStartedEventDetails"]["index"] for e in tail
                   if e["type"] == "MapIterationStarted"]
        self.assertEqual([1, 2], started)
        self.assertEqual(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"], types(tail[-3:]))

    def test_refusals(self):
        ok = H.definition({"P": {"Type": "Pass", "End": True}})
        _, ex = self.start(ok)
        self.finish(ex)
        self.assertClientError("ExecutionNotRedrivable", "Execution is SUCCEEDED and cannot be redriven",
                               self.sfn.redrive_execution, executionArn=ex)
        missing = H.exec_arn("nope", "nope")
        self.assertClientError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{missing}'",
                               self.sfn.redrive_execution, executionArn=missing)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'",
                               self.sfn.redrive_execution, executionArn="nope")
        express = self.sfn.create_state_machine(name=H.unique("x"), definition=ok, roleArn=H.ROLE_ARN,
                                                type="EXPRESS")["stateMachineArn"]
        ex = self.sfn.start_execution(stateMachineArn=express)["executionArn"]
        self.assertClientError("InvalidArn", "Invalid Arn: 'Resource type not valid in this context: express'",
                               self.sfn.redrive_execution, executionArn=ex)
        self.assertClientError("ValidationException", None, self.sfn.redrive_execution,
                               executionArn=H.exec_arn("a", "b"), clientToken="x" * 65)

    def test_redrivable_period_is_fourteen_days(self):
        _, ex = self.start(H.definition({"F": {"Type": "Fail", "Error": "E"}}))
        self.finish(ex)
        self.server.advance_clock(13 * 86400)
        self.assertEqual("REDRIVABLE", self.sfn.describe_execution(executionArn=ex)["redriveStatus"])
        self.server.advance_clock(2 * 86400)
        d = self.sfn.describe_execution(executionArn=ex)
        self.assertEqual(("NOT_REDRIVABLE", "Execution redrivable period exceeded"),
                         (d["redriveStatus"], d["redriveStatusReason"]))
        self.assertClientError("ExecutionNotRedrivable", "Execution redrivable period exceeded",
                               self.sfn.redrive_execution, executionArn=ex)

    def test_fail_state_fails_again_and_can_be_redriven_again(self):
        _, ex = self.start(H.definition({"F": {"Type": "Fail", "Error": "E", "Cause": "C"}}))
        self.finish(ex)
        for count in (1, 2):
            self.sfn.redrive_execution(executionArn=ex)
            d = self.finish(ex)
            self.assertEqual(("FAILED", "E", "C", count, "REDRIVABLE"),
                             (d["status"], d["error"], d["cause"], d["redriveCount"], d["redriveStatus"]))
        events = H.full_history(self.sfn, ex)
        self.assertHistoryChain(events)
        self.assertEqual(["ExecutionStarted", "FailStateEntered", "ExecutionFailed",
                          "ExecutionRedriven", "FailStateEntered", "ExecutionFailed",
                          "ExecutionRedriven", "FailStateEntered", "ExecutionFailed"], types(events))
        self.assertEqual([1, 2], [e["executionRedrivenEventDetails"]["redriveCount"] for e in events
                                  if e["type"] == "ExecutionRedriven"])

    def test_timed_out_execution_is_redriven_with_its_timeout_reset(self):
        d = H.definition({"W": {"Type": "Wait", "Seconds": 100, "End": True}}, TimeoutSeconds=30)
        _, ex = self.start(d)
        first = self.finish(ex)
        self.assertEqual(("TIMED_OUT", "REDRIVABLE"), (first["status"], first["redriveStatus"]))
        r = self.sfn.redrive_execution(executionArn=ex)
        again = self.finish(ex)
        self.assertEqual("TIMED_OUT", again["status"])
        # The timeout counts from the redrive.
        self.assertAlmostEqual(30, (again["stopDate"] - r["redriveDate"]).total_seconds(), delta=1)
        self.assertEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut", "ExecutionRedriven",
                          "WaitStateEntered", "ExecutionTimedOut"], types(H.full_history(self.sfn, ex)))

    def test_client_token_answers_the_same_redrive(self):
        _, ex = self.start(H.definition({"W": {"Type": "Wait", "Seconds": 5, "Next": "F"},
                                         "F": {"Type": "Fail", "Error": "E"}}))
        self.finish(ex)
        a = self.sfn.redrive_execution(executionArn=ex, clientToken="token-1")
        b = self.sfn.redrive_execution(executionArn=ex, clientToken="token-1")
        self.assertEqual(a["redriveDate"], b["redriveDate"])
        self.finish(ex)
        self.assertEqual(1, self.sfn.describe_execution(executionArn=ex)["redriveCount"])
        self.server.advance_clock(1)
        c = self.sfn.redrive_execution(executionArn=ex, clientToken="token-2")
        self.assertNotEqual(a["redriveDate"], c["redriveDate"])
        self.finish(ex)
        self.assertEqual(2, self.sfn.describe_execution(executionArn=ex)["redriveCount"])

    def test_list_executions_redrive_filter_and_aws_cli(self):
        arn = self.sfn.create_state_machine(name=H.unique("rd"), roleArn=H.ROLE_ARN, definition=H.definition(
            {"F": {"Type": "Fail", "Error": "E"}}))["stateMachineArn"]
        for name in ("one", "two", "three"):
            self.finish(self.sfn.start_execution(stateMachineArn=arn, name=name)["executionArn"])
        r = self.server.aws("stepfunctions", "redrive-execution", "--execution-arn", H.exec_arn(arn.split(":")[-1], "two"))
        self.assertTrue(r.ok, r)
        self.assertIn("redriveDate", r.json)
        self.finish(H.exec_arn(arn.split(":")[-1], "two"))

        def names(**kw):
            return [e["name"] for e in self.sfn.list_executions(stateMachineArn=arn, **kw)["executions"]]
        self.assertEqual(["two"], names(redriveFilter="REDRIVEN"))
        self.assertEqual({"one", "three"}, set(names(redriveFilter="NOT_REDRIVEN")))
        self.assertEqual(3, len(names()))
        item = self.sfn.list_executions(stateMachineArn=arn, redriveFilter="REDRIVEN")["executions"][0]
        self.assertEqual(1, item["redriveCount"])
        self.assertIn("redriveDate", item)
        plain = [e for e in self.sfn.list_executions(stateMachineArn=arn)["executions"] if e["name"] == "one"][0]
        # API reference, ExecutionListItem: "If you have not yet redriven an execution, the
        # redriveCount is 0" (tests/e2e/test_model.py: every item lists it).
        self.assertEqual(0, plain["redriveCount"])
        self.assertNotIn("redriveDate", plain)
        cli = self.server.aws("stepfunctions", "list-executions", "--state-machine-arn", arn,
                              "--redrive-filter", "REDRIVEN")
        self.assertEqual(["two"], [e["name"] for e in cli.json["executions"]])
        self.assertClientError("ValidationException", None, self.sfn.list_executions, stateMachineArn=arn,
                               redriveFilter="SOMETIMES")
        # A Fail state fails again: the execution may be redriven again; a running one may not.
        again = self.server.aws("stepfunctions", "redrive-execution", "--execution-arn",
                                H.exec_arn(arn.split(":")[-1], "one"))
        self.assertTrue(again.ok, again)
        ok = H.definition({"P": {"Type": "Pass", "End": True}})
        _, done = self.start(ok)
        self.finish(done)
        bad = self.server.aws("stepfunctions", "redrive-execution", "--execution-arn", done)
        self.assertIn("An error occurred (ExecutionNotRedrivable) when calling the RedriveExecution operation: "
                      "Execution is SUCCEEDED and cannot be redriven", bad.stderr)


class RedriveHistoryLimit(RedriveBase):
    EXTRA_ARGS = ("--max-history-events", "30")

    def test_history_limit(self):
        loop = H.definition({"A": {"Type": "Pass", "Next": "B"},
                             "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": False,
                                                                  "Next": "A"}], "Default": "Done"},
                             "Done": {"Type": "Succeed"}})
        _, ex = self.start(loop)
        d = self.finish(ex)
        self.assertEqual(("FAILED", "States.Runtime"), (d["status"], d["error"]))
        self.assertEqual(("NOT_REDRIVABLE", "Execution history event limit exceeded"),
                         (d["redriveStatus"], d["redriveStatusReason"]))
        self.assertClientError("ExecutionNotRedrivable", "Execution history event limit exceeded",
                               self.sfn.redrive_execution, executionArn=ex)
        # AWS: a redrive needs fewer than 24,999 events of 25,000 (room for ExecutionRedriven and one
        # more); here 29 of 30 is too many, 27 is not.
        chain = {f"P{i}": {"Type": "Pass", "Next": f"P{i + 1}"} for i in range(13)}
        chain["P13"] = {"Type": "Fail", "Error": "E"}
        _, ex = self.start(H.definition(chain, start_at="P0"))
        d = self.finish(ex)
        self.assertEqual(29, len(H.full_history(self.sfn, ex)))
        self.assertEqual(("FAILED", "E", "NOT_REDRIVABLE"), (d["status"], d["error"], d["redriveStatus"]))
        chain.pop("P13")
        chain["P12"] = {"Type": "Fail", "Error": "E"}
        _, ex = self.start(H.definition(chain, start_at="P0"))
        self.assertEqual("REDRIVABLE", self.finish(ex)["redriveStatus"])
        self.assertEqual(27, len(H.full_history(self.sfn, ex)))


class RedriveStopped(RedriveBase):
    CLOCK = "manual"

    def test_stopped_wait_is_entered_again(self):
        d = H.definition({"W": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
                          "Done": {"Type": "Pass", "Parameters": {"redrives.$": "$$.Execution.RedriveCount"},
                                   "End": True}})
        _, ex = self.start(d)
        self.sfn.stop_execution(executionArn=ex, error="Operator", cause="pause")
        d = self.sfn.describe_execution(executionArn=ex)
        self.assertEqual(("ABORTED", "REDRIVABLE"), (d["status"], d["redriveStatus"]))
        self.sfn.redrive_execution(executionArn=ex)
        self.assertEqual("RUNNING", self.sfn.describe_execution(executionArn=ex)["status"])
        self.assertClientError("ExecutionNotRedrivable", "Execution is RUNNING and cannot be redriven",
                               self.sfn.redrive_execution, executionArn=ex)
        self.server.advance_clock(61)
        d = self.finish(ex)
        self.assertEqual(("SUCCEEDED", {"redrives": 1}), (d["status"], json.loads(d["output"])))
        self.assertEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionAborted", "ExecutionRedriven",
                          "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                          "ExecutionSucceeded"], types(H.full_history(self.sfn, ex)))

    def test_stopped_parallel_redrives_the_running_branches(self):
        d = H.definition({"P": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Quick", "States": {"Quick": {"Type": "Pass", "Result": "q", "End": True}}},
            {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 60, "Next": "Out"},
                                           "Out": {"Type": "Pass", "Result": "s", "End": True}}}]}})
        _, ex = self.start(d)
        self.sfn.stop_execution(executionArn=ex)
        self.sfn.redrive_execution(executionArn=ex)
        self.server.advance_clock(61)
        out = self.finish(ex)
        self.assertEqual(("SUCCEEDED", ["q", "s"]), (out["status"], json.loads(out["output"])))
        events = H.full_history(self.sfn, ex)
        self.assertHistoryChain(events)
        self.assertEqual(1, [e.get("stateEnteredEventDetails", {}).get("name") for e in events].count("Quick"))


class RedriveKillNine(unittest.TestCase):
    def test_redriven_execution_survives_kill_nine(self):
        server = H.Server(clock="manual")
        self.addCleanup(server.cleanup)
        server.start()
        sfn = server.client()
        d = H.definition({"W": {"Type": "Wait", "Seconds": 60, "Next": "Done"},
                          "Done": {"Type": "Pass", "Parameters": {"redrives.$": "$$.Execution.RedriveCount"},
                                   "End": True}})
        arn = sfn.create_state_machine(name="k9", definition=d, roleArn=H.ROLE_ARN)["stateMachineArn"]
        ex = sfn.start_execution(stateMachineArn=arn, name="e")["executionArn"]
        sfn.stop_execution(executionArn=ex)
        # The plan survives a kill -9 before the redrive ...
        server.kill9()
        server.start()
        sfn = server.client()
        sfn.redrive_execution(executionArn=ex, clientToken="once")
        # ... and the redriven execution one after it.
        server.kill9()
        server.start()
        sfn = server.client()
        self.assertEqual("RUNNING", sfn.describe_execution(executionArn=ex)["status"])
        # The token still answers the same redrive.
        again = sfn.redrive_execution(executionArn=ex, clientToken="once")
        self.assertIn("redriveDate", again)
        server.advance_clock(61)
        out = H.wait_for_status(sfn, ex, ("SUCCEEDED", "FAILED"), server=server)
        self.assertEqual(("SUCCEEDED", {"redrives": 1}, 1), (out["status"], json.loads(out["output"]),
                                                            out["redriveCount"]))
        events = H.full_history(sfn, ex)
        H.ServerTestCase.assertHistoryChain(self, events)
        self.assertEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionAborted", "ExecutionRedriven",
                          "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                          "ExecutionSucceeded"], types(events))


if __name__ == "__main__":
    unittest.main(verbosity=2)
