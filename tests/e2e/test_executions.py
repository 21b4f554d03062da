"""Execution lifecycle through boto3: Start/Describe/List/Stop/GetExecutionHistory/
DescribeStateMachineForExecution. Executions that must stay RUNNING use --clock manual."""

import datetime as dt
import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TERMINAL = ("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")


class StartAndDescribe(H.ServerTestCase):
    def test_start_with_name_and_describe(self):
        sm_name, sm = self.create_sm()
        r = self.sfn.start_execution(stateMachineArn=sm, name="run-1", input='{"k": [1, 2]}')
        arn = H.exec_arn(sm_name, "run-1")
        self.assertEqual(arn, r["executionArn"])
        self.assertIsInstance(r["startDate"], dt.datetime)
        d = H.wait_for_status(self.sfn, arn, "SUCCEEDED", server=self.server)
        self.assertEqual(arn, d["executionArn"])
        self.assertEqual(sm, d["stateMachineArn"])
        self.assertEqual("run-1", d["name"])
        self.assertEqual(r["startDate"], d["startDate"])
        self.assertGreaterEqual(d["stopDate"], d["startDate"])
        self.assertEqual('{"k": [1, 2]}', d["input"])  # as sent
        self.assertEqual({"included": True}, d["inputDetails"])
        self.assertEqual('{"Arg1":"argument1"}', d["output"])
        self.assertEqual({"included": True}, d["outputDetails"])
        self.assertEqual(0, d["redriveCount"])
        self.assertEqual("NOT_REDRIVABLE", d["redriveStatus"])
        self.assertEqual("Execution is SUCCEEDED and cannot be redriven", d["redriveStatusReason"])
        self.assertNotIn("error", d)
        self.assertNotIn("cause", d)

    def test_generated_name_is_a_uuid(self):
        sm_name, sm = self.create_sm()
        r = self.sfn.start_execution(stateMachineArn=sm)
        name = r["executionArn"].rsplit(":", 1)[1]
        self.assertRegex(name, UUID_RE)
        self.assertEqual(H.exec_arn(sm_name, name), r["executionArn"])
        d = H.wait_for_status(self.sfn, r["executionArn"], "SUCCEEDED", server=self.server)
        self.assertEqual(name, d["name"])
        self.assertEqual("{}", d["input"])  # no input is {}

    def test_scalar_inputs_are_valid(self):
        _, sm = self.create_sm(definition_text=H.definition({"P": {"Type": "Pass", "End": True}}))
        for text in ("1", '"str"', "null", "[1,2]"):
            with self.subTest(input=text):
                r = self.sfn.start_execution(stateMachineArn=sm, input=text)
                d = H.wait_for_status(self.sfn, r["executionArn"], "SUCCEEDED", server=self.server)
                self.assertEqual(json.loads(text), json.loads(d["output"]))

    def test_invalid_input(self):
        _, sm = self.create_sm()
        cases = [
            ("not json", "Invalid State Machine Execution Input: 'Unrecognized token 'not': was expecting "
                         "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')'"),
            ("{'not': 'json'}", "Invalid State Machine Execution Input: 'Unexpected character (''' (code 39)): "
                                "was expecting double-quote to start field name'"),
            ("", "Invalid State Machine Execution Input: 'Invalid execution input.'"),
        ]
        for text, message in cases:
            with self.subTest(input=text):
                self.assertClientError("InvalidExecutionInput", message, self.sfn.start_execution,
                                       stateMachineArn=sm, input=text)
        self.assertEqual([], self.sfn.list_executions(stateMachineArn=sm)["executions"])

    def test_oversized_input(self):
        _, sm = self.create_sm()
        big = json.dumps({"x": "a" * (256 * 1024)})
        with self.assertRaises(H.ClientError) as ctx:
            self.sfn.start_execution(stateMachineArn=sm, input=big)
        code, msg = H.error_of(ctx)
        # AWS rejects input over 256 KiB before it runs; the code is one of these two.
        self.assertIn(code, ("InvalidExecutionInput", "ValidationException"), msg)
        self.assertEqual([], self.sfn.list_executions(stateMachineArn=sm)["executions"])

    def test_invalid_execution_name(self):
        _, sm = self.create_sm()
        self.assertClientError("InvalidName", "Invalid Name: 'has space'", self.sfn.start_execution,
                               stateMachineArn=sm, name="has space")

    def test_start_on_missing_state_machine(self):
        arn = H.sm_arn(H.unique("nope"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{arn}'",
                               self.sfn.start_execution, stateMachineArn=arn)

    def test_same_name_after_close_already_exists(self):
        sm_name, sm = self.create_sm()
        self.sfn.start_execution(stateMachineArn=sm, name="once", input="{}")
        arn = H.exec_arn(sm_name, "once")
        H.wait_for_status(self.sfn, arn, "SUCCEEDED", server=self.server)
        self.assertClientError("ExecutionAlreadyExists", f"Execution Already Exists: '{arn}'",
                               self.sfn.start_execution, stateMachineArn=sm, name="once", input="{}")

    def test_describe_errors(self):
        sm_name, _ = self.create_sm()
        arn = H.exec_arn(sm_name, "never-started")
        self.assertClientError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'",
                               self.sfn.describe_execution, executionArn=arn)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_execution_arn'",
                               self.sfn.describe_execution, executionArn="invalid_execution_arn")
        self.assertClientError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'",
                               self.sfn.get_execution_history, executionArn=arn)


