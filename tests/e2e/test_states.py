"""Executions of Pass, Wait, Choice, Succeed and Fail: exact outputs and exact histories.
Runs on --clock virtual: waits end at once while history timestamps advance as if time passed."""

import datetime as dt
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

F = {"truncated": False}


def started(input_, role=H.ROLE_ARN):
    return {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
            "executionStartedEventDetails": {"input": input_, "inputDetails": F, "roleArn": role}}


def entered(id_, prev, type_, name, input_):
    return {"id": id_, "previousEventId": prev, "type": f"{type_}StateEntered",
            "stateEnteredEventDetails": {"name": name, "input": input_, "inputDetails": F}}


def exited(id_, prev, type_, name, output):
    return {"id": id_, "previousEventId": prev, "type": f"{type_}StateExited",
            "stateExitedEventDetails": {"name": name, "output": output, "outputDetails": F}}


def succeeded(id_, prev, output):
    return {"id": id_, "previousEventId": prev, "type": "ExecutionSucceeded",
            "executionSucceededEventDetails": {"output": output, "outputDetails": F}}


def failed(id_, prev, **details):
    return {"id": id_, "previousEventId": prev, "type": "ExecutionFailed", "executionFailedEventDetails": details}


class PassStates(H.ServerTestCase):
    def test_result(self):
        d, events = self.run_execution(H.PASS_DEF, '{"in": 1}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual('{"Arg1":"argument1"}', d["output"])
        self.assertEqual([
            started({"in": 1}),
            entered(2, 0, "Pass", "P", {"in": 1}),
            exited(3, 2, "Pass", "P", {"Arg1": "argument1"}),
            succeeded(4, 3, {"Arg1": "argument1"}),
        ], [H.strip_event(e) for e in events])

    def test_data_flow(self):
        definition = H.definition({"P": {
            "Type": "Pass", "InputPath": "$.in",
            "Parameters": {"x.$": "$.v", "const": 1, "exec.$": "$$.Execution.Name", "nested": {"y.$": "$.other"}},
            "ResultPath": "$.res", "OutputPath": "$.res", "End": True}})
        d, events = self.run_execution(definition, '{"in": {"v": 42, "other": true}, "top": 1}', name="flow-1")
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"x": 42, "const": 1, "exec": "flow-1", "nested": {"y": True}}, json.loads(d["output"]))
        self.assertEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
                         [e["type"] for e in events])

    def test_result_path_merges_into_raw_input(self):
        definition = H.definition({"P": {"Type": "Pass", "InputPath": "$.a", "Result": "r",
                                         "ResultPath": "$.b.c", "End": True}})
        d, _ = self.run_execution(definition, '{"a": {"x": 1}, "b": {"keep": true}}')
        self.assertEqual({"a": {"x": 1}, "b": {"keep": True, "c": "r"}}, json.loads(d["output"]))

    def test_result_path_null_discards_result(self):
        definition = H.definition({"P": {"Type": "Pass", "Result": {"ignored": 1}, "ResultPath": None, "End": True}})
        d, _ = self.run_execution(definition, '{"kept": [1, 2]}')
        self.assertEqual({"kept": [1, 2]}, json.loads(d["output"]))

    def test_long_chain_has_contiguous_ids(self):
        states = {f"S{i}": {"Type": "Pass", "Result": i, "ResultPath": f"$.r{i}", "Next": f"S{i + 1}"}
                  for i in range(29)}
        states["S29"] = {"Type": "Pass", "End": True}
        d, events = self.run_execution(H.definition(states, start_at="S0"))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual(62, len(events))
        self.assertHistoryChain(events)
        self.assertEqual({f"r{i}": i for i in range(29)}, json.loads(d["output"]))


