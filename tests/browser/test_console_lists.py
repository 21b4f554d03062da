"""The console's lists: a state machine's executions paged 50 at a time and filtered by status, and
an execution's event table filtered by state and by any text (what the API returns decides what
each filter must show)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_browser import Console, console_server, sfn, create_machine, wait_status  # noqa: E402

DEFINITION = {"StartAt": "Validate", "States": {
    "Validate": {"Type": "Pass", "Next": "Check"},
    "Check": {"Type": "Choice", "Choices": [{"Variable": "$.bad", "BooleanEquals": True, "Next": "Reject"}],
              "Default": "Accept"},
    "Reject": {"Type": "Fail", "Error": "Rejected", "Cause": "a bad order"},
    "Accept": {"Type": "Pass", "Next": "Done"},
    "Done": {"Type": "Succeed"}}}
COUNT = 55  # one page of 50 and one of 5
BAD = {i for i in range(COUNT) if i % 5 == 0}


class ConsoleLists(unittest.TestCase):
    def test_executions_paged_and_filtered_and_events_filtered(self):
        with console_server(clock="virtual") as srv, Console(srv, "lists") as c:
            arn = create_machine(srv, "orders", DEFINITION)["stateMachineArn"]
            arns = [sfn(srv, "StartExecution", stateMachineArn=arn, name=f"order-{i:02d}",
                        input=json.dumps({"bad": i in BAD, "order": f"zebra-{i:02d}"}))["executionArn"]
                    for i in range(COUNT)]
            for a in arns:
                wait_status(srv, a)

            # Executions: 50 on the first page, the other 5 on the next.
            c.open(f"/#/machine/{arn}")
            c.until(lambda: len(c.attrs("#executions tbody tr", "data-execution")) == 50, "a first page of 50")
            first = c.attrs("#executions tbody tr", "data-execution")
            c.click("[data-action=older]")
            c.until(lambda: len(c.attrs("#executions tbody tr", "data-execution")) == COUNT - 50, "a second page of 5")
            second = c.attrs("#executions tbody tr", "data-execution")
            self.assertEqual({f"order-{i:02d}" for i in range(COUNT)}, set(first) | set(second))
            c.wait_css(".pager", "Page 2")
            c.click(".pager button", "Newer")
            c.until(lambda: c.attrs("#executions tbody tr", "data-execution") == first, "the first page again")

            # By status: the failed ones, then the succeeded ones.
            from selenium.webdriver.support.ui import Select
            Select(c.wait_css("[data-filter=status]")).select_by_value("FAILED")
            want = {f"order-{i:02d}" for i in BAD}
            c.until(lambda: set(c.attrs("#executions tbody tr", "data-execution")) == want, "the failed executions")
            self.assertTrue(all("FAILED" in r for r in c.texts("#executions tbody tr")))
            Select(c.wait_css("[data-filter=status]")).select_by_value("SUCCEEDED")
            c.until(lambda: len(c.attrs("#executions tbody tr", "data-execution")) == COUNT - len(BAD),
                    "the succeeded executions")
            c.shot("executions-succeeded")

            # One execution's event table: by state, then by text.
            bad = arns[10]
            events = sfn(srv, "GetExecutionHistory", executionArn=bad)["events"]
            c.route(f"#/execution/{bad}")
            c.wait_css("#execution-status", "FAILED")
            c.wait_state("Reject", "failed")
            c.click("[data-tab=events]")
            c.wait_css("#event-count", f"{len(events)} of {len(events)} events")
            state_box = c.wait_css("[data-filter=state]")
            state_box.send_keys("check")
            c.until(lambda: (lambda s: s and set(s) == {"Check"})(c.texts(".erow[data-event] .c-state")),
                    "only the Choice state's events")
            check_events = [e for e in events if e.get("stateEnteredEventDetails", e.get("stateExitedEventDetails", {}))
                            .get("name") == "Check"]
            c.wait_css("#event-count", f"{len(check_events)} of {len(events)} events")
            state_box.clear()
            state_box.send_keys(" ")  # clear() sends no input event; a blank filter is none
            c.wait_css("#event-count", f"{len(events)} of {len(events)} events")
            c.wait_css("[data-filter=text]").send_keys("zebra-10")
            matching = [e for e in events if "zebra-10" in json.dumps(e)]
            self.assertLess(len(matching), len(events))
            c.wait_css("#event-count", f"{len(matching)} of {len(events)} events")
            self.assertEqual([str(e["id"]) for e in matching], c.attrs(".erow[data-event]", "data-event"))
            c.shot("events-text")
            c.assert_clean_log(self)


if __name__ == "__main__":
    unittest.main(verbosity=2)
