"""Express workflows as AWS runs them: StartSyncExecution (answered when the execution ends, with
billingDetails), StartExecution on an Express state machine (no history kept: the operations AWS
refuses for Express answer as AWS does), the five-minute limit, validation of what Express may not
use, the SDKs' `sync-` host prefix, and a kill -9 while executions are in flight (a synchronous
execution is not run again, an asynchronous one is: at-most-once and at-least-once)."""

import json
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError, \
    ReadTimeoutError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

EXPRESS_ARN_PREFIX = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:express:"
NOT_FOR_EXPRESS = "Invalid Arn: 'Resource type not valid in this context: express'"
TYPE_NOT_SUPPORTED = "This operation is not supported by this type of state machine"

PASS_RESULT = H.definition({"P": {"Type": "Pass", "Result": {"Arg1": "argument1"}, "End": True}})
RAISE = H.definition({"F": {"Type": "Fail", "Error": "SomeFailure",
                            "Cause": "This state machines raises a 'SomeFailure' failure."}})
CONTEXT = H.definition({"P": {"Type": "Pass", "Parameters": {"ctx.$": "$$", "in.$": "$"}, "End": True}})


def sync_client(endpoint):
    """boto3 with the `sync-` host prefix turned off (the README's recipe)."""
    cfg = Config(inject_host_prefix=False, retries={"total_max_attempts": 1}, read_timeout=60)
    return boto3.session.Session().client("stepfunctions", endpoint_url=endpoint, region_name=H.REGION,
                                          aws_access_key_id="test", aws_secret_access_key="test",
                                          config=cfg)