class Lists(H.ServerTestCase):
    def test_list_newest_first_and_paging(self):
        _, sm = self.create_sm()
        arns = [self.sfn.start_execution(stateMachineArn=sm, name=f"e{i}")["executionArn"] for i in range(5)]
        for a in arns:
            H.wait_for_status(self.sfn, a, "SUCCEEDED", server=self.server)
        r = self.sfn.list_executions(stateMachineArn=sm)
        self.assertEqual(list(reversed(arns)), [e["executionArn"] for e in r["executions"]])
        self.assertNotIn("nextToken", r)
        for e in r["executions"]:
            self.assertEqual(sm, e["stateMachineArn"])
            self.assertEqual("SUCCEEDED", e["status"])
            self.assertEqual(e["executionArn"].rsplit(":", 1)[1], e["name"])
            self.assertIn("startDate", e)
            self.assertIn("stopDate", e)

        paged, token, pages = [], None, 0
        while True:
            kw = {"stateMachineArn": sm, "maxResults": 2}
            if token:
                kw["nextToken"] = token
            p = self.sfn.list_executions(**kw)
            pages += 1
            self.assertLessEqual(len(p["executions"]), 2)
            paged += [e["executionArn"] for e in p["executions"]]
            token = p.get("nextToken")
            if not token:
                break
        self.assertEqual(3, pages)
        self.assertEqual(list(reversed(arns)), paged)

    def test_tokens_belong_to_their_listing(self):
        # A nextToken pages only the listing that gave it out (its machine and
        # filters): any other is InvalidToken, like a malformed one.
        _, sm = self.create_sm()
        _, other = self.create_sm()
        arns = [self.sfn.start_execution(stateMachineArn=sm, name=f"e{i}")["executionArn"] for i in range(3)]
        for a in arns:
            H.wait_for_status(self.sfn, a, "SUCCEEDED", server=self.server)
        token = self.sfn.list_executions(stateMachineArn=sm, maxResults=1)["nextToken"]
        for kw in ({"stateMachineArn": other}, {"stateMachineArn": sm, "statusFilter": "SUCCEEDED"},
                   {"stateMachineArn": sm, "redriveFilter": "NOT_REDRIVEN"}):
            self.assertClientError("InvalidToken", None, self.sfn.list_executions, nextToken=token, **kw)
        self.assertClientError("InvalidToken", None, self.sfn.get_execution_history, executionArn=arns[0],
                               nextToken=token)
        rest = self.sfn.list_executions(stateMachineArn=sm, maxResults=5, nextToken=token)
        self.assertEqual([arns[1], arns[0]], [e["executionArn"] for e in rest["executions"]])
        self.assertNotIn("nextToken", rest)

    def test_status_filter(self):
        _, sm = self.create_sm()
        a = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        H.wait_for_status(self.sfn, a, "SUCCEEDED", server=self.server)
        ok = self.sfn.list_executions(stateMachineArn=sm, statusFilter="SUCCEEDED")["executions"]
        self.assertEqual([a], [e["executionArn"] for e in ok])
        self.assertEqual([], self.sfn.list_executions(stateMachineArn=sm, statusFilter="RUNNING")["executions"])
        self.assertEqual([], self.sfn.list_executions(stateMachineArn=sm, statusFilter="FAILED")["executions"])

    def test_errors(self):
        _, sm = self.create_sm()
        self.assertClientError(
            "ValidationException",
            "1 validation error detected: Value 'succeeded' at 'statusFilter' failed to satisfy constraint: "
            "Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
            self.sfn.list_executions, stateMachineArn=sm, statusFilter="succeeded")
        self.assertClientError(
            "ValidationException",
            "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: "
            "Member must have value less than or equal to 1000",
            self.sfn.list_executions, stateMachineArn=sm, maxResults=1001)
        self.assertClientError("InvalidToken", None, self.sfn.list_executions, stateMachineArn=sm,
                               nextToken="not-a-token")
        missing = H.sm_arn(H.unique("nope"))
        self.assertClientError("StateMachineDoesNotExist", f"State Machine Does Not Exist: '{missing}'",
                               self.sfn.list_executions, stateMachineArn=missing)
        self.assertClientError("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: invalid_state_machine_arn'",
                               self.sfn.list_executions, stateMachineArn="invalid_state_machine_arn")


