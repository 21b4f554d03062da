"""Sample: testing a workflow's paths with Step Functions Local's mock file, no AWS account needed.

Start the emulator with the mock configuration file next to this test, then run pytest:

    sfn-emulator --clock virtual --mock-config samples/python/mock_config.json &
    SFN_ENDPOINT=http://localhost:8083 python3 -m pytest samples/python/test_order_mocks.py

Each test starts the state machine on `<stateMachineArn>#<TestCase>`: the Task states the test
case names answer with the file's mocked responses instead of calling Lambda and SQS.
"""

import json
import time

import boto3
import pytest

from test_order_workflow import ENDPOINT, ROLE_ARN

# The name the mock file's "StateMachines" entry uses.
NAME = "OrderWithPayment"

DEFINITION = {
    "StartAt": "Charge",
    "States": {
        "Charge": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "charge-card", "Payload.$": "$"},
            "ResultSelector": {"charged.$": "$.Payload.charged"},
            "ResultPath": "$.payment",
            "Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 1,
                       "MaxAttempts": 3}],
            "Catch": [{"ErrorEquals": ["PaymentDeclined"], "ResultPath": "$.error", "Next": "Rejected"}],
            "Next": "Notify",
        },
        "Notify": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders",
                           "MessageBody.$": "$"},
            "ResultSelector": {"messageId.$": "$.MessageId"},
            "ResultPath": "$.notification",
            "End": True,
        },
        "Rejected": {"Type": "Fail", "Error": "OrderRejected", "Cause": "payment declined"},
    },
}


@pytest.fixture(scope="module")
def sfn():
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


@pytest.fixture(scope="module")
def state_machine(sfn):
    arn = sfn.create_state_machine(name=NAME, definition=json.dumps(DEFINITION),
                                   roleArn=ROLE_ARN)["stateMachineArn"]
    yield arn
    sfn.delete_state_machine(stateMachineArn=arn)


def run_test_case(sfn, arn, test_case, payload, timeout=10.0):
    try:
        execution = sfn.start_execution(stateMachineArn=f"{arn}#{test_case}",
                                        input=json.dumps(payload))["executionArn"]
    except sfn.exceptions.ValidationException as e:
        if "no mock configuration file is loaded" in str(e):
            pytest.skip("start the emulator with --mock-config samples/python/mock_config.json")
        raise
    deadline = time.monotonic() + timeout
    while (described := sfn.describe_execution(executionArn=execution))["status"] == "RUNNING":
        assert time.monotonic() < deadline, f"{execution} still RUNNING"
        time.sleep(0.05)
    return described, sfn.get_execution_history(executionArn=execution)["events"]


def test_happy_path(sfn, state_machine):
    described, events = run_test_case(sfn, state_machine, "HappyPath", {"order": 7})
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {
        "order": 7, "payment": {"charged": 25},
        "notification": {"messageId": "00000000-0000-0000-0000-000000000001"}}


def test_declined_payment_is_rejected(sfn, state_machine):
    described, _ = run_test_case(sfn, state_machine, "Declined", {"order": 8})
    assert (described["status"], described["error"]) == ("FAILED", "OrderRejected")


def test_throttled_payment_is_retried(sfn, state_machine):
    described, events = run_test_case(sfn, state_machine, "FlakyPayment", {"order": 9})
    assert described["status"] == "SUCCEEDED"
    failures = [e["taskFailedEventDetails"]["error"] for e in events if e["type"] == "TaskFailed"]
    assert failures == ["Lambda.TooManyRequestsException"] * 2