class ExpressSync(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sync = sync_client(cls.server.endpoint)

    def express(self, definition_text):
        return self.create_sm(definition_text=definition_text, type_="EXPRESS")

    def test_succeeded_answer_has_awss_shape(self):
        name, arn = self.express(PASS_RESULT)
        r = self.sync.start_sync_execution(stateMachineArn=arn, name="run-1", input="{}")
        self.assertEqual(200, r["ResponseMetadata"]["HTTPStatusCode"])
        r.pop("ResponseMetadata")
        self.assertTrue(r["executionArn"].startswith(f"{EXPRESS_ARN_PREFIX}{name}:run-1:"), r)
        self.assertEqual(arn, r["stateMachineArn"])
        self.assertEqual("run-1", r["name"])
        self.assertEqual("SUCCEEDED", r["status"])
        self.assertEqual({"Arg1": "argument1"}, json.loads(r["output"]))
        self.assertEqual("{}", r["input"])
        self.assertEqual({"included": True}, r["inputDetails"])
        self.assertEqual({"included": True}, r["outputDetails"])
        self.assertEqual({"billedDurationInMilliseconds": 100, "billedMemoryUsedInMB": 64}, r["billingDetails"])
        self.assertLessEqual(r["startDate"], r["stopDate"])
        self.assertEqual({"executionArn", "stateMachineArn", "name", "startDate", "stopDate", "status",
                          "input", "inputDetails", "output", "outputDetails", "billingDetails"}, set(r))

    def test_failed_answer_has_error_and_cause_and_no_output(self):
        _, arn = self.express(RAISE)
        r = self.sync.start_sync_execution(stateMachineArn=arn)
        self.assertEqual(("FAILED", "SomeFailure", "This state machines raises a 'SomeFailure' failure."),
                         (r["status"], r["error"], r["cause"]))
        self.assertNotIn("output", r)
        self.assertEqual({"included": True}, r["outputDetails"])

    def test_context_object_has_no_redrive_count(self):
        name, arn = self.express(CONTEXT)
        r = self.sync.start_sync_execution(stateMachineArn=arn, name="ctx", input='{"a": 1}')
        ctx = json.loads(r["output"])["ctx"]
        self.assertEqual({"Id", "Input", "Name", "RoleArn", "StartTime"}, set(ctx["Execution"]))
        self.assertEqual(r["executionArn"], ctx["Execution"]["Id"])
        self.assertEqual({"a": 1}, ctx["Execution"]["Input"])
        self.assertEqual({"Id": arn, "Name": name}, ctx["StateMachine"])

    def test_waits_are_billed_by_the_clock_and_five_minutes_is_the_limit(self):
        _, arn = self.express(H.definition({"W": {"Type": "Wait", "Seconds": 61, "Next": "P"},
                                            "P": {"Type": "Pass", "End": True}}))
        r = self.sync.start_sync_execution(stateMachineArn=arn)
        self.assertEqual("SUCCEEDED", r["status"])
        self.assertEqual(61000, r["billingDetails"]["billedDurationInMilliseconds"])
        # A definition's own TimeoutSeconds above the limit does not lift it.
        _, arn = self.express(H.definition({"W": {"Type": "Wait", "Seconds": 600, "End": True}},
                                           TimeoutSeconds=3600))
        r = self.sync.start_sync_execution(stateMachineArn=arn)
        self.assertEqual("TIMED_OUT", r["status"])
        self.assertEqual(300000, r["billingDetails"]["billedDurationInMilliseconds"])
        self.assertNotIn("output", r)
        # ... and one below it applies.
        _, arn = self.express(H.definition({"W": {"Type": "Wait", "Seconds": 600, "End": True}},
                                           TimeoutSeconds=10))
        r = self.sync.start_sync_execution(stateMachineArn=arn)
        self.assertEqual(("TIMED_OUT", 10000), (r["status"], r["billingDetails"]["billedDurationInMilliseconds"]))

    def test_retries_and_catch_run_as_in_standard(self):
        d = H.definition({
            "P": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {
                "F": {"Type": "Fail", "Error": "Boom", "Cause": "c"}}}],
                  "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 2, "IntervalSeconds": 2}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "Next": "Caught"},
            "Caught": {"Type": "Pass", "End": True}})
        _, arn = self.express(d)
        r = self.sync.start_sync_execution(stateMachineArn=arn)
        self.assertEqual("SUCCEEDED", r["status"])
        self.assertEqual({"Error": "Boom", "Cause": "c"}, json.loads(r["output"]))
        # Back-off of 2 s then 4 s, in virtual time.
        self.assertEqual(6000, r["billingDetails"]["billedDurationInMilliseconds"])

    def test_names_may_repeat(self):
        _, arn = self.express(PASS_RESULT)
        a = self.sync.start_sync_execution(stateMachineArn=arn, name="same")
        b = self.sync.start_sync_execution(stateMachineArn=arn, name="same")
        self.assertNotEqual(a["executionArn"], b["executionArn"])
        self.assertEqual(("SUCCEEDED", "SUCCEEDED"), (a["status"], b["status"]))

    def test_versions_and_aliases(self):
        _, arn = self.express(PASS_RESULT)
        v = self.sfn.publish_state_machine_version(stateMachineArn=arn)["stateMachineVersionArn"]
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": v, "weight": 100}])
        for target in (v, alias["stateMachineAliasArn"]):
            r = self.sync.start_sync_execution(stateMachineArn=target)
            self.assertEqual(("SUCCEEDED", arn), (r["status"], r["stateMachineArn"]))

    def test_errors(self):
        _, standard = self.create_sm(definition_text=PASS_RESULT)
        self.assertClientError("StateMachineTypeNotSupported", TYPE_NOT_SUPPORTED,
                               self.sync.start_sync_execution, stateMachineArn=standard)
        missing = H.sm_arn("nope")
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'",
                               self.sync.start_sync_execution, stateMachineArn=missing)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'",
                               self.sync.start_sync_execution, stateMachineArn="nope")
        _, arn = self.express(PASS_RESULT)
        self.assertClientError("InvalidName", "Invalid Name: 'a b'",
                               self.sync.start_sync_execution, stateMachineArn=arn, name="a b")
        self.assertClientError("InvalidExecutionInput", None,
                               self.sync.start_sync_execution, stateMachineArn=arn, input="{nope")
        self.assertClientError("ValidationException", None,
                               self.sync.start_sync_execution, stateMachineArn=arn, name="x" * 81)

    def test_host_prefix(self):
        # The SDKs send StartSyncExecution to sync-<host>: without turning that off, a local
        # endpoint is not reached at all.
        _, arn = self.express(PASS_RESULT)
        with self.assertRaises(EndpointConnectionError) as ctx:
            self.sfn.start_sync_execution(stateMachineArn=arn)
        self.assertIn("sync-127.0.0.1", str(ctx.exception))
        # The shared setting every SDK and the AWS CLI read.
        env = dict(os.environ, AWS_DISABLE_HOST_PREFIX_INJECTION="true")
        old = os.environ.copy()
        try:
            os.environ.update(env)
            client = boto3.session.Session().client(
                "stepfunctions", endpoint_url=self.server.endpoint, region_name=H.REGION,
                aws_access_key_id="test", aws_secret_access_key="test")
            self.assertEqual("SUCCEEDED", client.start_sync_execution(stateMachineArn=arn)["status"])
        finally:
            os.environ.clear()
            os.environ.update(old)

    def test_aws_cli(self):
        _, arn = self.express(PASS_RESULT)
        env = {"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"}
        r = self.server.aws("stepfunctions", "start-sync-execution", "--state-machine-arn", arn,
                            "--input", '{"x": 1}', env=env)
        self.assertTrue(r.ok, r)
        self.assertEqual(("SUCCEEDED", {"Arg1": "argument1"}), (r.json["status"], json.loads(r.json["output"])))
        self.assertEqual(100, r.json["billingDetails"]["billedDurationInMilliseconds"])
        _, standard = self.create_sm(definition_text=PASS_RESULT)
        r = self.server.aws("stepfunctions", "start-sync-execution", "--state-machine-arn", standard, env=env)
        self.assertFalse(r.ok)
        self.assertIn("An error occurred (StateMachineTypeNotSupported) when calling the StartSyncExecution "
                      f"operation: {TYPE_NOT_SUPPORTED}", r.stderr)


