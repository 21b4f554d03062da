"""--retention-days: finished executions older than N days by the execution clock are removed in
the background (AWS keeps a closed execution's history 90 days); running ones and recent ones
stay. A --clock manual server: the test moves time itself, nothing waits for real days."""

import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

DAY = 86400


class Retention(H.ServerTestCase):
    CLOCK = "manual"
    EXTRA_ARGS = ("--retention-days", "2")

    def gone(self, arn, timeout=15.0):
        """Polls DescribeExecution (the background batch runs every second) until the execution
        answers ExecutionDoesNotExist; short real-time polls only."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sfn.describe_execution(executionArn=arn)
            except self.sfn.exceptions.ExecutionDoesNotExist:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{arn} still exists after {timeout}s\n"
                                     f"{self.server.log_tail()}")
            time.sleep(0.1)

    def test_expired_finished_executions_go_recent_and_running_stay(self):
        _, sm = self.create_sm()
        _, waiting_sm = self.create_sm(definition_text=H.wait_def(30 * DAY))
        old = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        H.wait_for_status(self.sfn, old, "SUCCEEDED", server=self.server)
        running = self.sfn.start_execution(stateMachineArn=waiting_sm)["executionArn"]
        self.server.advance_clock(1 * DAY)
        recent = self.sfn.start_execution(stateMachineArn=sm)["executionArn"]
        H.wait_for_status(self.sfn, recent, "SUCCEEDED", server=self.server)
        self.server.advance_clock(DAY + DAY // 2)  # old stopped 2.5 days ago, recent 1.5

        self.gone(old)
        listed = [e["executionArn"] for e in
                  self.sfn.list_executions(stateMachineArn=sm)["executions"]]
        self.assertEqual(listed, [recent])
        with self.assertRaises(self.sfn.exceptions.ExecutionDoesNotExist):
            self.sfn.get_execution_history(executionArn=old)
        self.assertEqual(self.sfn.describe_execution(executionArn=recent)["status"], "SUCCEEDED")
        self.assertEqual(self.sfn.describe_execution(executionArn=running)["status"], "RUNNING")
        self.assertEqual(
            [e["executionArn"] for e in
             self.sfn.list_executions(stateMachineArn=waiting_sm)["executions"]], [running])

        self.server.advance_clock(DAY)  # recent stopped 2.5 days ago too
        self.gone(recent)
        self.assertEqual(self.sfn.list_executions(stateMachineArn=sm)["executions"], [])
        self.assertEqual(self.sfn.describe_execution(executionArn=running)["status"], "RUNNING")


class BadValues(unittest.TestCase):
    def test_zero_negative_and_words_are_refused_at_start(self):
        for value in ("0", "-1", "ten", "1.5"):
            with self.subTest(value=value):
                r = subprocess.run([H.binary_path(), "--in-memory", "--port", "0",
                                    "--retention-days", value],
                                   capture_output=True, text=True, timeout=30)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(f"invalid value '{value}' for --retention-days", r.stderr)


if __name__ == "__main__":
    unittest.main()