class WaitStates(H.ServerTestCase):
    def assertWaited(self, events, seconds, slack=5.0):
        entered_ = next(e for e in events if e["type"] == "WaitStateEntered")
        exited_ = next(e for e in events if e["type"] == "WaitStateExited")
        waited = (exited_["timestamp"] - entered_["timestamp"]).total_seconds()
        self.assertGreaterEqual(waited, seconds - 0.001)
        self.assertLess(waited, seconds + slack)

    def test_seconds(self):
        t0 = time.monotonic()
        d, events = self.run_execution(H.wait_def(3600), '{"x": 1}')
        self.assertLess(time.monotonic() - t0, 10, "a virtual Wait must not take real time")
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"x": 1}, json.loads(d["output"]))
        self.assertEqual([
            started({"x": 1}),
            entered(2, 0, "Wait", "W", {"x": 1}),
            exited(3, 2, "Wait", "W", {"x": 1}),
            entered(4, 3, "Pass", "Done", {"x": 1}),
            exited(5, 4, "Pass", "Done", {"x": 1}),
            succeeded(6, 5, {"x": 1}),
        ], [H.strip_event(e) for e in events])
        self.assertWaited(events, 3600)
        self.assertGreaterEqual((d["stopDate"] - d["startDate"]).total_seconds(), 3600)

    def test_a_year(self):
        d, events = self.run_execution(H.wait_def(365 * 24 * 3600))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertWaited(events, 365 * 24 * 3600)

    def test_seconds_path(self):
        definition = H.definition({"W": {"Type": "Wait", "SecondsPath": "$.s", "End": True}})
        d, events = self.run_execution(definition, '{"s": 120}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"s": 120}, json.loads(d["output"]))
        self.assertEqual(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"],
                         [e["type"] for e in events])
        self.assertWaited(events, 120)

    def test_seconds_path_negative_fails(self):
        definition = H.definition({"WaitState": {"Type": "Wait", "SecondsPath": "$.input.waitSeconds", "End": True}})
        d, events = self.run_execution(definition, '{"input": {"waitSeconds": -1}}')
        self.assertEqual("FAILED", d["status"])
        cause = ("An error occurred while executing the state 'WaitState' (entered at the event id #2). "
                 "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1")
        self.assertEqual("States.Runtime", d["error"])
        self.assertEqual(cause, d["cause"])
        self.assertEqual([
            started({"input": {"waitSeconds": -1}}),
            entered(2, 0, "Wait", "WaitState", {"input": {"waitSeconds": -1}}),
            failed(3, 2, error="States.Runtime", cause=cause),
        ], [H.strip_event(e) for e in events])

    def test_timestamp(self):
        until = (self.server.clock_now() + dt.timedelta(hours=2)).replace(microsecond=0)
        definition = H.definition({"W": {"Type": "Wait", "Timestamp": H.iso_z(until), "End": True}})
        d, events = self.run_execution(definition)
        self.assertEqual("SUCCEEDED", d["status"])
        exited_ = next(e for e in events if e["type"] == "WaitStateExited")
        self.assertGreaterEqual(exited_["timestamp"], until)
        self.assertLess(exited_["timestamp"], until + dt.timedelta(seconds=5))

    def test_timestamp_path(self):
        until = (self.server.clock_now() + dt.timedelta(minutes=30)).replace(microsecond=0)
        definition = H.definition({"W": {"Type": "Wait", "TimestampPath": "$.until", "End": True}})
        d, events = self.run_execution(definition, json.dumps({"until": H.iso_z(until)}))
        self.assertEqual("SUCCEEDED", d["status"])
        exited_ = next(e for e in events if e["type"] == "WaitStateExited")
        self.assertGreaterEqual(exited_["timestamp"], until)
        self.assertLess(exited_["timestamp"], until + dt.timedelta(seconds=5))

    def test_timestamp_in_the_past(self):
        definition = H.definition({"W": {"Type": "Wait", "Timestamp": "2016-03-14T01:59:00Z", "End": True}})
        d, events = self.run_execution(definition)
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertWaited(events, 0)

    def test_concurrent_waits_keep_their_durations(self):
        _, long_sm = self.create_sm(definition_text=H.wait_def(100))
        _, short_sm = self.create_sm(definition_text=H.wait_def(50))
        a = self.sfn.start_execution(stateMachineArn=long_sm)["executionArn"]
        b = self.sfn.start_execution(stateMachineArn=short_sm)["executionArn"]
        for arn, seconds in ((a, 100), (b, 50)):
            d = H.wait_for_status(self.sfn, arn, server=self.server)
            self.assertEqual("SUCCEEDED", d["status"])
            self.assertWaited(H.full_history(self.sfn, arn), seconds)


class ChoiceStates(H.ServerTestCase):
    DEF = H.definition({
        "Choose": {"Type": "Choice", "Choices": [
            {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
            {"And": [{"Variable": "$.s", "StringEquals": "x"},
                     {"Not": {"Variable": "$.n", "NumericEquals": 0}}], "Next": "XNonZero"},
            {"Or": [{"Variable": "$.missing", "IsPresent": True},
                    {"Variable": "$.s", "StringMatches": "lit\\*eral*"}], "Next": "Matched"},
        ], "Default": "Other"},
        "Big": {"Type": "Pass", "Result": "big", "End": True},
        "XNonZero": {"Type": "Pass", "Result": "x", "End": True},
        "Matched": {"Type": "Pass", "Result": "matched", "End": True},
        "Other": {"Type": "Pass", "Result": "other", "End": True},
    })

    def test_branches(self):
        _, sm = self.create_sm(definition_text=self.DEF)
        cases = [({"n": 11, "s": "y"}, "big"), ({"n": 1, "s": "x"}, "x"), ({"n": 0, "s": "x"}, "other"),
                 ({"n": 0, "s": "lit*eral-suffix"}, "matched"), ({"n": 0, "s": "literal"}, "other")]
        arns = [self.sfn.start_execution(stateMachineArn=sm, input=json.dumps(i))["executionArn"] for i, _ in cases]
        for arn, (inp, want) in zip(arns, cases):
            with self.subTest(input=inp):
                d = H.wait_for_status(self.sfn, arn, server=self.server)
                self.assertEqual("SUCCEEDED", d["status"])
                self.assertEqual(json.dumps(want), d["output"])

    def test_history(self):
        d, events = self.run_execution(self.DEF, '{"n": 11, "s": "y"}')
        inp = {"n": 11, "s": "y"}
        self.assertEqual([
            started(inp),
            entered(2, 0, "Choice", "Choose", inp),
            exited(3, 2, "Choice", "Choose", inp),
            entered(4, 3, "Pass", "Big", inp),
            exited(5, 4, "Pass", "Big", "big"),
            succeeded(6, 5, "big"),
        ], [H.strip_event(e) for e in events])

    def test_no_choice_matched(self):
        definition = H.definition({
            "Choose": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "One"}]},
            "One": {"Type": "Succeed"}})
        d, events = self.run_execution(definition, '{"n": 2}')
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.NoChoiceMatched", d["error"])
        self.assertEqual(["ExecutionStarted", "ChoiceStateEntered"], [e["type"] for e in events[:2]])
        self.assertEqual("ExecutionFailed", events[-1]["type"])
        self.assertEqual("States.NoChoiceMatched", events[-1]["executionFailedEventDetails"]["error"])
        self.assertHistoryChain(events)