class History(H.ServerTestCase):
    DEF = H.definition({
        "A": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Pass", "End": True},
    })

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sm = cls.sfn.create_state_machine(name=H.unique("hist"), definition=cls.DEF,
                                              roleArn=H.ROLE_ARN)["stateMachineArn"]
        cls.arn = cls.sfn.start_execution(stateMachineArn=cls.sm, input='{"in": true}')["executionArn"]
        H.wait_for_status(cls.sfn, cls.arn, "SUCCEEDED", server=cls.server)

    def test_full_history(self):
        events = H.full_history(self.sfn, self.arn)
        self.assertHistoryChain(events)
        self.assertEqual([
            {"id": 1, "previousEventId": 0, "type": "ExecutionStarted",
             "executionStartedEventDetails": {"input": {"in": True}, "inputDetails": {"truncated": False},
                                              "roleArn": H.ROLE_ARN}},
            {"id": 2, "previousEventId": 0, "type": "PassStateEntered",
             "stateEnteredEventDetails": {"name": "A", "input": {"in": True}, "inputDetails": {"truncated": False}}},
            {"id": 3, "previousEventId": 2, "type": "PassStateExited",
             "stateExitedEventDetails": {"name": "A", "output": {"in": True, "a": {"a": 1}},
                                         "outputDetails": {"truncated": False}}},
            {"id": 4, "previousEventId": 3, "type": "PassStateEntered",
             "stateEnteredEventDetails": {"name": "B", "input": {"in": True, "a": {"a": 1}},
                                          "inputDetails": {"truncated": False}}},
            {"id": 5, "previousEventId": 4, "type": "PassStateExited",
             "stateExitedEventDetails": {"name": "B", "output": {"in": True, "a": {"a": 1}},
                                         "outputDetails": {"truncated": False}}},
            {"id": 6, "previousEventId": 5, "type": "ExecutionSucceeded",
             "executionSucceededEventDetails": {"output": {"in": True, "a": {"a": 1}},
                                                "outputDetails": {"truncated": False}}},
        ], [H.strip_event(e) for e in events])
        for e in events:
            self.assertIsInstance(e["timestamp"], dt.datetime)

    def test_paging(self):
        full = self.sfn.get_execution_history(executionArn=self.arn)
        self.assertNotIn("nextToken", full)
        pages, token, got = 0, None, []
        while True:
            kw = {"executionArn": self.arn, "maxResults": 4}
            if token:
                kw["nextToken"] = token
            p = self.sfn.get_execution_history(**kw)
            pages += 1
            got += p["events"]
            token = p.get("nextToken")
            if not token:
                break
        self.assertEqual(2, pages)
        self.assertEqual(full["events"], got)

    def test_reverse_order(self):
        fwd = self.sfn.get_execution_history(executionArn=self.arn)["events"]
        rev = self.sfn.get_execution_history(executionArn=self.arn, reverseOrder=True)["events"]
        self.assertEqual(list(reversed(fwd)), rev)
        first = self.sfn.get_execution_history(executionArn=self.arn, reverseOrder=True, maxResults=2)
        self.assertEqual([6, 5], [e["id"] for e in first["events"]])
        second = self.sfn.get_execution_history(executionArn=self.arn, reverseOrder=True, maxResults=2,
                                                nextToken=first["nextToken"])
        self.assertEqual([4, 3], [e["id"] for e in second["events"]])

    def test_without_execution_data(self):
        events = self.sfn.get_execution_history(executionArn=self.arn, includeExecutionData=False)["events"]
        self.assertEqual(6, len(events))
        started = events[0]["executionStartedEventDetails"]
        self.assertNotIn("input", started)
        self.assertEqual(H.ROLE_ARN, started["roleArn"])
        self.assertEqual("A", events[1]["stateEnteredEventDetails"]["name"])
        self.assertNotIn("input", events[1]["stateEnteredEventDetails"])
        self.assertEqual("A", events[2]["stateExitedEventDetails"]["name"])
        self.assertNotIn("output", events[2]["stateExitedEventDetails"])
        self.assertNotIn("output", events[5].get("executionSucceededEventDetails", {}))

    def test_bad_token(self):
        self.assertClientError("InvalidToken", None, self.sfn.get_execution_history, executionArn=self.arn,
                               nextToken="garbage")
        # A token pages one direction of one history.
        token = self.sfn.get_execution_history(executionArn=self.arn, maxResults=2)["nextToken"]
        self.assertClientError("InvalidToken", None, self.sfn.get_execution_history, executionArn=self.arn,
                               reverseOrder=True, nextToken=token)


