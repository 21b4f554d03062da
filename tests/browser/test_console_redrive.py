"""Redrive from the console: an execution fails at a Lambda Task (the function raises), the function
is fixed (its configuration changes, as a deploy would change it on AWS), a click on Redrive runs
the failed state again and the page follows the redriven run live: the execution succeeds with
redriveCount 1 and the graph is recoloured (the state that failed is succeeded now; its first visit
keeps its error)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_browser import (Console, console_server, sfn, lam, create_machine, wait_status,  # noqa: E402
                             create_python_function, LAMBDA_PREFIX)

# Fails until its environment says otherwise: the fix the test deploys between the two runs.
RESERVE = """import os
def handler(event, context):
    if os.environ.get("INVENTORY") != "up":
        raise RuntimeError("inventory service down")
    return {"order": event["order"], "reserved": True}
"""

DEFINITION = {"StartAt": "Validate", "States": {
    "Validate": {"Type": "Pass", "Next": "Reserve"},
    "Reserve": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:reserve", "Next": "Done"},
    "Done": {"Type": "Succeed"}}}


class ConsoleRedrive(unittest.TestCase):
    def test_a_failed_execution_redriven_from_the_page_succeeds(self):
        with console_server(clock="manual") as srv:
            create_python_function(srv, "reserve", RESERVE)
            arn = create_machine(srv, "redrivable", DEFINITION)["stateMachineArn"]
            ex = sfn(srv, "StartExecution", stateMachineArn=arn, name="order-7", input='{"order": 7}')["executionArn"]
            d = wait_status(srv, ex, timeout=120)
            self.assertEqual(("FAILED", "RuntimeError"), (d["status"], d["error"]))
            with Console(srv, "redrive") as c:
                c.open(f"/#/execution/{ex}")
                c.wait_css("#execution-status", "FAILED")
                c.wait_state("Validate", "succeeded")
                c.wait_state("Reserve", "failed")
                self.assertEqual("st-notreached", c.state_class("Done"))
                c.click_state("Reserve")
                c.wait_css("#state-detail", "inventory service down")
                c.shot("failed")
                # The fix: the function's configuration changes ($LATEST, which the Task invokes).
                lam(srv, "PUT", "/functions/reserve/configuration",
                    {"Environment": {"Variables": {"INVENTORY": "up"}}})
                c.click("[data-action=redrive]")
                c.wait_css("#execution-status", "SUCCEEDED", timeout=120)
                c.wait_state("Reserve", "succeeded")
                c.wait_state("Done", "succeeded")
                c.wait_state("Validate", "succeeded")  # not run again: kept from the first run
                c.wait_css(".facts", "Redrives")
                d = sfn(srv, "DescribeExecution", executionArn=ex)
                self.assertEqual(("SUCCEEDED", 1), (d["status"], d["redriveCount"]))
                # Both visits of Reserve: the redriven one first (newest), the failed one with its error.
                c.click_state("Reserve")
                detail = c.wait_css("#state-detail", "redrive 1")
                self.assertIn("2 visits", detail.text)
                self.assertIn("inventory service down", detail.text)
                self.assertEqual(["succeeded", "failed"], c.driver.execute_script(
                    "return [...document.querySelectorAll('#state-detail .visit')]"
                    ".map((v) => (v.className.match(/st-([a-z]+)/) || [])[1])"))
                # No Redrive for a succeeded execution.
                self.assertEqual([], c.css("[data-action=redrive]"))
                c.shot("redriven")
                c.assert_clean_log(self)


if __name__ == "__main__":
    unittest.main(verbosity=2)