class ExpressAsync(H.ServerTestCase):
    def test_start_execution_keeps_no_history(self):
        name, arn = self.create_sm(definition_text=PASS_RESULT, type_="EXPRESS")
        r = self.sfn.start_execution(stateMachineArn=arn, name="async-1")
        execution = r["executionArn"]
        self.assertTrue(execution.startswith(f"{EXPRESS_ARN_PREFIX}{name}:async-1:"), execution)
        for op in (self.sfn.describe_execution, self.sfn.get_execution_history, self.sfn.stop_execution,
                   self.sfn.describe_state_machine_for_execution):
            self.assertClientError("InvalidArn", NOT_FOR_EXPRESS, op, executionArn=execution)
        self.assertClientError("StateMachineTypeNotSupported", TYPE_NOT_SUPPORTED,
                               self.sfn.list_executions, stateMachineArn=arn)
        # A second start with the same name and input is a new execution (its ARN has its own id).
        again = self.sfn.start_execution(stateMachineArn=arn, name="async-1")["executionArn"]
        self.assertNotEqual(execution, again)

    def test_aws_cli(self):
        _, arn = self.create_sm(definition_text=PASS_RESULT, type_="EXPRESS")
        r = self.server.aws("stepfunctions", "start-execution", "--state-machine-arn", arn)
        self.assertTrue(r.ok, r)
        d = self.server.aws("stepfunctions", "describe-execution", "--execution-arn", r.json["executionArn"])
        self.assertFalse(d.ok)
        self.assertIn(f"An error occurred (InvalidArn) when calling the DescribeExecution operation: "
                      f"{NOT_FOR_EXPRESS}", d.stderr)
        h = self.server.aws("stepfunctions", "list-executions", "--state-machine-arn", arn)
        self.assertIn("(StateMachineTypeNotSupported)", h.stderr)

    def test_what_express_may_not_use(self):
        cases = {
            "arn:aws:states:::lambda:invoke.waitForTaskToken":
                "Express state machine does not support '.waitForTaskToken' service integration  at "
                "/States/T/Resource",
            "arn:aws:states:::states:startExecution.sync":
                "Express state machine does not support '.sync' service integration at /States/T/Resource",
            "arn:aws:states:::states:startExecution.sync:2":
                "Express state machine does not support '.sync' service integration at /States/T/Resource",
            f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:activity:worker":
                "Express state machine does not support Activity ARN at /States/T/Resource",
        }
        for resource, message in cases.items():
            with self.subTest(resource=resource):
                d = H.definition({"T": {"Type": "Task", "Resource": resource, "End": True}})
                self.assertClientError(
                    "InvalidDefinition", f"Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: {message}'",
                    self.sfn.create_state_machine, name=H.unique("x"), definition=d, roleArn=H.ROLE_ARN,
                    type="EXPRESS")
                v = self.sfn.validate_state_machine_definition(definition=d, type="EXPRESS")
                self.assertEqual("FAIL", v["result"])
                # A Standard state machine may use them.
                self.assertEqual("OK", self.sfn.validate_state_machine_definition(definition=d)["result"])


