"""Parallel, Map, Retry/Catch, variables and timeouts through boto3: outputs, error names, causes
and histories as AWS writes them. Runs on --clock virtual: back-off and waits end at once while
history timestamps advance as if the time passed."""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


def types(events):
    return [e["type"] for e in events]


def details(events, type_):
    out = []
    for e in events:
        if e["type"] == type_:
            out.append(next((v for k, v in e.items() if k.endswith("EventDetails")), None))
    return out


def wait_until(predicate, what, server, timeout=15.0):
    """Polls `predicate` (short real-time polls, as H.wait_for_status) until it holds."""
    deadline = time.monotonic() + timeout
    delay = 0.01
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached after {timeout}s: {what}\n{server.log_tail()}")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


FAIL_ITEM = {"Type": "Fail", "Error": "ItemError", "Cause": "item failed"}


class ParallelState(H.ServerTestCase):
    def test_branches_output_in_branch_order_with_result_selector_and_path(self):
        d, events = self.run_execution(H.definition({"P": {
            "Type": "Parallel", "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].v"},
            "ResultPath": "$.res",
            "Branches": [
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "Next": "A"},
                                            "A": {"Type": "Pass", "Result": "a", "End": True}}},
                {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "End": True}}},
            ], "End": True}}), '{"x": 7}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"x": 7, "res": {"first": "a", "second": 7}}, json.loads(d["output"]))
        self.assertEqual(["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted"], types(events)[:3])
        self.assertEqual(["ParallelStateSucceeded", "ParallelStateExited", "ExecutionSucceeded"], types(events)[-3:])
        self.assertEqual(sorted(["PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited",
                                 "PassStateEntered", "PassStateExited"]), sorted(types(events)[3:-3]))
        self.assertHistoryChain(events)

    def test_failed_branch_fails_the_state_and_catch_takes_over(self):
        d, events = self.run_execution(H.definition({"P": {
            "Type": "Parallel",
            "Branches": [{"StartAt": "F", "States": {"F": FAIL_ITEM}},
                         {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}}],
            "Catch": [{"ErrorEquals": ["ItemError"], "ResultPath": "$.err", "Next": "Caught"}],
            "End": True}, "Caught": {"Type": "Pass", "End": True}}), '{"k": 1}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"k": 1, "err": {"Error": "ItemError", "Cause": "item failed"}}, json.loads(d["output"]))
        t = types(events)
        self.assertIn("ParallelStateFailed", t)
        self.assertEqual(["ParallelStateFailed", "ParallelStateExited", "PassStateEntered", "PassStateExited",
                          "ExecutionSucceeded"], t[t.index("ParallelStateFailed"):])
        self.assertNotIn("WaitStateExited", t, "the other branch is stopped")

    def test_uncaught_branch_failure_fails_the_execution(self):
        d, events = self.run_execution(H.definition({"P": {
            "Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": FAIL_ITEM}}], "End": True}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual(("ItemError", "item failed"), (d["error"], d["cause"]))
        self.assertEqual(["FailStateEntered", "ParallelStateFailed", "ExecutionFailed"], types(events)[-3:])


