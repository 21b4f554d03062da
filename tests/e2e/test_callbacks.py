"""Task tokens (.waitForTaskToken): $$.Task.Token in the parameters, TaskSubmitted, SendTaskSuccess,
SendTaskFailure and SendTaskHeartbeat with AWS's errors, HeartbeatSeconds and TimeoutSeconds as
durable timers (a --clock manual server moves time itself), and tokens that survive a kill -9.

The callback is made through lambda:invoke.waitForTaskToken with a stub function (--functions) that
answers with its event, so the token comes back in the TaskSubmitted event as a worker would get it
from a queue."""

import base64
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

STUBS = {"notify": {"*": {"ResponseTemplate": {"sent.$": "$"}}}}


def callback_def(extra=None, catch=None):
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
            "Parameters": {"FunctionName": "notify",
                           "Payload": {"token.$": "$$.Task.Token", "order.$": "$.order"}},
            "ResultPath": "$.approval", "End": True}
    task.update(extra or {})
    states = {"Ask": task}
    if catch:
        task["Catch"] = [{"ErrorEquals": catch, "ResultPath": "$.error", "Next": "Caught"}]
        task.pop("End")
        task["Next"] = "Done"
        states["Done"] = {"Type": "Pass", "End": True}
        states["Caught"] = {"Type": "Pass", "End": True}
    return H.definition(states)


def forged_token():
    """A token of the emulator's form that it never issued."""
    return base64.b64encode(b"SFNT" + bytes(range(32))).decode()


class CallbackServer(unittest.TestCase):
    clock = "virtual"

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-callbacks-")
        cls.stubs = os.path.join(cls.tmp, "functions.json")
        with open(cls.stubs, "w") as f:
            json.dump(STUBS, f)
        cls.server = H.Server(clock=cls.clock, extra_args=["--functions", cls.stubs])
        cls.server.start()
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def kill9_and_restart(self):
        """SIGKILL, then a restart on the same data directory (a new port: new clients)."""
        self.server.restart(hard=True)
        type(self).sfn = self.server.client()

    def machine(self, definition):
        name = H.unique("cb")
        return self.sfn.create_state_machine(name=name, definition=definition,
                                             roleArn="arn:aws:iam::123456789012:role/r")["stateMachineArn"]

    def start(self, definition, order="o-1"):
        arn = self.machine(definition)
        return self.sfn.start_execution(stateMachineArn=arn,
                                        input=json.dumps({"order": order}))["executionArn"]

    def submitted_token(self, execution_arn, timeout=10.0):
        """The token from the TaskSubmitted event (what a worker would receive), once it is there."""
        import time
        deadline = time.monotonic() + timeout
        while True:
            for e in H.full_history(self.sfn, execution_arn):
                if e["type"] == "TaskSubmitted":
                    out = json.loads(e["taskSubmittedEventDetails"]["output"])
                    return out["Payload"]["sent"]["token"]
            if time.monotonic() > deadline:
                raise AssertionError(f"no TaskSubmitted in {execution_arn}\n{self.server.log_tail()}")
            time.sleep(0.02)

    def call(self, op, payload):
        """One Step Functions call over plain HTTP (what boto3 would refuse to send)."""
        return self.server.http("POST", "/", body=json.dumps(payload),
                                headers={"Content-Type": "application/x-amz-json-1.0",
                                         "X-Amz-Target": f"AWSStepFunctions.{op}"})

    def types(self, execution_arn):
        return [e["type"] for e in H.full_history(self.sfn, execution_arn)]


