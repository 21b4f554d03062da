"""TestState (AWS "Using TestState API to test a state"): one state run alone on an input through the
same runners and task integrations as an execution: inspectionLevel INFO/DEBUG/TRACE and its
inspectionData, nextState and status (SUCCEEDED, FAILED, RETRIABLE, CAUGHT_ERROR), mocks (results,
errors, field validation), stateConfiguration, the context object and variables, a state of a whole
machine (stateName), real local Lambda functions, and AWS's refusals. boto3 and the AWS CLI."""

import json
import os
import shutil
import sys
import tempfile
import unittest

import boto3
from botocore.config import Config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = f"arn:aws:iam::{H.ACCOUNT}:role/test-state"
EXPRESS = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:express:"


def sync_client(endpoint):
    cfg = Config(inject_host_prefix=False, retries={"total_max_attempts": 1}, read_timeout=60)
    return boto3.session.Session().client("stepfunctions", endpoint_url=endpoint, region_name=H.REGION,
                                          aws_access_key_id="test", aws_secret_access_key="test",
                                          config=cfg)


def answer(r):
    return {k: v for k, v in r.items() if k != "ResponseMetadata"}


IO_PASS = {"Type": "Pass", "InputPath": "$.initialData",
           "Parameters": {"staticValue": "some value", "inputValue.$": "$.fieldFromInput"},
           "ResultPath": "$.modifiedData", "End": True}
IO_INPUT = {"initialData": {"fieldFromInput": "value from input", "otherField": "other"},
            "unrelatedData": {"someOtherField": 1234}}
CHOICE = {"Type": "Choice", "Choices": [
    {"Variable": "$.value", "NumericEquals": 0, "Next": "Zero"},
    {"And": [{"Variable": "$.value", "NumericGreaterThanEquals": 20},
             {"Variable": "$.value", "NumericLessThan": 30}], "Next": "Twenties"}],
          "Default": "Other"}
TASK = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName.$": "$.fn", "Payload.$": "$.payload"},
        "ResultSelector": {"body.$": "$.Payload"}, "ResultPath": "$.out", "End": True}