class MapState(H.ServerTestCase):
    def test_inline_map_with_item_selector_context_and_iteration_events(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 1,
            "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P",
                              "States": {"P": {"Type": "Pass", "End": True}}},
            "ResultPath": "$.out", "End": True}}), '{"items": ["a", "b", "c"], "tag": "t"}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual([{"i": 0, "v": "a", "tag": "t"}, {"i": 1, "v": "b", "tag": "t"},
                          {"i": 2, "v": "c", "tag": "t"}], json.loads(d["output"])["out"])
        self.assertEqual([{"length": 3}], details(events, "MapStateStarted"))
        self.assertEqual([{"index": i, "name": "M"} for i in range(3)], details(events, "MapIterationStarted"))
        self.assertEqual([{"index": i, "name": "M"} for i in range(3)], details(events, "MapIterationSucceeded"))
        self.assertEqual(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"], types(events)[-3:])
        self.assertHistoryChain(events)

    def test_legacy_iterator_and_parameters(self):
        d, _ = self.run_execution(H.definition({"M": {
            "Type": "Map", "Parameters": {"x.$": "$$.Map.Item.Value"},
            "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}}), "[1, 2]")
        self.assertEqual([{"x": 1}, {"x": 2}], json.loads(d["output"]))

    def test_input_that_is_not_an_array(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}), '{"a": 1}')
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])
        self.assertEqual("An error occurred while executing the state 'M' (entered at the event id #2). "
                         "Map state input must be an array but was: {\"a\":1}", d["cause"])

    def test_failure_beyond_tolerance(self):
        proc = {"StartAt": "C", "States": {
            "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericGreaterThan": 1, "Next": "F"}],
                  "Default": "OK"},
            "OK": {"Type": "Pass", "End": True}, "F": FAIL_ITEM}}
        tolerated, _ = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": proc, "ToleratedFailureCount": 2, "End": True}}), "[1, 2, 3]")
        self.assertEqual("SUCCEEDED", tolerated["status"])
        self.assertEqual([1, {"Error": "ItemError", "Cause": "item failed"},
                          {"Error": "ItemError", "Cause": "item failed"}], json.loads(tolerated["output"]))
        over, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": proc, "ToleratedFailurePercentage": 50, "End": True}}), "[1, 2, 3]")
        self.assertEqual("FAILED", over["status"])
        self.assertEqual("States.ExceedToleratedFailureThreshold", over["error"])
        self.assertIn("MapIterationFailed", types(events))

    def test_failing_iteration_aborts_the_running_ones(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": {"StartAt": "C", "States": {
                "C": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 1, "Next": "F"}],
                      "Default": "W"},
                "W": {"Type": "Wait", "Seconds": 100, "End": True}, "F": FAIL_ITEM}},
            "End": True}}), "[0, 1, 2]")
        self.assertEqual("FAILED", d["status"])
        self.assertEqual(sorted([{"index": 0, "name": "M"}, {"index": 2, "name": "M"}], key=lambda x: x["index"]),
                         sorted(details(events, "MapIterationAborted"), key=lambda x: x["index"]))
        self.assertNotIn("WaitStateExited", types(events))

    def test_distributed_map_records_a_map_run_and_no_iteration_events(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                             "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}), "[1, 2]")
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual(["ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded",
                          "MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"], types(events))
        arn = details(events, "MapRunStarted")[0]["mapRunArn"]
        self.assertRegex(arn, r"^arn:aws:states:us-east-1:123456789012:mapRun:[^/]+/[0-9a-f-]{36}:[0-9a-f-]{36}$")

    def test_item_batcher_groups_selected_items(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemsPath": "$.v", "ItemSelector": {"n.$": "$$.Map.Item.Value"},
            "ItemBatcher": {"MaxItemsPerBatchPath": "$.size", "BatchInput": {"job": "j1"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}), '{"v": [1, 2, 3, 4, 5], "size": 2}')
        self.assertEqual("SUCCEEDED", d["status"])
        # BatchInput under its own key beside Items (developer guide, "ItemBatcher (Map)").
        self.assertEqual([{"BatchInput": {"job": "j1"}, "Items": [{"n": 1}, {"n": 2}]},
                          {"BatchInput": {"job": "j1"}, "Items": [{"n": 3}, {"n": 4}]},
                          {"BatchInput": {"job": "j1"}, "Items": [{"n": 5}]}], json.loads(d["output"]))

    def test_item_reader_needs_s3(self):
        d, _ = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                                          "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.ItemReaderFailed", d["error"])

    def test_max_concurrency_path_must_be_an_integer(self):
        d, _ = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemsPath": "$.v", "MaxConcurrencyPath": "$.m",
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}), '{"v": [1], "m": "x"}')
        self.assertEqual("States.Runtime", d["error"])
        self.assertTrue(d["cause"].endswith("The MaxConcurrencyPath field refers to value \"x\" which is not a "
                                            "valid integer: $.m"), d["cause"])


