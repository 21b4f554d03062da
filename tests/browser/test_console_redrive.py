"""Redrive from the console: an execution fails at a Lambda Task (the function raises), the function
is fixed (its configuration changes, as a deploy would change it on AWS), a click on Redrive runs
the failed state again and the page follows the redriven run live: the execution succeeds with
redriveCount 1 and the graph is recoloured (the state that failed is succeeded now; its first visit
keeps its error). The same for a Map whose one iteration failed: redriven, the Map's iterations by
index are the new run's."""

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


# Fails for item 2 until its environment says otherwise.
WORK = """import os
def handler(event, context):
    if event["n"] == 2 and os.environ.get("FIXED") != "yes":
        raise RuntimeError("item 2 broke")
    return event["n"] * 10
"""

MAP_DEFINITION = {"StartAt": "Each", "States": {"Each": {
    "Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"n.$": "$$.Map.Item.Value"}, "End": True,
    "ItemProcessor": {"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:work", "End": True}}}}}}


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

    def test_a_map_with_a_failed_iteration_redriven_from_the_page(self):
        with console_server(clock="manual") as srv:
            create_python_function(srv, "work", WORK)
            arn = create_machine(srv, "redrivable-map", MAP_DEFINITION)["stateMachineArn"]
            ex = sfn(srv, "StartExecution", stateMachineArn=arn, name="batch",
                     input='{"items": [1, 2, 3]}')["executionArn"]
            self.assertEqual("FAILED", wait_status(srv, ex, timeout=120)["status"])
            with Console(srv, "redrive-map") as c:
                c.open(f"/#/execution/{ex}")
                c.wait_state("Work", "failed")
                c.wait_state("Each", "failed")
                c.click_state("Each")
                c.wait_css("#state-detail", "1 failed")
                lam(srv, "PUT", "/functions/work/configuration", {"Environment": {"Variables": {"FIXED": "yes"}}})
                c.click("[data-action=redrive]")
                c.wait_css("#execution-status", "SUCCEEDED", timeout=120)
                c.wait_state("Each", "succeeded")
                c.wait_state("Work", "succeeded")
                self.assertEqual(1, sfn(srv, "DescribeExecution", executionArn=ex)["redriveCount"])
                # The Map's iterations are the redriven run's: three succeeded; iteration 1's Work
                # has the one visit of that run.
                c.click_state("Each")
                c.wait_css("#state-detail", "3 succeeded")
                box = c.wait_css("#iteration-index")
                box.clear()
                box.send_keys("1")
                c.click("[data-action=show-iteration]")
                c.wait_css("#iteration-shown", "iteration 1")
                c.click_state("Work")
                detail = c.wait_css("#state-detail", "in iteration 1")
                self.assertIn("1 visit", detail.text)
                self.assertIn("redrive 1", detail.text)
                c.driver.execute_script("document.querySelectorAll('.visit details.payload').forEach((d) => d.open = true)")
                c.wait_css(".visit pre.json", "20")
                c.shot("redriven")
                # Iteration 0 ran once to success: in the first run (the redrive skips it), or in
                # the redrive when item 2's failure aborted it first; either way one visit.
                c.click_state("Each")
                box = c.wait_css("#iteration-index")
                box.clear()
                box.send_keys("0")
                c.click("[data-action=show-iteration]")
                c.wait_css("#iteration-shown", "iteration 0")
                c.click_state("Work")
                detail = c.wait_css("#state-detail", "in iteration 0")
                self.assertIn("1 visit", detail.text)
                c.wait_state("Work", "succeeded")
                c.assert_clean_log(self)


if __name__ == "__main__":
    unittest.main(verbosity=2)
