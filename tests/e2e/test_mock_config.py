"""Step Functions Local's mock configuration file (SFN_MOCK_CONFIG / --mock-config), end to end: the
examples of AWS's guide "Using mocked service integrations for testing in Step Functions Local" run
as the guide runs them (StartExecution on `<stateMachineArn>#<TestCase>`, the AWS CLI), plus what the
guide states about counters, retries, Map iterations, Throw through Catch, hybrid test cases (the
unmocked state calls SQS on moto_server), unknown test cases, malformed files (refused at start with
the JSON path), a file changed while running, and counters surviving kill -9."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402
from moto_aws import MotoServer  # noqa: E402

# The guide's mock configuration file ("Step 1: Specify Mocked Service Integrations").
GUIDE_MOCK_CONFIG = {
    "StateMachines": {
        "LambdaSQSIntegration": {
            "TestCases": {
                "HappyPath": {"LambdaState": "MockedLambdaSuccess", "SQSState": "MockedSQSSuccess"},
                "RetryPath": {"LambdaState": "MockedLambdaRetry", "SQSState": "MockedSQSSuccess"},
                "HybridPath": {"LambdaState": "MockedLambdaSuccess"},
            }
        }
    },
    "MockedResponses": {
        "MockedLambdaSuccess": {"0": {"Return": {"StatusCode": 200, "Payload": {
            "StatusCode": 200, "body": "Hello from Lambda!"}}}},
        "LambdaMockedResourceNotReady": {"0": {"Throw": {
            "Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}}},
        "MockedSQSSuccess": {"0": {"Return": {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                                              "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
        "MockedLambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotReadyException", "Cause": "Lambda resource is not ready."}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}},
        },
    },
}

# The guide's state machine ("State machine definition"), with the function ARN of its step 3.
GUIDE_DEFINITION = {
    "Comment": "This state machine is called: LambdaSQSIntegration",
    "StartAt": "LambdaState",
    "States": {
        "LambdaState": {
            "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"Payload.$": "$",
                           "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:HelloWorldFunction"},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 2}],
            "Next": "SQSState",
        },
        "SQSState": {
            "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
                           "MessageBody.$": "$"},
            "End": True,
        },
    },
}

# Other state machines of these tests, and their test cases.
EXTRA_MOCKS = {
    "StateMachines": {
        "Loop": {"TestCases": {"Twice": {"A": "FirstThenSecond"}}},
        "Iterations": {"TestCases": {"Case1": {"Call": "Seq"}}},
        "AnyResource": {"TestCases": {"All": {"Fn": "FnResult", "Api": "ApiResult", "Sdk": "SdkResult",
                                              "Token": "TokenResult", "Http": "Boom"}}},
    },
    "MockedResponses": {
        "FirstThenSecond": {"0": {"Return": "first"}, "1": {"Return": "second"}},
        "Seq": {"0": {"Throw": {"Error": "Boom", "Cause": "attempt0"}}, "1": {"Return": {"Payload": "idx1"}},
                "2": {"Return": {"Payload": "idx2"}}, "3": {"Return": {"Payload": "idx3"}}},
        "FnResult": {"0": {"Return": {"from": "lambda"}}},
        "ApiResult": {"0": {"Return": {"StatusCode": 200, "ResponseBody": {"id": 1}}}},
        "SdkResult": {"0": {"Return": {"Item": {"id": {"S": "mocked"}}}}},
        "TokenResult": {"0": {"Return": "token answered"}},
        "Boom": {"0": {"Throw": {"Error": "ApiGateway.422", "Cause": "Unprocessable"}}},
    },
}


def merged(*configs):
    out = {"StateMachines": {}, "MockedResponses": {}}
    for c in configs:
        out["StateMachines"].update(c["StateMachines"])
        out["MockedResponses"].update(c["MockedResponses"])
    return out


class MockConfigFile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-mock-e2e-")
        cls.mock_path = os.path.join(cls.tmp, "MockConfigFile.json")
        with open(cls.mock_path, "w") as f:
            json.dump(merged(GUIDE_MOCK_CONFIG, EXTRA_MOCKS), f)
        cls.moto = MotoServer().__enter__()
        cls.sqs = cls.moto.client("sqs")
        cls.queue = cls.sqs.create_queue(QueueName="myQueue")["QueueUrl"]
        # As in the guide's Docker instructions: the file through SFN_MOCK_CONFIG.
        cls.server = H.Server(clock="virtual", env={"SFN_MOCK_CONFIG": cls.mock_path,
                                                    "SQS_ENDPOINT": cls.moto.endpoint})
        cls.server.start()
        cls.sfn = cls.server.client()
        cls.arn = cls.sfn.create_state_machine(name="LambdaSQSIntegration", definition=json.dumps(GUIDE_DEFINITION),
                                               roleArn=H.ROLE_ARN)["stateMachineArn"]

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()
        cls.moto.__exit__(None, None, None)

    def start(self, arn, test_case, name=None, input_obj=None):
        kw = {"stateMachineArn": f"{arn}#{test_case}", "input": json.dumps(input_obj or {})}
        if name:
            kw["name"] = name
        return self.sfn.start_execution(**kw)["executionArn"]

    def finish(self, execution_arn):
        d = H.wait_for_status(self.sfn, execution_arn, timeout=30, server=self.server)
        return d, H.full_history(self.sfn, execution_arn)

    def test_happy_path_with_the_aws_cli_as_the_guide_runs_it(self):
        # "Step 3: Run Mocked Service Integration Tests".
        out = self.server.aws("stepfunctions", "start-execution", "--name", "executionWithHappyPathMockedServices",
                              "--state-machine", f"{self.arn}#HappyPath")
        self.assertTrue(out.ok, out)
        execution = out.json["executionArn"]
        self.assertEqual("arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:"
                         "executionWithHappyPathMockedServices", execution)
        d, events = self.finish(execution)
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual(self.arn, d["stateMachineArn"])
        self.assertEqual({"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                          "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}, json.loads(d["output"]))
        self.assertEqual(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                          "TaskStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
                          "TaskStateExited", "ExecutionSucceeded"], [e["type"] for e in events])
        # The mocked data is used as the real call's would be: LambdaState's output is SQSState's input.
        sqs_entered = events[6]["stateEnteredEventDetails"]
        self.assertEqual({"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}},
                         json.loads(sqs_entered["input"]))
        succeeded = events[9]["taskSucceededEventDetails"]
        self.assertEqual(("sqs", "sendMessage"), (succeeded["resourceType"], succeeded["resource"]))

    def test_retry_path_consumes_one_response_per_attempt(self):
        d, events = self.finish(self.start(self.arn, "RetryPath"))
        self.assertEqual("SUCCEEDED", d["status"])
        failures = [(e["taskFailedEventDetails"]["error"], e["taskFailedEventDetails"]["cause"])
                    for e in events if e["type"] == "TaskFailed"]
        self.assertEqual([("Lambda.ResourceNotReadyException", "Lambda resource is not ready."),
                          ("Lambda.TimeoutException", "Lambda timed out."),
                          ("Lambda.TimeoutException", "Lambda timed out.")], failures)
        # The retrier's back-off: 2, 4 and 8 seconds (virtual time).
        scheduled = [e["timestamp"] for e in events if e["type"] == "TaskScheduled"][:4]
        gaps = [round((b - a).total_seconds()) for a, b in zip(scheduled, scheduled[1:])]
        self.assertEqual([2, 4, 8], gaps)

    def test_hybrid_path_calls_the_real_service_for_unmocked_states(self):
        d, _ = self.finish(self.start(self.arn, "HybridPath"))
        self.assertEqual("SUCCEEDED", d["status"], d)
        out = json.loads(d["output"])
        self.assertIn("SdkHttpMetadata", out)  # a real SendMessage answer
        got = self.sqs.receive_message(QueueUrl=self.queue, WaitTimeSeconds=1)["Messages"]
        self.assertEqual({"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}},
                         json.loads(got[0]["Body"]))
        self.assertEqual(out["MessageId"], got[0]["MessageId"])

    def test_no_suffix_and_a_bare_hash_run_without_mocks(self):
        for arn in (self.arn, self.arn + "#"):
            ex = self.sfn.start_execution(stateMachineArn=arn)["executionArn"]
            d, _ = self.finish(ex)
            # The real Lambda integration: no such function here.
            self.assertEqual("FAILED", d["status"])
            self.assertEqual("Lambda.ResourceNotFoundException", d["error"])

    def test_unknown_test_cases_and_state_machines_are_refused(self):
        with self.assertRaises(Exception) as ctx:
            self.start(self.arn, "SadPath")
        code, message = H.error_of(ctx)
        self.assertEqual("ValidationException", code)
        self.assertEqual("No mock map found for test SadPath: state machine 'LambdaSQSIntegration' has no test "
                         "case 'SadPath' in the mock configuration file", message)
        other = self.sfn.create_state_machine(name=H.unique("other"), definition=H.PASS_DEF,
                                              roleArn=H.ROLE_ARN)["stateMachineArn"]
        with self.assertRaises(Exception) as ctx:
            self.start(other, "HappyPath")
        self.assertIn("has no state machine", H.error_of(ctx)[1])

    def test_map_iterations_share_the_states_counter(self):
        arn = self.sfn.create_state_machine(name="Iterations", roleArn=H.ROLE_ARN, definition=H.definition({
            "M": {"Type": "Map", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "Call", "States": {"Call": {
                      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f", "Payload.$": "$"},
                      "Retry": [{"ErrorEquals": ["Boom"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                      "OutputPath": "$.Payload", "End": True}}},
                  "End": True}}))["stateMachineArn"]
        d, _ = self.finish(self.start(arn, "Case1", input_obj=[1, 2]))
        self.assertEqual("SUCCEEDED", d["status"], d)
        self.assertEqual(["idx1", "idx2"], json.loads(d["output"]))

    def test_any_resource_can_be_mocked_with_its_integrations_events(self):
        arn = self.sfn.create_state_machine(name="AnyResource", roleArn=H.ROLE_ARN, definition=H.definition({
            "Fn": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:nowhere",
                   "ResultPath": "$.fn", "Next": "Api"},
            "Api": {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke",
                    "Parameters": {"ApiEndpoint": "example.com", "Method": "GET"}, "ResultPath": "$.api",
                    "Next": "Sdk"},
            "Sdk": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:getItem",
                    "Parameters": {"TableName": "t", "Key": {"id": {"S": "x"}}}, "ResultPath": "$.sdk",
                    "Next": "Token"},
            "Token": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                      "Parameters": {"QueueUrl": "q", "MessageBody": "hello"},
                      "ResultPath": "$.token", "Next": "Http"},
            "Http": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
                     "Parameters": {"ApiEndpoint": "https://example.com", "Method": "GET"},
                     "Catch": [{"ErrorEquals": ["ApiGateway.422"], "ResultPath": "$.error", "Next": "Done"}],
                     "End": True},
            "Done": {"Type": "Pass", "End": True}}))["stateMachineArn"]
        d, events = self.finish(self.start(arn, "All"))
        self.assertEqual("SUCCEEDED", d["status"], d)
        self.assertEqual({"fn": {"from": "lambda"}, "api": {"StatusCode": 200, "ResponseBody": {"id": 1}},
                          "sdk": {"Item": {"id": {"S": "mocked"}}}, "token": "token answered",
                          "error": {"Error": "ApiGateway.422", "Cause": "Unprocessable"}}, json.loads(d["output"]))
        types = [e["type"] for e in events]
        self.assertEqual(["LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded"], types[2:5])
        resource_types = [e["taskScheduledEventDetails"]["resourceType"] for e in events
                          if e["type"] == "TaskScheduled"]
        self.assertEqual(["apigateway", "aws-sdk:dynamodb", "sqs", "http"], resource_types)

    def test_the_file_is_read_again_when_it_changes(self):
        path = os.path.join(self.tmp, "Changing.json")
        config = {"StateMachines": {"Changing": {"TestCases": {"One": {"P": "R1"}}}},
                  "MockedResponses": {"R1": {"0": {"Return": "one"}}}}
        with open(path, "w") as f:
            json.dump(config, f)
        with H.Server(extra_args=["--mock-config", path]) as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="Changing", roleArn=H.ROLE_ARN, definition=task_def())["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn + "#One")["executionArn"]
            self.assertEqual('"one"', H.wait_for_status(sfn, ex)["output"])
            config["StateMachines"]["Changing"]["TestCases"]["Two"] = {"P": "R2"}
            config["MockedResponses"]["R2"] = {"0": {"Return": "two"}}
            rewrite(path, config)
            ex = sfn.start_execution(stateMachineArn=arn + "#Two")["executionArn"]
            self.assertEqual('"two"', H.wait_for_status(sfn, ex)["output"])
            # Broken while running: starts with a test case are refused with the problem's path.
            rewrite(path, {"StateMachines": {"Changing": {"TestCases": {"One": "R1"}}}, "MockedResponses": {}})
            with self.assertRaises(Exception) as ctx:
                sfn.start_execution(stateMachineArn=arn + "#One")
            code, message = H.error_of(ctx)
            self.assertEqual("ValidationException", code)
            self.assertEqual(f"malformed mock configuration file {path}: $.StateMachines.Changing.TestCases.One: "
                             "expected an object, got string", message)

    def test_counters_survive_kill_9(self):
        path = os.path.join(self.tmp, "Loop.json")
        with open(path, "w") as f:
            json.dump(EXTRA_MOCKS, f)
        srv = H.Server(clock="manual", extra_args=["--mock-config", path])
        try:
            srv.start()
            sfn = srv.client()
            arn = sfn.create_state_machine(name="Loop", roleArn=H.ROLE_ARN, definition=H.definition({
                "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "f"}, "ResultPath": "$.r", "Next": "C"},
                "C": {"Type": "Choice", "Choices": [{"Variable": "$.r", "StringEquals": "second", "Next": "Done"}],
                      "Default": "W"},
                "W": {"Type": "Wait", "Seconds": 3600, "Next": "A"},
                "Done": {"Type": "Succeed"}}))["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn + "#Twice")["executionArn"]
            H.wait_for_status(sfn, ex, statuses="RUNNING")
            self.assertEqual("WaitStateEntered", H.full_history(sfn, ex)[-1]["type"])
            srv.kill9()
            srv.start()
            srv.advance_clock(3600)
            sfn = srv.client()
            d = H.wait_for_status(sfn, ex, timeout=20, server=srv)
            # Invocation 1 after the restart: "second", so the loop ends after two calls.
            self.assertEqual("SUCCEEDED", d["status"], d)
            self.assertEqual({"r": "second"}, json.loads(d["output"]))
            outputs = [json.loads(e["taskSucceededEventDetails"]["output"])
                       for e in H.full_history(sfn, ex) if e["type"] == "TaskSucceeded"]
            self.assertEqual(["first", "second"], outputs)
        finally:
            srv.cleanup()


def task_def():
    return H.definition({"P": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                               "Parameters": {"FunctionName": "f"}, "End": True}})


def rewrite(path, config):
    """Writes `config` with a modification time one second later than the file's, so the change is seen
    whatever the file system's time resolution."""
    before = os.stat(path).st_mtime_ns
    with open(path, "w") as f:
        json.dump(config, f)
    later = max(os.stat(path).st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(later, later))