STUBS = {"mark": {"$LATEST": {"Response": {"marked": True}}}}
WAIT_THEN_MARK = H.definition({
    "W": {"Type": "Wait", "Seconds": 60, "Next": "Mark"},
    "Mark": {"Type": "Task", "Resource": f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:mark", "End": True},
})


class ExpressKillNine(unittest.TestCase):
    """--clock manual: the Wait holds each execution until the test moves the clock."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="sfn-express-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        path = os.path.join(self.tmp, "functions.json")
        with open(path, "w") as f:
            json.dump(STUBS, f)
        self.server = H.Server(clock="manual", extra_args=["--functions", path])
        self.addCleanup(self.server.cleanup)
        self.server.start()

    def invocations(self):
        r = self.server.http("GET", "/_emulator/lambda/invocations?functionName=mark")
        return r.json()["invocations"]

    def wait_for(self, predicate, what, timeout=15.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}\n{self.server.log_tail()}")
            time.sleep(0.02)

    def test_sync_execution_is_not_run_again_and_async_one_is(self):
        sfn = self.server.client()
        arn = sfn.create_state_machine(name="marker", definition=WAIT_THEN_MARK, roleArn=H.ROLE_ARN,
                                       type="EXPRESS")["stateMachineArn"]
        # An asynchronous execution waits in its Wait state.
        sfn.start_execution(stateMachineArn=arn, name="async")
        # A synchronous one waits too; its caller is blocked on the answer.
        outcome = {}

        def call():
            try:
                outcome["answer"] = sync_client(self.server.endpoint).start_sync_execution(
                    stateMachineArn=arn, name="sync")
            except (ConnectionClosedError, EndpointConnectionError, ReadTimeoutError) as e:
                outcome["error"] = e

        caller = threading.Thread(target=call)
        caller.start()
        # Both are running: the engine answers other requests meanwhile (no thread is held).
        time.sleep(0.3)
        self.assertTrue(caller.is_alive())
        self.assertEqual(200, self.server.health().status)
        self.server.kill9()
        caller.join(30)
        self.assertFalse(caller.is_alive())
        self.assertIn("error", outcome, outcome)  # the caller's connection was cut
        self.server.start()
        self.assertEqual([], self.invocations())
        # The asynchronous execution starts again from its beginning (at-least-once): its Wait
        # counts from the restart, then it calls the function once. The synchronous one is gone
        # (at-most-once): nothing else calls it.
        self.server.advance_clock(61)
        self.wait_for(lambda: len(self.invocations()) == 1, "the asynchronous execution's Task")
        time.sleep(0.2)
        self.server.advance_clock(61)
        time.sleep(0.2)
        self.assertEqual(1, len(self.invocations()))
        # A new synchronous execution runs as usual.
        answer = {}
        t = threading.Thread(target=lambda: answer.update(
            sync_client(self.server.endpoint).start_sync_execution(stateMachineArn=arn)))
        t.start()
        self.wait_for(lambda: self.server.advance_clock(61) and len(self.invocations()) == 2,
                      "the new synchronous execution's Task")
        t.join(15)
        self.assertEqual("SUCCEEDED", answer.get("status"), answer)
        self.assertEqual({"marked": True}, json.loads(answer["output"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