class DescribeStateMachineForExecution(H.ServerTestCase):
    def test_revision_the_execution_started_with(self):
        name, sm = self.create_sm()
        before = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        H.wait_for_status(self.sfn, before, "SUCCEEDED", server=self.server)

        d0 = self.sfn.describe_state_machine_for_execution(executionArn=before)
        self.assertEqual(sm, d0["stateMachineArn"])
        self.assertEqual(name, d0["name"])
        self.assertEqual(H.PASS_DEF, d0["definition"])
        self.assertEqual(H.ROLE_ARN, d0["roleArn"])
        self.assertIsInstance(d0["updateDate"], dt.datetime)
        self.assertEqual({"level": "OFF", "includeExecutionData": False}, d0["loggingConfiguration"])
        self.assertEqual({"enabled": False}, d0["tracingConfiguration"])

        new_def = H.definition({"P": {"Type": "Pass", "Result": "v2", "End": True}})
        new_role = "arn:aws:iam::123456789012:role/v2"
        u = self.sfn.update_state_machine(stateMachineArn=sm, definition=new_def, roleArn=new_role)
        after = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        d_after = H.wait_for_status(self.sfn, after, "SUCCEEDED", server=self.server)
        self.assertEqual('"v2"', d_after["output"])

        again = self.sfn.describe_state_machine_for_execution(executionArn=before)
        self.assertEqual(H.PASS_DEF, again["definition"])
        self.assertEqual(H.ROLE_ARN, again["roleArn"])
        d1 = self.sfn.describe_state_machine_for_execution(executionArn=after)
        self.assertEqual(new_def, d1["definition"])
        self.assertEqual(new_role, d1["roleArn"])
        self.assertEqual(u["revisionId"], d1["revisionId"])

        self.sfn.delete_state_machine(stateMachineArn=sm)
        gone = self.sfn.describe_state_machine_for_execution(executionArn=before)
        self.assertEqual(H.PASS_DEF, gone["definition"])
        self.assertEqual(name, gone["name"])
        self.assertEqual(new_def, self.sfn.describe_state_machine_for_execution(executionArn=after)["definition"])
        # the executions themselves remain readable
        self.assertEqual("SUCCEEDED", self.sfn.describe_execution(executionArn=before)["status"])

    def test_missing_execution(self):
        sm_name, _ = self.create_sm()
        arn = H.exec_arn(sm_name, "nope")
        self.assertClientError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'",
                               self.sfn.describe_state_machine_for_execution, executionArn=arn)