class RetryAndCatch(H.ServerTestCase):
    def test_retry_backs_off_on_the_virtual_clock_then_fails(self):
        d, events = self.run_execution(H.definition({"M": {
            "Type": "Map", "ItemProcessor": {"StartAt": "F", "States": {"F": FAIL_ITEM}},
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}],
            "End": True}}), "[1]")
        self.assertEqual("FAILED", d["status"])
        self.assertEqual(("ItemError", "item failed"), (d["error"], d["cause"]))
        starts = [H.parse_iso(e["timestamp"].isoformat()) if hasattr(e["timestamp"], "isoformat") else e["timestamp"]
                  for e in events if e["type"] == "MapStateStarted"]
        self.assertEqual(3, len(starts), "one run and two retries")
        gaps = [(starts[i + 1] - starts[i]).total_seconds() for i in range(2)]
        self.assertEqual([2.0, 6.0], gaps, "IntervalSeconds * BackoffRate^n")
        self.assertEqual(1, types(events).count("MapStateFailed"), "recorded once, after the last attempt")

    def test_max_attempts_zero_and_later_retriers_are_not_consulted(self):
        d, events = self.run_execution(H.definition({"P": {
            "Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": FAIL_ITEM}}],
            "Retry": [{"ErrorEquals": ["ItemError"], "MaxAttempts": 0},
                      {"ErrorEquals": ["States.ALL"], "MaxAttempts": 5}],
            "End": True}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual(1, types(events).count("ParallelStateStarted"))

    def test_states_all_does_not_catch_states_runtime(self):
        d, _ = self.run_execution(H.definition({"P": {
            "Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
                "B": {"Type": "Pass", "InputPath": "$.missing", "End": True}}}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": True},
            "C": {"Type": "Pass", "End": True}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])

    def test_catch_order_and_result_path_null(self):
        d, _ = self.run_execution(H.definition({"P": {
            "Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": FAIL_ITEM}}],
            "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"},
                      {"ErrorEquals": ["States.ALL"], "ResultPath": None, "Next": "Right"}], "End": True},
            "Wrong": {"Type": "Fail", "Error": "Wrong"}, "Right": {"Type": "Pass", "End": True}}), '{"keep": true}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"keep": True}, json.loads(d["output"]))