class Callbacks(CallbackServer):
    def test_success_is_the_result(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        history = H.full_history(self.sfn, ex)
        scheduled = json.loads(history[2]["taskScheduledEventDetails"]["parameters"])
        self.assertEqual(scheduled["Payload"]["token"], token)
        self.assertEqual(history[2]["taskScheduledEventDetails"]["resource"], "invoke.waitForTaskToken")
        self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.sfn.send_task_success(taskToken=token, output='{"approved": true}')
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED")
        self.assertEqual(json.loads(d["output"]), {"order": "o-1", "approval": {"approved": True}})
        self.assertEqual(self.types(ex), [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
            "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        succeeded = H.full_history(self.sfn, ex)[5]["taskSucceededEventDetails"]
        self.assertEqual(succeeded["output"], '{"approved": true}')
        self.assertEqual(succeeded["resourceType"], "lambda")

    def test_failure_is_caught_with_its_error_and_cause(self):
        ex = self.start(callback_def(catch=["Rejected"]))
        token = self.submitted_token(ex)
        self.sfn.send_task_failure(taskToken=token, error="Rejected", cause="not in stock")
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["error"], {"Error": "Rejected", "Cause": "not in stock"})
        failed = [e for e in H.full_history(self.sfn, ex) if e["type"] == "TaskFailed"][0]
        self.assertEqual(failed["taskFailedEventDetails"]["error"], "Rejected")
        self.assertEqual(failed["taskFailedEventDetails"]["cause"], "not in stock")

    def test_failure_without_error_or_cause(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        self.sfn.send_task_failure(taskToken=token)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(d["status"], "FAILED")
        self.assertNotIn("error", d)
        self.assertNotIn("cause", d)
        last = H.full_history(self.sfn, ex)[-1]
        self.assertEqual((last["type"], last["executionFailedEventDetails"]), ("ExecutionFailed", {}))

    def test_errors(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        exc = self.sfn.exceptions
        with self.assertRaises(exc.InvalidToken):
            self.sfn.send_task_success(taskToken="garbage", output="{}")
        with self.assertRaises(exc.InvalidToken):
            self.sfn.send_task_heartbeat(taskToken="garbage")
        with self.assertRaises(exc.TaskDoesNotExist):
            self.sfn.send_task_failure(taskToken=forged_token())
        with self.assertRaises(exc.InvalidOutput) as bad:
            self.sfn.send_task_success(taskToken=token, output="{not json")
        self.assertTrue(str(bad.exception).startswith(
            "An error occurred (InvalidOutput) when calling the SendTaskSuccess operation: Invalid Output:"))
        # A heartbeat is fine while the task waits; the answer is taken once.
        self.sfn.send_task_heartbeat(taskToken=token)
        self.sfn.send_task_success(taskToken=token, output='"ok"')
        H.wait_for_status(self.sfn, ex, server=self.server)
        with self.assertRaises(exc.TaskTimedOut) as twice:
            self.sfn.send_task_success(taskToken=token, output='"again"')
        self.assertIn("Task Timed Out: 'Provided task does not exist anymore'", str(twice.exception))
        with self.assertRaises(exc.TaskTimedOut):
            self.sfn.send_task_heartbeat(taskToken=token)
        missing = self.call("SendTaskSuccess", {"taskToken": token})
        self.assertEqual((missing.status, missing.json()["__type"].split("#")[-1]),
                         (400, "ValidationException"))
        self.assertIn("Value null at 'output' failed to satisfy constraint", missing.json()["message"])

    def test_answer_after_stop_is_task_timed_out(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        self.sfn.stop_execution(executionArn=ex, error="Stopped", cause="by the test")
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=token, output="{}")
        self.assertEqual(self.types(ex)[-1], "ExecutionAborted")

    def tokens(self, execution_arn, n, timeout=10.0):
        """The tokens of the first n TaskSubmitted events of an execution."""
        import time
        deadline = time.monotonic() + timeout
        while True:
            found = [json.loads(e["taskSubmittedEventDetails"]["output"])["Payload"]["sent"]["token"]
                     for e in H.full_history(self.sfn, execution_arn) if e["type"] == "TaskSubmitted"]
            if len(found) >= n:
                return found
            self.assertLess(time.monotonic(), deadline, self.server.log_tail())
            time.sleep(0.02)

    def test_tokens_in_map_iterations_and_a_cancelled_branch(self):
        ask = json.loads(callback_def())["States"]["Ask"]
        ask["Parameters"]["Payload"]["order.$"] = "$"
        ask.pop("ResultPath")
        m = H.definition({"Each": {"Type": "Map", "ItemsPath": "$.items", "End": True,
                                   "ItemProcessor": {"StartAt": "Ask", "States": {"Ask": ask}}}})
        ex = self.sfn.start_execution(stateMachineArn=self.machine(m),
                                      input=json.dumps({"items": ["a", "b", "c"]}))["executionArn"]
        tokens = self.tokens(ex, 3)
        self.assertEqual(len(set(tokens)), 3)
        for i, token in enumerate(reversed(tokens)):
            self.sfn.send_task_success(taskToken=token, output=json.dumps({"n": i}))
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED")
        self.assertEqual(json.loads(d["output"]), [{"n": 2}, {"n": 1}, {"n": 0}])
        # A branch that fails cancels its sibling's callback: the token no longer answers.
        p = H.definition({"Both": {"Type": "Parallel", "End": True, "Branches": [
            {"StartAt": "Ask", "States": {"Ask": ask}},
            {"StartAt": "Hold", "States": {
                "Hold": {"Type": "Wait", "Seconds": 2, "Next": "Boom"},
                "Boom": {"Type": "Fail", "Error": "Boom", "Cause": "sibling"}}}]}})
        ex = self.sfn.start_execution(stateMachineArn=self.machine(p),
                                      input=json.dumps({"order": "o-p"}))["executionArn"]
        token = self.tokens(ex, 1)[0]
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "Boom"))
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=token, output="{}")

    def test_cli(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        r = self.server.aws("stepfunctions", "send-task-heartbeat", "--task-token", token)
        self.assertTrue(r.ok, r)
        r = self.server.aws("stepfunctions", "send-task-success", "--task-token", token,
                            "--task-output", '{"by": "cli"}')
        self.assertTrue(r.ok, r)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["approval"], {"by": "cli"})
        r = self.server.aws("stepfunctions", "send-task-failure", "--task-token", token,
                            "--error", "Late")
        self.assertFalse(r.ok)
        self.assertIn("An error occurred (TaskTimedOut) when calling the SendTaskFailure operation: "
                      "Task Timed Out: 'Provided task does not exist anymore'", r.stderr)
        r = self.server.aws("stepfunctions", "send-task-success", "--task-token", "nope",
                            "--task-output", "{}")
        self.assertIn("(InvalidToken)", r.stderr)

    def test_context_token_outside_parameters_is_absent(self):
        # $$.Task exists only while a callback Task evaluates its parameters.
        d = H.definition({"P": {"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}})
        arn = self.machine(d)
        ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
        out = json.loads(H.wait_for_status(self.sfn, ex)["output"])
        self.assertNotIn("Task", out["ctx"])


class Timers(CallbackServer):
    """HeartbeatSeconds and TimeoutSeconds with a clock the test moves (no real waiting)."""
    clock = "manual"

    def test_heartbeats_renew_until_they_stop(self):
        ex = self.start(callback_def({"HeartbeatSeconds": 10, "TimeoutSeconds": 3600},
                                     catch=["States.HeartbeatTimeout"]))
        token = self.submitted_token(ex)
        for _ in range(3):
            self.server.advance_clock(8)
            self.sfn.send_task_heartbeat(taskToken=token)
        self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.server.advance_clock(11)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["error"], {"Error": "States.Timeout", "Cause": ""})
        timed_out = [e for e in H.full_history(self.sfn, ex) if e["type"] == "TaskTimedOut"][0]
        self.assertEqual(timed_out["taskTimedOutEventDetails"],
                         {"error": "States.Timeout", "resourceType": "lambda",
                          "resource": "invoke.waitForTaskToken"})
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_heartbeat(taskToken=token)

    def test_heartbeat_and_timeout_from_paths(self):
        # HeartbeatSecondsPath / TimeoutSecondsPath read the state's input (as in AWS's
        # SERVICE_SQS_SEND_AND_WAIT_FOR_TASK_TOKEN_WITH_HEARTBEAT_PATH recording).
        for field, seconds in (("HeartbeatSecondsPath", 5), ("TimeoutSecondsPath", 7)):
            with self.subTest(field=field):
                arn = self.machine(callback_def({field: "$.seconds"}))
                ex = self.sfn.start_execution(stateMachineArn=arn, input=json.dumps(
                    {"order": "o-p", "seconds": seconds}))["executionArn"]
                self.submitted_token(ex)
                self.server.advance_clock(seconds - 1)
                self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
                self.server.advance_clock(2)
                d = H.wait_for_status(self.sfn, ex, server=self.server)
                self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Timeout"))
                self.assertEqual(self.types(ex)[-2:], ["TaskTimedOut", "ExecutionFailed"])

    def test_timeout_seconds(self):
        ex = self.start(callback_def({"TimeoutSeconds": 30}))
        token = self.submitted_token(ex)
        self.server.advance_clock(29)
        self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.server.advance_clock(2)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.Timeout"))
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=token, output="{}")


class AcrossRestarts(CallbackServer):
    """A waiting token, its heartbeat deadline and an early answer survive kill -9."""
    clock = "manual"

    def test_token_answered_after_kill9(self):
        ex = self.start(callback_def({"HeartbeatSeconds": 60, "TimeoutSeconds": 3600}))
        token = self.submitted_token(ex)
        self.server.advance_clock(50)
        self.sfn.send_task_heartbeat(taskToken=token)  # renewed to +60 from here
        self.kill9_and_restart()
        self.server.advance_clock(50)  # 100 s after the start: alive thanks to the heartbeat
        self.assertEqual(self.sfn.describe_execution(executionArn=ex)["status"], "RUNNING")
        self.sfn.send_task_success(taskToken=token, output='{"after": "restart"}')
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["approval"], {"after": "restart"})
        self.kill9_and_restart()
        with self.assertRaises(self.sfn.exceptions.TaskTimedOut):
            self.sfn.send_task_success(taskToken=token, output="{}")

    def test_answer_is_durable_once_acknowledged(self):
        ex = self.start(callback_def())
        token = self.submitted_token(ex)
        self.sfn.send_task_success(taskToken=token, output='{"n": 1}')
        self.kill9_and_restart()
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual(json.loads(d["output"])["approval"], {"n": 1})


if __name__ == "__main__":
    unittest.main(verbosity=2)