class MalformedMockConfig(unittest.TestCase):
    def start(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write(text)
        try:
            env = {k: v for k, v in os.environ.items()
                   if not k.startswith("SFN_EMULATOR_") and k not in H.SFN_LOCAL_VARIABLES}
            env["SFN_MOCK_CONFIG"] = f.name
            return f.name, subprocess.run([H.binary_path(), "--port", "0", "--in-memory"], capture_output=True,
                                          text=True, timeout=20, env=env)
        finally:
            os.unlink(f.name)

    def test_a_malformed_file_is_refused_at_start_with_the_json_path(self):
        for text, problem in (
                ('{"StateMachines": {}, "MockedResponses": {"R": {"0-x": {"Return": 1}}}}',
                 "$.MockedResponses.R['0-x']: not an invocation number or range"),
                ('{"StateMachines": {"sm": {"TestCases": {"t": {"S": 1}}}}, "MockedResponses": {}}',
                 "$.StateMachines.sm.TestCases.t.S: expected the name of a mocked response (a string), got number"),
                ('{"StateMachines": {}, "MockedResponses": {"R": {"0": {"Throw": {"Error": "E"}}}}}',
                 "$.MockedResponses.R['0'].Throw: missing Cause"),
                ('{"StateMachines": {}', "$: not valid JSON")):
            with self.subTest(problem=problem):
                path, r = self.start(text)
                self.assertEqual(2, r.returncode, r)
                self.assertEqual("", r.stdout)
                self.assertIn(f"malformed mock configuration file {path}: {problem}", r.stderr)

    def test_a_missing_file_is_refused_at_start(self):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("SFN_EMULATOR_") and k not in H.SFN_LOCAL_VARIABLES}
        r = subprocess.run([H.binary_path(), "--port", "0", "--in-memory", "--mock-config", "/nonexistent/x.json"],
                           capture_output=True, text=True, timeout=20, env=env)
        self.assertEqual(2, r.returncode, r)
        self.assertIn("cannot read the mock configuration file /nonexistent/x.json", r.stderr)

    def test_a_test_case_without_a_mock_file_is_refused(self):
        with H.Server() as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="nomock", definition=H.PASS_DEF, roleArn=H.ROLE_ARN)["stateMachineArn"]
            with self.assertRaises(Exception) as ctx:
                sfn.start_execution(stateMachineArn=arn + "#HappyPath")
            self.assertEqual(("ValidationException", "No mock map found for test HappyPath: no mock configuration "
                              "file is loaded (start sfn-emulator with --mock-config FILE or SFN_MOCK_CONFIG)"),
                             H.error_of(ctx))


if __name__ == "__main__":
    unittest.main()