class TestState(H.ServerTestCase):
    EXTRA_ARGS = ()

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-test-state-")
        stubs = os.path.join(cls.tmp, "functions.json")
        with open(stubs, "w") as f:
            json.dump({"echo": {"*": {"ResponseTemplate": {"got.$": "$"}}},
                       "boom": {"*": {"Error": "Boom", "Cause": "it broke"}}}, f)
        cls.EXTRA_ARGS = ("--functions", stubs)
        super().setUpClass()
        cls.ts = sync_client(cls.server.endpoint)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def run_state(self, definition, input_value=None, **kw):
        args = {"definition": json.dumps(definition)}
        if input_value is not None:
            args["input"] = json.dumps(input_value)
        args.update(kw)
        return answer(self.ts.test_state(**args))

    # -- states and inspection levels ----------------------------------------------------------
    def test_pass_at_each_inspection_level(self):
        info = self.run_state(IO_PASS, IO_INPUT)
        expected_output = dict(IO_INPUT, modifiedData={"inputValue": "value from input",
                                                       "staticValue": "some value"})
        self.assertEqual(("SUCCEEDED", expected_output), (info["status"], json.loads(info["output"])))
        self.assertEqual({"status", "output"}, set(info))
        for level in ("DEBUG", "TRACE"):
            d = self.run_state(IO_PASS, IO_INPUT, inspectionLevel=level)
            data = {k: json.loads(v) for k, v in d["inspectionData"].items()}
            self.assertEqual({
                "input": IO_INPUT,
                "afterInputPath": IO_INPUT["initialData"],
                "afterParameters": {"staticValue": "some value", "inputValue": "value from input"},
                "afterResultSelector": {"staticValue": "some value", "inputValue": "value from input"},
                "afterResultPath": expected_output}, data)
        # A Pass with a Result shows it, without the input's processing.
        d = self.run_state(dict(IO_PASS, Result={"r": 1}), IO_INPUT, inspectionLevel="DEBUG")
        self.assertEqual({"input", "result", "afterResultSelector", "afterResultPath"}, set(d["inspectionData"]))

    def test_unchanged_values_keep_their_text(self):
        text = '["fire", "electricity", "grass"]'
        d = answer(self.ts.test_state(definition='{"Type": "Pass", "End": true}', input=text,
                                      inspectionLevel="DEBUG"))
        self.assertEqual(text, d["output"])
        self.assertEqual(text, d["inspectionData"]["afterInputPath"])

    def test_choice_wait_succeed_and_fail(self):
        d = self.run_state(CHOICE, {"value": 22}, inspectionLevel="TRACE")
        self.assertEqual(("SUCCEEDED", "Twenties"), (d["status"], d["nextState"]))
        self.assertEqual({"input", "afterInputPath"}, set(d["inspectionData"]))
        d = self.run_state(CHOICE, {"value": 7})
        self.assertEqual("Other", d["nextState"])
        # A Wait does not wait.
        d = self.run_state({"Type": "Wait", "Seconds": 86400, "Next": "After"}, {"a": 1})
        self.assertEqual(("SUCCEEDED", "After", {"a": 1}), (d["status"], d["nextState"], json.loads(d["output"])))
        d = self.run_state({"Type": "Succeed"}, {"a": 1})
        self.assertEqual(("SUCCEEDED", {"a": 1}), (d["status"], json.loads(d["output"])))
        self.assertNotIn("nextState", d)
        d = self.run_state({"Type": "Fail", "Error": "SomeFailure", "Cause": "because"}, {}, inspectionLevel="DEBUG")
        self.assertEqual(("FAILED", "SomeFailure", "because"), (d["status"], d["error"], d["cause"]))
        self.assertEqual({"input": "{}", "afterInputPath": "{}"}, d["inspectionData"])

    def test_runtime_errors_have_no_execution_prefix(self):
        d = self.run_state({"Type": "Pass", "InputPath": "$.missing", "End": True}, {})
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])
        self.assertNotIn("entered at the event id", d["cause"])

    # -- tasks calling local Lambda functions ----------------------------------------------------
    def test_task_calls_a_local_function(self):
        d = self.run_state(TASK, {"fn": "echo", "payload": {"x": 1}}, roleArn=ROLE, inspectionLevel="DEBUG")
        self.assertEqual("SUCCEEDED", d["status"])
        out = json.loads(d["output"])
        self.assertEqual({"got": {"x": 1}}, out["out"]["body"])
        data = {k: json.loads(v) for k, v in d["inspectionData"].items()}
        self.assertEqual({"input", "afterInputPath", "afterParameters", "result", "afterResultSelector",
                          "afterResultPath"}, set(data))
        self.assertEqual({"FunctionName": "echo", "Payload": {"x": 1}}, data["afterParameters"])
        self.assertEqual(200, data["result"]["StatusCode"])
        self.assertEqual({"body": {"got": {"x": 1}}}, data["afterResultSelector"])
        # The invocation is logged like an execution's.
        log = self.server.http("GET", "/_emulator/lambda/invocations?functionName=echo").json()["invocations"]
        self.assertTrue(log)

    def test_task_with_a_python_function(self):
        lam = self.server.lambda_client()
        code = H.make_zip({"app.py": "def handler(event, context):\n    return {'hello': event['who']}\n"})
        lam.create_function(FunctionName="ts-hello", Runtime="python3.12", Handler="app.handler",
                            Role=ROLE, Code={"ZipFile": code})
        d = self.run_state({"Type": "Task", "Resource": fn_arn("ts-hello"), "End": True}, {"who": "ada"},
                           roleArn=ROLE)
        self.assertEqual(("SUCCEEDED", {"hello": "ada"}), (d["status"], json.loads(d["output"])))

    def test_task_errors_retry_and_catch(self):
        failing = {"Type": "Task", "Resource": fn_arn("boom"), "End": True}
        d = self.run_state(failing, {}, roleArn=ROLE)
        self.assertEqual(("FAILED", "Boom"), (d["status"], d["error"]))
        self.assertEqual({"errorType": "Boom", "errorMessage": "it broke"}, json.loads(d["cause"]))
        retried = dict(failing, Retry=[{"ErrorEquals": ["Other"]}, {"ErrorEquals": ["Boom"], "IntervalSeconds": 3,
                                                                    "BackoffRate": 2, "MaxAttempts": 2}])
        d = self.run_state(retried, {}, roleArn=ROLE, inspectionLevel="DEBUG")
        self.assertEqual(("RETRIABLE", "Boom"), (d["status"], d["error"]))
        self.assertNotIn("output", d)
        self.assertEqual({"retryIndex": 1, "retryBackoffIntervalSeconds": 3}, d["inspectionData"]["errorDetails"])
        d = self.run_state(retried, {}, roleArn=ROLE, inspectionLevel="DEBUG",
                           stateConfiguration={"retrierRetryCount": 1})
        self.assertEqual({"retryIndex": 1, "retryBackoffIntervalSeconds": 6}, d["inspectionData"]["errorDetails"])
        d = self.run_state(retried, {}, roleArn=ROLE, inspectionLevel="DEBUG",
                           stateConfiguration={"retrierRetryCount": 2})
        self.assertEqual(("FAILED", {"retryIndex": 1}), (d["status"], d["inspectionData"]["errorDetails"]))
        caught = dict(retried, Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handle"}])
        d = self.run_state(caught, {"a": 1}, roleArn=ROLE, inspectionLevel="DEBUG",
                           stateConfiguration={"retrierRetryCount": 2})
        self.assertEqual(("CAUGHT_ERROR", "Handle", "Boom"), (d["status"], d["nextState"], d["error"]))
        self.assertEqual({"Error": "Boom", "Cause": '{"errorType":"Boom","errorMessage":"it broke"}'},
                         json.loads(d["output"])["err"])
        self.assertEqual({"catchIndex": 0}, d["inspectionData"]["errorDetails"])
        # A missing function fails as in an execution.
        d = self.run_state({"Type": "Task", "Resource": fn_arn("nope"), "End": True}, {}, roleArn=ROLE)
        self.assertEqual(("FAILED", "Lambda.ResourceNotFoundException"), (d["status"], d["error"]))

    # -- mocks -----------------------------------------------------------------------------------
    def test_mocked_result_and_error(self):
        d = self.run_state(TASK, {"fn": "never-called", "payload": 1},
                           mock={"result": '{"Payload": {"m": 1}, "StatusCode": 200}'})
        self.assertEqual({"fn": "never-called", "payload": 1, "out": {"body": {"m": 1}}}, json.loads(d["output"]))
        d = self.run_state({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                            "Parameters": {"QueueUrl": "q", "MessageBody": "b"}, "End": True},
                           mock={"errorOutput": {"error": "SQS.Throttled", "cause": "slow down"}})
        self.assertEqual(("FAILED", "SQS.Throttled", "slow down"), (d["status"], d["error"], d["cause"]))

    def test_mocked_parallel_and_map(self):
        parallel = {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}],
                    "ResultPath": "$.r", "End": True}
        d = self.run_state(parallel, {"k": 1}, mock={"result": '[{"b": 1}]'}, inspectionLevel="DEBUG")
        self.assertEqual({"k": 1, "r": [{"b": 1}]}, json.loads(d["output"]))
        self.assertEqual({"input", "afterResultSelector", "afterResultPath"}, set(d["inspectionData"]))
        amap = {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1, "MaxConcurrency": 2,
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": True}}},
                "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "TooMany"}],
                "End": True}
        d = self.run_state(amap, {"items": [1, 2, 3]}, mock={"result": "[1, 2, 3]"}, inspectionLevel="DEBUG",
                           stateConfiguration={"mapIterationFailureCount": 1})
        self.assertEqual(("SUCCEEDED", "[1, 2, 3]"), (d["status"], d["output"]))
        self.assertEqual((2, 1), (d["inspectionData"]["maxConcurrency"], d["inspectionData"]["toleratedFailureCount"]))
        d = self.run_state(amap, {"items": [1, 2, 3]}, mock={"result": "[1, 2, 3]"}, inspectionLevel="DEBUG",
                           stateConfiguration={"mapIterationFailureCount": 2})
        self.assertEqual(("CAUGHT_ERROR", "TooMany", "States.ExceedToleratedFailureThreshold",
                          "The specified tolerated failure threshold was exceeded"),
                         (d["status"], d["nextState"], d["error"], d["cause"]))
        self.assertEqual({"catchIndex": 0}, d["inspectionData"]["errorDetails"])

    def test_field_validation(self):
        task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"}, "End": True}
        self.assertClientError("ValidationException",
                               "Mock result schema validation error: Field 'StatusCode' must be a number",
                               self.ts.test_state, definition=json.dumps(task),
                               mock={"result": '{"StatusCode": "200"}'})
        self.assertClientError("ValidationException",
                               "Mock result schema validation error: Field 'StatusCode' must be a number",
                               self.ts.test_state, definition=json.dumps(task),
                               mock={"result": '{"StatusCode": "200"}', "fieldValidationMode": "PRESENT"})
        d = answer(self.ts.test_state(definition=json.dumps(task),
                                      mock={"result": '{"StatusCode": "200"}', "fieldValidationMode": "NONE"}))
        self.assertEqual("SUCCEEDED", d["status"])
        start = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                 "Parameters": {"StateMachineArn": "x"}, "End": True}
        self.assertClientError("ValidationException",
                               "Mock result schema validation error: Required field 'ExecutionArn' is missing",
                               self.ts.test_state, definition=json.dumps(start), mock={"result": "{}"})
        d = answer(self.ts.test_state(definition=json.dumps(start), mock={"result": "{}",
                                                                          "fieldValidationMode": "PRESENT"}))
        self.assertEqual("SUCCEEDED", d["status"])
        s3 = {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
              "Parameters": {"Bucket": "b", "Key": "k"}, "End": True}
        self.assertClientError("ValidationException",
                               "Mock result schema validation error: Field 'StorageClass' is not an expected value",
                               self.ts.test_state, definition=json.dumps(s3),
                               mock={"result": '{"StorageClass": "Papyrus"}'})

    # -- context object, variables, stateName ----------------------------------------------------
    def test_context_object(self):
        d = self.run_state({"Type": "Pass", "Parameters": {"ctx.$": "$$"}, "End": True}, {"a": 1}, roleArn=ROLE)
        ctx = json.loads(d["output"])["ctx"]
        self.assertTrue(ctx["Execution"]["Id"].startswith(EXPRESS), ctx)
        self.assertEqual(({"a": 1}, ROLE, "StateName"),
                         (ctx["Execution"]["Input"], ctx["Execution"]["RoleArn"], ctx["State"]["Name"]))
        self.assertEqual(ctx["StateMachine"]["Id"].rsplit(":", 1)[1], ctx["StateMachine"]["Name"])
        given = {"Execution": {"Id": "x"}, "State": {}, "StateMachine": {}}
        task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
                "ResultSelector": {"ctx.$": "$$"}, "End": True}
        d = self.run_state(task, {}, context=json.dumps(given), mock={"result": "{}"})
        self.assertEqual({"ctx": given}, json.loads(d["output"]))
        self.assertClientError(
            "ValidationException",
            "Invalid Context object provided: Context object contains 'Task' when state is not a Task state "
            "with a '.sync' or '.waitForTaskToken' service integration pattern",
            self.ts.test_state, definition=json.dumps(task), context=json.dumps(dict(given, Task={"Token": "t"})),
            mock={"result": "{}"})

    def test_variables_and_state_name(self):
        machine = {"StartAt": "Init", "States": {
            "Init": {"Type": "Pass", "Assign": {"x": 1}, "Next": "Use"},
            "Use": {"Type": "Pass", "Parameters": {"x.$": "$x"}, "Assign": {"y": 2}, "Next": "M"},
            "M": {"Type": "Map", "ItemProcessor": {"StartAt": "Inner", "States": {
                "Inner": {"Type": "Pass", "Result": "inner", "End": True}}}, "End": True}}}
        d = self.run_state(machine, {}, stateName="Use", variables='{"x": 41}', inspectionLevel="DEBUG")
        self.assertEqual(("SUCCEEDED", "M", {"x": 41}), (d["status"], d["nextState"], json.loads(d["output"])))
        self.assertEqual({"x": 41, "y": 2}, json.loads(d["inspectionData"]["variables"]))
        d = self.run_state(machine, {}, stateName="Inner")
        self.assertEqual(("SUCCEEDED", "inner"), (d["status"], json.loads(d["output"])))
        self.assertClientError("ValidationException", "State not found in definition", self.ts.test_state,
                               definition=json.dumps(machine), stateName="Nope")

    # -- refusals --------------------------------------------------------------------------------
    def test_refusals(self):
        t = self.ts.test_state
        task = json.dumps(TASK)
        self.assertClientError("ValidationException", "RoleArn must be specified when testing a Task state",
                               t, definition=task)
        self.assertClientError("ValidationException", "State type 'Pass' is not supported when a mock is specified",
                               t, definition='{"Type": "Pass", "End": true}', mock={"result": "{}"})
        self.assertClientError("ValidationException",
                               "TestState does not support RevealSecrets when a mock is specified.",
                               t, definition=task, mock={"result": "{}"}, revealSecrets=True)
        self.assertClientError("ValidationException", "Mocked result must be valid JSON", t, definition=task,
                               mock={"result": "not JSON"})
        amap = json.dumps({"Type": "Map", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "End": True}}}, "End": True})
        self.assertClientError(
            "InvalidDefinition", "TestState API does not support Map or Parallel states. Supported state types "
            "include: [Task, Wait, Pass, Succeed, Fail, Choice]", t, definition=amap)
        self.assertClientError("ValidationException", "Mocked result must be an array.", t, definition=amap,
                               mock={"result": "{}"})
        self.assertClientError("ValidationException",
                               "TestState does not support MapIterationFailureCount when a mock is not specified.",
                               t, definition=amap, stateConfiguration={"mapIterationFailureCount": 0})
        self.assertClientError("ValidationException", "Map iteration failure count must be less than or equal "
                               "to the number of Map iterations", t, definition=amap, input="[1]",
                               mock={"result": "[1]"}, stateConfiguration={"mapIterationFailureCount": 2})
        self.assertClientError(
            "InvalidDefinition", "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' "
            "should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at "
            "/States/StateName/Type'", t, definition='{"Type": "Nope", "End": true}')
        self.assertClientError("ValidationException", None, t, definition=task, inspectionLevel="LOUD")

    def test_aws_cli(self):
        env = {"AWS_DISABLE_HOST_PREFIX_INJECTION": "true"}
        r = self.server.aws("stepfunctions", "test-state", "--definition", json.dumps(IO_PASS),
                            "--input", json.dumps(IO_INPUT), "--inspection-level", "DEBUG", env=env)
        self.assertTrue(r.ok, r)
        self.assertEqual("SUCCEEDED", r.json["status"])
        self.assertIn("afterParameters", r.json["inspectionData"])
        r = self.server.aws("stepfunctions", "test-state", "--definition", json.dumps(TASK), env=env)
        self.assertIn("An error occurred (ValidationException) when calling the TestState operation: RoleArn "
                      "must be specified when testing a Task state", r.stderr)


def fn_arn(name):
    return f"arn:aws:lambda:{H.REGION}:{H.ACCOUNT}:function:{name}"


if __name__ == "__main__":
    unittest.main(verbosity=2)
