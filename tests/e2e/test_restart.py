"""Durability: kill -9 the emulator while executions wait, start it again on the same data
directory, and the executions finish with whole histories (ids 1..N, nothing lost or repeated).
Uses --clock manual so the waits stay pending until the test advances the clock."""

import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ONE_WAIT = H.definition({
    "W": {"Type": "Wait", "Seconds": 3600, "Next": "After"},
    "After": {"Type": "Pass", "Result": {"done": True}, "ResultPath": "$.after", "End": True},
})
TWO_WAITS = H.definition({
    "Before": {"Type": "Pass", "Result": 1, "ResultPath": "$.before", "Next": "Long"},
    "Long": {"Type": "Wait", "Seconds": 1800, "Next": "Short"},
    "Short": {"Type": "Wait", "Seconds": 60, "Next": "End"},
    "End": {"Type": "Succeed"},
})


def strip_meta(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


class KillNine(unittest.TestCase):
    def setUp(self):
        self.server = H.Server(clock="manual")
        self.addCleanup(self.server.cleanup)
        self.server.start()

    def history(self, sfn, arn):
        return H.full_history(sfn, arn)

    def types(self, sfn, arn):
        return [e["type"] for e in self.history(sfn, arn)]

    def wait_until(self, predicate, what, timeout=15.0):
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}\n{self.server.log_tail()}")
            time.sleep(0.02)

    def assertWhole(self, events, expected_types):
        self.assertEqual(expected_types, [e["type"] for e in events])
        self.assertEqual(list(range(1, len(events) + 1)), [e["id"] for e in events], "ids must be 1..N")
        for e in events:
            self.assertLess(e["previousEventId"], e["id"])
        ts = [e["timestamp"] for e in events]
        self.assertEqual(sorted(ts), ts)

    def test_kill_nine_mid_wait_then_finish(self):
        sfn = self.server.client()
        one = sfn.create_state_machine(name=H.unique("one"), definition=ONE_WAIT, roleArn=H.ROLE_ARN)["stateMachineArn"]
        two = sfn.create_state_machine(name=H.unique("two"), definition=TWO_WAITS, roleArn=H.ROLE_ARN)["stateMachineArn"]
        a = sfn.start_execution(stateMachineArn=one, name="a", input='{"who": "a"}')["executionArn"]
        b = sfn.start_execution(stateMachineArn=two, name="b", input='{"who": "b"}')["executionArn"]
        self.wait_until(lambda: "WaitStateEntered" in self.types(sfn, a), "a to enter its Wait")
        self.wait_until(lambda: "WaitStateEntered" in self.types(sfn, b), "b to enter its first Wait")
        before_a, before_b = self.history(sfn, a), self.history(sfn, b)

        self.server.kill9()
        self.server.start()
        sfn = self.server.client()

        # nothing lost, nothing repeated, nothing advanced without the clock
        self.assertEqual(before_a, self.history(sfn, a))
        self.assertEqual(before_b, self.history(sfn, b))
        self.assertEqual("RUNNING", sfn.describe_execution(executionArn=a)["status"])
        self.assertEqual("RUNNING", sfn.describe_execution(executionArn=b)["status"])
        running = sfn.list_executions(stateMachineArn=one, statusFilter="RUNNING")["executions"]
        self.assertEqual([a], [e["executionArn"] for e in running])

        self.server.advance_clock(3600)
        da = H.wait_for_status(sfn, a, server=self.server)
        self.assertEqual("SUCCEEDED", da["status"])
        self.assertEqual('{"who":"a","after":{"done":true}}', da["output"])
        events_a = self.history(sfn, a)
        self.assertWhole(events_a, ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
                                    "PassStateExited", "ExecutionSucceeded"])
        self.assertEqual(before_a, events_a[:len(before_a)])

        # b is now in its second Wait; kill it again there
        self.wait_until(lambda: self.types(sfn, b).count("WaitStateEntered") == 2, "b to enter its second Wait")
        mid_b = self.history(sfn, b)
        self.server.kill9()
        self.server.start()
        sfn = self.server.client()
        self.assertEqual(mid_b, self.history(sfn, b))
        # time never runs backwards in a history: the clock resumes at or after the last event
        restarted_at = self.server.clock_now()
        self.assertGreaterEqual(restarted_at, mid_b[-1]["timestamp"],
                                "the manual clock went back in time across the restart")
        self.server.advance_clock(60)
        db = H.wait_for_status(sfn, b, server=self.server)
        self.assertEqual("SUCCEEDED", db["status"])
        self.assertEqual('{"who":"b","before":1}', db["output"])
        events_b = self.history(sfn, b)
        self.assertWhole(events_b, ["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered",
                                    "WaitStateExited", "WaitStateEntered", "WaitStateExited", "SucceedStateEntered",
                                    "SucceedStateExited", "ExecutionSucceeded"])
        self.assertEqual(mid_b, events_b[:len(mid_b)])
        waited = (events_b[4]["timestamp"] - events_b[3]["timestamp"]).total_seconds()
        self.assertGreaterEqual(waited, 1800)

    def test_acknowledged_start_survives_immediate_kill(self):
        sfn = self.server.client()
        sm = sfn.create_state_machine(name=H.unique("ack"), definition=ONE_WAIT, roleArn=H.ROLE_ARN)["stateMachineArn"]
        arns = [sfn.start_execution(stateMachineArn=sm, name=f"x{i}")["executionArn"] for i in range(5)]
        self.server.kill9()  # no waiting: each StartExecution was acknowledged, so it was committed
        self.server.start()
        sfn = self.server.client()
        listed = [e["executionArn"] for e in sfn.list_executions(stateMachineArn=sm)["executions"]]
        self.assertEqual(sorted(arns), sorted(listed))
        for arn in arns:
            self.wait_until(lambda arn=arn: "WaitStateEntered" in self.types(sfn, arn), f"{arn} to resume")
        self.server.advance_clock(3600)
        for arn in arns:
            self.assertEqual("SUCCEEDED", H.wait_for_status(sfn, arn, server=self.server)["status"])
            self.assertWhole(self.history(sfn, arn),
                             ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered",
                              "PassStateExited", "ExecutionSucceeded"])

    def test_graceful_restart_keeps_everything(self):
        sfn = self.server.client()
        name = H.unique("keep")
        sm = sfn.create_state_machine(name=name, definition=H.PASS_DEF, roleArn=H.ROLE_ARN,
                                      tags=[{"key": "k", "value": "v"}])["stateMachineArn"]
        upd = sfn.update_state_machine(stateMachineArn=sm, definition=ONE_WAIT)
        done = sfn.start_execution(stateMachineArn=sm, name="done")["executionArn"]
        self.wait_until(lambda: "WaitStateEntered" in self.types(sfn, done), "the Wait")
        self.server.advance_clock(3600)
        H.wait_for_status(sfn, done, "SUCCEEDED", server=self.server)
        desc = sfn.describe_state_machine(stateMachineArn=sm)
        hist = self.history(sfn, done)
        exe = sfn.describe_execution(executionArn=done)

        self.assertEqual(0, self.server.stop())
        self.server.start()
        sfn = self.server.client()
        self.assertEqual(strip_meta(desc), strip_meta(sfn.describe_state_machine(stateMachineArn=sm)))
        self.assertEqual(upd["revisionId"], desc["revisionId"])
        self.assertEqual(hist, self.history(sfn, done))
        self.assertEqual(strip_meta(exe), strip_meta(sfn.describe_execution(executionArn=done)))
        self.assertEqual([{"key": "k", "value": "v"}], sfn.list_tags_for_resource(resourceArn=sm)["tags"])
        self.assertEqual(ONE_WAIT, sfn.describe_state_machine_for_execution(executionArn=done)["definition"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
