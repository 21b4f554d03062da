"""Sample integration test: pytest + boto3 against sfn-emulator.

Point SFN_ENDPOINT at a running emulator (the image as a CI service container, or `scripts/serve`):

    SFN_ENDPOINT=http://localhost:8083 python3 -m pytest samples/python

It creates a state machine, starts executions and asserts on their outputs and histories.
"""

import json
import os
import time
import uuid

import boto3
import pytest

ENDPOINT = os.environ.get("SFN_ENDPOINT", "http://localhost:8083")
ROLE_ARN = "arn:aws:iam::123456789012:role/sample"

DEFINITION = {
    "StartAt": "Price",
    "States": {
        "Price": {
            "Type": "Pass",
            "Parameters": {"item.$": "$.item", "total.$": "States.MathAdd($.price, $.shipping)"},
            "Next": "Big?",
        },
        "Big?": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"}],
            "Default": "Accept",
        },
        "Review": {"Type": "Fail", "Error": "NeedsReview", "Cause": "total over 100"},
        "Accept": {"Type": "Pass", "Result": "accepted", "ResultPath": "$.decision", "End": True},
    },
}


@pytest.fixture(scope="module")
def sfn():
    return boto3.client("stepfunctions", endpoint_url=ENDPOINT, region_name="us-east-1",
                        aws_access_key_id="test", aws_secret_access_key="test")


@pytest.fixture(scope="module")
def state_machine(sfn):
    name = f"order-{uuid.uuid4().hex[:8]}"
    arn = sfn.create_state_machine(name=name, definition=json.dumps(DEFINITION),
                                   roleArn=ROLE_ARN)["stateMachineArn"]
    yield arn
    sfn.delete_state_machine(stateMachineArn=arn)


def run(sfn, arn, payload, timeout=10.0):
    execution = sfn.start_execution(stateMachineArn=arn, input=json.dumps(payload))["executionArn"]
    deadline = time.monotonic() + timeout
    while True:
        described = sfn.describe_execution(executionArn=execution)
        if described["status"] != "RUNNING":
            break
        assert time.monotonic() < deadline, f"{execution} still RUNNING"
        time.sleep(0.05)
    events = sfn.get_execution_history(executionArn=execution)["events"]
    return described, [e["type"] for e in events]


def test_small_order_is_accepted(sfn, state_machine):
    described, types = run(sfn, state_machine, {"item": "book", "price": 20, "shipping": 5})
    assert described["status"] == "SUCCEEDED"
    assert json.loads(described["output"]) == {"item": "book", "total": 25, "decision": "accepted"}
    assert types[0] == "ExecutionStarted" and types[-1] == "ExecutionSucceeded"
    assert "ChoiceStateEntered" in types


def test_big_order_fails_for_review(sfn, state_machine):
    described, types = run(sfn, state_machine, {"item": "bike", "price": 300, "shipping": 0})
    assert described["status"] == "FAILED"
    assert described["error"] == "NeedsReview"
    assert types[-1] == "ExecutionFailed"