class RunningExecutions(H.ServerTestCase):
    """--clock manual: a Wait stays waiting until the clock is advanced by hand."""

    CLOCK = "manual"

    def test_repeated_start_is_idempotent_while_running(self):
        sm_name, sm = self.create_sm(definition_text=H.wait_def(3600))
        r1 = self.sfn.start_execution(stateMachineArn=sm, name="idem", input='{"a": 1}')
        r2 = self.sfn.start_execution(stateMachineArn=sm, name="idem", input='{"a": 1}')
        self.assertEqual(r1["executionArn"], r2["executionArn"])
        self.assertEqual(r1["startDate"], r2["startDate"])
        self.assertClientError("ExecutionAlreadyExists", f"Execution Already Exists: '{r1['executionArn']}'",
                               self.sfn.start_execution, stateMachineArn=sm, name="idem", input='{"a": 2}')
        self.assertEqual(1, len(self.sfn.list_executions(stateMachineArn=sm)["executions"]))
        self.sfn.stop_execution(executionArn=r1["executionArn"])

    def test_running_filter_and_stop_with_error_and_cause(self):
        _, sm = self.create_sm(definition_text=H.wait_def(3600))
        arn = self.sfn.start_execution(stateMachineArn=sm, name="to-stop")["executionArn"]
        self.wait_for_event(arn, "WaitStateEntered")
        d = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual("RUNNING", d["status"])
        self.assertNotIn("stopDate", d)
        self.assertNotIn("output", d)
        running = self.sfn.list_executions(stateMachineArn=sm, statusFilter="RUNNING")["executions"]
        self.assertEqual([arn], [e["executionArn"] for e in running])
        self.assertNotIn("stopDate", running[0])

        stop = self.sfn.stop_execution(executionArn=arn, error="MyError", cause="stopped by the test")
        self.assertIsInstance(stop["stopDate"], dt.datetime)
        d = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual("ABORTED", d["status"])
        self.assertEqual(stop["stopDate"], d["stopDate"])
        self.assertEqual("MyError", d["error"])
        self.assertEqual("stopped by the test", d["cause"])
        self.assertNotIn("output", d)
        aborted = self.sfn.list_executions(stateMachineArn=sm, statusFilter="ABORTED")["executions"]
        self.assertEqual([arn], [e["executionArn"] for e in aborted])
        self.assertEqual([], self.sfn.list_executions(stateMachineArn=sm, statusFilter="RUNNING")["executions"])

        events = H.full_history(self.sfn, arn)
        self.assertHistoryChain(events)
        self.assertEqual(["ExecutionStarted", "WaitStateEntered", "ExecutionAborted"], [e["type"] for e in events])
        self.assertEqual({"error": "MyError", "cause": "stopped by the test"},
                         events[-1]["executionAbortedEventDetails"])
        self.assertEqual(0, events[-1]["previousEventId"])  # as AWS records it

        # the timer of the Wait must not revive it
        self.server.advance_clock(7200)
        self.assertEqual("ABORTED", self.sfn.describe_execution(executionArn=arn)["status"])
        self.assertEqual(3, len(H.full_history(self.sfn, arn)))

    def test_stop_without_error_and_cause(self):
        _, sm = self.create_sm(definition_text=H.wait_def(3600))
        arn = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        self.wait_for_event(arn, "WaitStateEntered")
        self.sfn.stop_execution(executionArn=arn)
        events = H.full_history(self.sfn, arn)
        self.assertEqual("ExecutionAborted", events[-1]["type"])
        self.assertEqual({}, events[-1]["executionAbortedEventDetails"])
        d = self.sfn.describe_execution(executionArn=arn)
        self.assertEqual("ABORTED", d["status"])
        self.assertNotIn("error", d)
        self.assertNotIn("cause", d)

    def test_stop_missing_execution(self):
        sm_name, _ = self.create_sm()
        arn = H.exec_arn(sm_name, "nope")
        self.assertClientError("ExecutionDoesNotExist", f"Execution Does Not Exist: '{arn}'",
                               self.sfn.stop_execution, executionArn=arn)

    def test_manual_clock_finishes_wait(self):
        _, sm = self.create_sm(definition_text=H.wait_def(600))
        arn = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        self.wait_for_event(arn, "WaitStateEntered")
        self.server.advance_clock(599)
        self.assertEqual("RUNNING", self.sfn.describe_execution(executionArn=arn)["status"])
        self.server.advance_clock(1)
        H.wait_for_status(self.sfn, arn, "SUCCEEDED", server=self.server)
        events = H.full_history(self.sfn, arn)
        entered = next(e for e in events if e["type"] == "WaitStateEntered")
        exited = next(e for e in events if e["type"] == "WaitStateExited")
        self.assertGreaterEqual((exited["timestamp"] - entered["timestamp"]).total_seconds(), 600)

    def wait_for_event(self, arn, event_type, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            types = [e["type"] for e in H.full_history(self.sfn, arn)]
            if event_type in types:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"no {event_type} in {types}\n{self.server.log_tail()}")
            time.sleep(0.02)


if __name__ == "__main__":
    unittest.main(verbosity=2)