class SucceedAndFail(H.ServerTestCase):
    def test_succeed(self):
        definition = H.definition({"S": {"Type": "Succeed", "OutputPath": "$.keep"}})
        d, events = self.run_execution(definition, '{"keep": {"a": 1}, "drop": 2}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual('{"a":1}', d["output"])
        inp = {"keep": {"a": 1}, "drop": 2}
        self.assertEqual([
            started(inp),
            entered(2, 0, "Succeed", "S", inp),
            exited(3, 2, "Succeed", "S", {"a": 1}),
            succeeded(4, 3, {"a": 1}),
        ], [H.strip_event(e) for e in events])

    def test_fail(self):
        definition = H.definition({"FailState": {"Type": "Fail", "Error": "SomeFailure",
                                                 "Cause": "This state machines raises a 'SomeFailure' failure."}})
        d, events = self.run_execution(definition)
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("SomeFailure", d["error"])
        self.assertEqual("This state machines raises a 'SomeFailure' failure.", d["cause"])
        self.assertNotIn("output", d)
        self.assertEqual([
            started({}),
            entered(2, 0, "Fail", "FailState", {}),
            failed(3, 2, error="SomeFailure", cause="This state machines raises a 'SomeFailure' failure."),
        ], [H.strip_event(e) for e in events])
        listed = self.sfn.list_executions(stateMachineArn=d["stateMachineArn"], statusFilter="FAILED")
        self.assertEqual([d["executionArn"]], [e["executionArn"] for e in listed["executions"]])

    def test_fail_empty(self):
        d, events = self.run_execution(H.definition({"FailState": {"Type": "Fail"}}))
        self.assertEqual("FAILED", d["status"])
        self.assertNotIn("error", d)
        self.assertNotIn("cause", d)
        self.assertEqual(failed(3, 2), H.strip_event(events[-1]))

    def test_fail_error_path_and_cause_path(self):
        definition = H.definition({
            "Prep": {"Type": "Pass", "Parameters": {"e": "Custom.Error", "c": "because"}, "Next": "Boom"},
            "Boom": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "$.c"}})
        d, events = self.run_execution(definition)
        self.assertEqual(("FAILED", "Custom.Error", "because"), (d["status"], d["error"], d["cause"]))
        self.assertEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "FailStateEntered",
                          "ExecutionFailed"], [e["type"] for e in events])
        self.assertEqual(failed(5, 4, error="Custom.Error", cause="because"), H.strip_event(events[-1]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
