"""Task states calling local Lambda functions, resolved at the moment of each call: `fn` takes
$LATEST as it is then, `fn:1` version 1 forever, `fn:live` the alias as it is then. A redeploy
between two states of one execution shows the difference. Also: the lambda:invoke envelope,
Lambda error names, Retry/Catch and TimeoutSeconds on Task states, and an invocation in flight
across a kill -9."""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/lambda-e2e"
FN = "arn:aws:lambda:us-east-1:123456789012:function:fn"


def code(label, body=None):
    body = body or f"    return {{'code': {label!r}, 'in': event}}\n"
    return H.make_zip({"app.py": "import time\n\ndef handler(event, context):\n" + body})


def types(events):
    return [e["type"] for e in events]


def wait_for_event(sfn, execution_arn, event_type, server=None, timeout=30.0):
    """Polls the history (real time, short sleeps) until it holds `event_type`. The manual clock
    must not be advanced before the execution reached the state that waits on it: advanced too
    early, a Wait or a retry's back-off would start after the advance and never end."""
    deadline = time.monotonic() + timeout
    while True:
        if event_type in types(H.full_history(sfn, execution_arn)):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"no {event_type} in {execution_arn} after {timeout}s"
                                 + (("\n" + server.log_tail()) if server else ""))
        time.sleep(0.02)


class LambdaTasks(H.ServerTestCase):
    CLOCK = "manual"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lam = cls.server.lambda_client()
        cls.lam.create_function(FunctionName="fn", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                Code={"ZipFile": code("v1")}, Publish=True)
        cls.lam.update_function_code(FunctionName="fn", ZipFile=code("v2"), Publish=True)
        cls.lam.create_alias(FunctionName="fn", Name="live", FunctionVersion="2")

    def test_resolution_at_each_call_across_a_redeploy(self):
        definition = H.definition({
            "Pinned": {"Type": "Task", "Resource": FN + ":1", "ResultPath": "$.pinned", "Next": "Alias"},
            "Alias": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "fn:live", "Payload": {"n": 1}},
                      "ResultSelector": {"code.$": "$.Payload.code", "version.$": "$.ExecutedVersion"},
                      "ResultPath": "$.alias", "Next": "Wait"},
            "Wait": {"Type": "Wait", "Seconds": 60, "Next": "Latest"},
            "Latest": {"Type": "Task", "Resource": FN, "ResultPath": "$.latest", "Next": "PinnedAgain"},
            "PinnedAgain": {"Type": "Task", "Resource": FN + ":1", "ResultPath": "$.pinned_again", "End": True}})
        _, sm = self.create_sm(definition_text=definition)
        ex = self.sfn.start_execution(stateMachineArn=sm, input="{}")["executionArn"]
        wait_for_event(self.sfn, ex, "WaitStateEntered", self.server)
        # Redeploy while the execution waits: $LATEST changes, version 1 does not.
        self.lam.update_function_code(FunctionName="fn", ZipFile=code("v3"))
        self.server.advance_clock(60)
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        out = json.loads(d["output"])
        self.assertEqual("v1", out["pinned"]["code"])
        self.assertEqual({"code": "v2", "version": "2"}, out["alias"])
        self.assertEqual("v3", out["latest"]["code"], "the unqualified call takes $LATEST as it is now")
        self.assertEqual("v1", out["pinned_again"]["code"])
        events = H.full_history(self.sfn, ex)
        self.assertEqual(["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"],
                         [t for t in types(events) if t.startswith("LambdaFunction")][:3])
        self.assertIn("TaskScheduled", types(events))
        scheduled = [e["taskScheduledEventDetails"] for e in events if e["type"] == "TaskScheduled"][0]
        self.assertEqual(("lambda", "invoke", "us-east-1"),
                         (scheduled["resourceType"], scheduled["resource"], scheduled["region"]))

    def test_function_errors_retry_and_catch(self):
        self.lam.create_function(FunctionName="boom", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                 Code={"ZipFile": code("x", "    raise ValueError('bad input')\n")})
        _, sm = self.create_sm(definition_text=H.definition({"T": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "boom"},
            "Retry": [{"ErrorEquals": ["ValueError"], "MaxAttempts": 1, "IntervalSeconds": 1}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Caught"}], "End": True},
            "Caught": {"Type": "Pass", "End": True}}))
        ex = self.sfn.start_execution(stateMachineArn=sm, input="{}")["executionArn"]
        wait_for_event(self.sfn, ex, "TaskFailed", self.server)
        self.server.advance_clock(1)  # the back-off, on the manual clock
        d = H.wait_for_status(self.sfn, ex, server=self.server)
        events = H.full_history(self.sfn, ex)
        self.assertEqual("SUCCEEDED", d["status"])
        err = json.loads(d["output"])["err"]
        self.assertEqual("ValueError", err["Error"])
        cause = json.loads(err["Cause"])
        self.assertEqual(("bad input", "ValueError"), (cause["errorMessage"], cause["errorType"]))
        self.assertEqual(2, types(events).count("TaskFailed"), "one retry")

    def test_missing_function(self):
        d, _ = self.run_execution(H.definition({"T": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "nope"}, "End": True}}))
        self.assertEqual("Lambda.ResourceNotFoundException", d["error"])
        self.assertTrue(d["cause"].startswith(
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST "
            "(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;"), d["cause"])