class Variables(H.ServerTestCase):
    def test_assign_scopes_and_assigned_variables_in_events(self):
        d, events = self.run_execution(H.definition({
            "Setup": {"Type": "Pass", "Result": {"n": 5}, "Assign": {"count.$": "$.n", "items": [1, 2]},
                      "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$items", "MaxConcurrency": 1,
                  "ItemProcessor": {"StartAt": "Inner", "States": {"Inner": {
                      "Type": "Pass", "Assign": {"local.$": "$"},
                      "Parameters": {"item.$": "$", "count.$": "$count"}, "End": True}}},
                  "Next": "Out"},
            "Out": {"Type": "Pass", "Parameters": {"count.$": "$count", "all.$": "$"}, "End": True}}))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"count": 5, "all": [{"item": 1, "count": 5}, {"item": 2, "count": 5}]},
                         json.loads(d["output"]))
        exited = [e["stateExitedEventDetails"] for e in events if e["type"] == "PassStateExited"]
        self.assertEqual({"count": "5", "items": "[1,2]"}, exited[0]["assignedVariables"])
        self.assertEqual({"truncated": False}, exited[0]["assignedVariablesDetails"])
        self.assertEqual({"local": '{"item":1,"count":5}'}, exited[1]["assignedVariables"])
        self.assertNotIn("assignedVariables", exited[-1])

    def test_wait_seconds_path_from_a_variable(self):
        d, events = self.run_execution(H.definition({
            "S": {"Type": "Pass", "Assign": {"w": 30}, "Next": "W"},
            "W": {"Type": "Wait", "SecondsPath": "$w", "End": True}}))
        self.assertEqual("SUCCEEDED", d["status"])
        entered = next(e for e in events if e["type"] == "WaitStateEntered")
        exited = next(e for e in events if e["type"] == "WaitStateExited")
        self.assertEqual(30.0, (exited["timestamp"] - entered["timestamp"]).total_seconds())

    def test_variable_references_in_describe_state_machine(self):
        _, arn = self.create_sm(definition_text=H.definition({
            "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"v.$": "$x", "w.$": "States.Format('{}', $y)"}, "End": True}}))
        d = self.sfn.describe_state_machine(stateMachineArn=arn)
        self.assertEqual({"B": ["x", "y"]}, d["variableReferences"])
        _, plain = self.create_sm()
        self.assertNotIn("variableReferences", self.sfn.describe_state_machine(stateMachineArn=plain))


class Limits(H.ServerTestCase):
    def test_execution_timeout(self):
        d, events = self.run_execution(H.definition({"W": {"Type": "Wait", "Seconds": 60, "End": True}},
                                                    TimeoutSeconds=5))
        self.assertEqual("TIMED_OUT", d["status"])
        self.assertEqual("ExecutionTimedOut", events[-1]["type"])
        self.assertEqual(5.0, (events[-1]["timestamp"] - events[0]["timestamp"]).total_seconds())

    def test_history_quota_of_25000_events(self):
        d, events = self.run_execution(H.definition({
            "A": {"Type": "Pass", "Next": "C"},
            "C": {"Type": "Choice", "Choices": [{"Variable": "$.never", "IsPresent": True, "Next": "D"}],
                  "Default": "A"},
            "D": {"Type": "Succeed"}}), timeout=60)
        self.assertEqual(("FAILED", "States.Runtime"), (d["status"], d["error"]))
        self.assertEqual(25000, len(events))
        self.assertEqual("ExecutionFailed", events[-1]["type"])

    def test_max_history_events_flag(self):
        with H.Server(extra_args=["--max-history-events", "6"]) as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="short-history", roleArn=H.ROLE_ARN, definition=H.definition({
                "A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "C"},
                "C": {"Type": "Pass", "End": True}}))["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
            d = H.wait_for_status(sfn, ex, server=srv)
            events = H.full_history(sfn, ex)
            self.assertEqual(("FAILED", "States.Runtime"), (d["status"], d.get("error")))
            self.assertEqual(["ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered",
                              "PassStateExited", "ExecutionFailed"], types(events))

    def test_state_output_over_256_kib(self):
        d, events = self.run_execution(H.definition({"P": {"Type": "Pass", "Result": "a" * (256 * 1024), "End": True}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.DataLimitExceeded", d["error"])
        self.assertEqual("The state/task 'P' returned a result with a size exceeding the maximum number of bytes "
                         "service limit.", d["cause"])
        self.assertEqual(["ExecutionStarted", "PassStateEntered", "ExecutionFailed"], types(events))


class Durability(unittest.TestCase):
    def test_map_and_parallel_waiting_across_a_kill(self):
        with H.Server(clock="manual") as srv:
            sfn = srv.client()
            arn = sfn.create_state_machine(name="durable-fork", roleArn=H.ROLE_ARN, definition=H.definition({"M": {
                "Type": "Map", "MaxConcurrency": 2, "ItemProcessor": {"StartAt": "P", "States": {"P": {
                    "Type": "Parallel", "End": True, "Branches": [
                        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}},
                        {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": True}}}]}}},
                "End": True}}))["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn, input="[1, 2, 3]")["executionArn"]
            H.wait_for_status(sfn, ex, "RUNNING")
            srv.kill9()
            srv.restart()
            sfn = srv.client()
            # Each round of waits starts when the previous one ended: move the
            # clock once the engine has entered every Wait of the round (two
            # items, then the third), so the Waits are armed when it moves.
            for entered in (2, 3):
                wait_until(lambda: types(H.full_history(sfn, ex)).count("WaitStateEntered") >= entered,
                           f"{entered} Wait states entered", srv)
                srv.advance_clock(10)
            d = H.wait_for_status(sfn, ex, server=srv)
            self.assertEqual("SUCCEEDED", d["status"])
            self.assertEqual([[1, 1], [2, 2], [3, 3]], json.loads(d["output"]))
            events = H.full_history(sfn, ex)
            self.assertEqual(list(range(1, len(events) + 1)), [e["id"] for e in events])
            self.assertEqual(3, types(events).count("MapIterationSucceeded"))


DISTRIBUTED_WAIT = H.definition({"M": {
    "Type": "Map", "MaxConcurrency": 1, "ToleratedFailureCount": 1,
    "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                      "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 10, "End": True}}},
    "End": True}})


class MapRuns(H.ServerTestCase):
    CLOCK = "manual"

    def test_describe_list_and_update_a_running_map_run(self):
        _, sm = self.create_sm(definition_text=DISTRIBUTED_WAIT)
        ex = self.sfn.start_execution(stateMachineArn=sm, input="[1, 2, 3, 4]")["executionArn"]
        runs = []
        for _ in range(100):
            runs = self.sfn.list_map_runs(executionArn=ex)["mapRuns"]
            if runs:
                break
        self.assertEqual(1, len(runs))
        run_arn = runs[0]["mapRunArn"]
        self.assertEqual(ex, runs[0]["executionArn"])
        self.assertTrue(runs[0]["stateMachineArn"].startswith(sm + "/"), runs[0]["stateMachineArn"])
        d = self.sfn.describe_map_run(mapRunArn=run_arn)
        self.assertEqual("RUNNING", d["status"])
        self.assertEqual((1, 1), (d["maxConcurrency"], d["toleratedFailureCount"]))
        self.assertEqual({"pending": 3, "running": 1, "succeeded": 0, "total": 4},
                         {k: d["itemCounts"][k] for k in ("pending", "running", "succeeded", "total")})

        self.sfn.update_map_run(mapRunArn=run_arn, maxConcurrency=0, toleratedFailurePercentage=50)
        d = self.sfn.describe_map_run(mapRunArn=run_arn)
        self.assertEqual((0, 50.0), (d["maxConcurrency"], d["toleratedFailurePercentage"]))
        self.assertEqual(4, d["itemCounts"]["running"], "the new concurrency starts the pending items")

        self.server.advance_clock(10)
        H.wait_for_status(self.sfn, ex, "SUCCEEDED", server=self.server)
        d = self.sfn.describe_map_run(mapRunArn=run_arn)
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual(4, d["itemCounts"]["succeeded"])
        self.assertIn("stopDate", d)
        self.assertEqual([], self.sfn.list_executions(mapRunArn=run_arn)["executions"])

    def test_errors(self):
        missing = "arn:aws:states:us-east-1:123456789012:mapRun:sm/label:0b6f0a5e-0000-4000-8000-000000000000"
        self.assertClientError("ResourceNotFound", f"Resource not found: '{missing}'",
                               self.sfn.describe_map_run, mapRunArn=missing)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: nope'", self.sfn.describe_map_run, mapRunArn="nope")
        self.assertClientError("ValidationException", None, self.sfn.update_map_run, mapRunArn=missing,
                               toleratedFailurePercentage=101)
        self.assertClientError("ExecutionDoesNotExist", None, self.sfn.list_map_runs,
                               executionArn=H.exec_arn("nosuch", "e"))


if __name__ == "__main__":
    unittest.main()