class TaskTimeoutAndRestart(unittest.TestCase):
    def test_timeout_seconds_on_a_hung_function(self):
        with H.Server(clock="virtual") as srv:
            lam, sfn = srv.lambda_client(), srv.client()
            lam.create_function(FunctionName="slow", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                Timeout=30, Code={"ZipFile": code("x", "    time.sleep(20)\n    return 1\n")})
            arn = sfn.create_state_machine(name="hung", roleArn=H.ROLE_ARN, definition=H.definition({"T": {
                "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:slow",
                "TimeoutSeconds": 1, "End": True}}))["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
            d = H.wait_for_status(sfn, ex, timeout=15, server=srv)
            self.assertEqual(("FAILED", "States.Timeout"), (d["status"], d.get("error")))
            self.assertIn("LambdaFunctionTimedOut", types(H.full_history(sfn, ex)))

    def test_invocation_in_flight_survives_kill_nine_with_its_version(self):
        with H.Server(clock="manual") as srv:
            lam, sfn = srv.lambda_client(), srv.client()
            # Timeout: well above the 2 s the call stays in flight (the default 3 s failed once when
            # a cold python start under load 10 took more than 1 s after the restart).
            lam.create_function(FunctionName="fn", Runtime="python3.12", Handler="app.handler", Role=ROLE,
                                Publish=True, Timeout=60, Code={"ZipFile": code("v1", "    time.sleep(2)\n"
                                                                         "    return 'v1'\n")})
            arn = sfn.create_state_machine(name="inflight", roleArn=H.ROLE_ARN, definition=H.definition({"T": {
                "Type": "Task", "Resource": FN + ":1", "End": True}}))["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
            wait_for_event(sfn, ex, "LambdaFunctionStarted", srv)
            srv.kill9()
            srv.restart()
            sfn, lam = srv.client(), srv.lambda_client()
            lam.update_function_code(FunctionName="fn", ZipFile=code("v2", "    return 'v2'\n"), Publish=True)
            d = H.wait_for_status(sfn, ex, timeout=30, server=srv)
            self.assertEqual(("SUCCEEDED", '"v1"'), (d["status"], d.get("output")), (d, srv.log_tail(60)))
            events = H.full_history(sfn, ex)
            self.assertEqual(list(range(1, len(events) + 1)), [e["id"] for e in events])
            self.assertEqual(1, types(events).count("LambdaFunctionScheduled"))


if __name__ == "__main__":
    unittest.main()
