"""Opening big executions in the console: an inline Map over 10,000 items (about 40,000 history
events; the quota lifted), navigated by iteration index, its event table scrolled to the end; and
a distributed Map over 10,000 items with its map run. Timings are printed, not asserted (see
bench/console.py for the figures)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_browser import H, Console, console_server, sfn, create_machine, wait_status  # noqa: E402

ITEMS = 10_000
ITEMS_INPUT = json.dumps({"items": list(range(1, ITEMS + 1))})


def map_definition(mode):
    processor = {"StartAt": "Double", "States": {
        "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.v, $.v)"}, "End": True}}}
    if mode == "DISTRIBUTED":
        processor["ProcessorConfig"] = {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}
    return {"StartAt": "Each", "States": {
        "Each": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"},
                 "ItemProcessor": processor, "ResultSelector": {"count.$": "States.ArrayLength($)"}, "End": True}}}


class LargeMap(unittest.TestCase):
    def open_timed(self, c, arn):
        c.open(f"/#/execution/{arn}")
        c.until(lambda: c.driver.execute_script("return document.body.dataset.graph") == "complete",
                "the graph to be complete", timeout=120)
        ms = c.driver.execute_script(
            "const m = performance.getEntriesByName('sfn:execution-open'); return m.length ? m[m.length - 1].duration : null")
        return ms

    def test_inline_and_distributed_maps_of_ten_thousand_items(self):
        with console_server(clock="virtual", extra_args=("--max-history-events", "0")) as srv, \
                Console(srv, "large-map") as c:
            inline = create_machine(srv, "inline-10k", map_definition("INLINE"))["stateMachineArn"]
            ex = sfn(srv, "StartExecution", stateMachineArn=inline, name="big", input=ITEMS_INPUT)["executionArn"]
            d = wait_status(srv, ex, timeout=120)
            self.assertEqual("SUCCEEDED", d["status"], d)
            events = sfn(srv, "GetExecutionHistory", executionArn=ex, maxResults=1, reverseOrder=True)["events"]
            total = events[0]["id"]
            ms = self.open_timed(c, ex)
            print(f"inline Map of {ITEMS} items, {total} events: opened in {ms:.0f} ms", flush=True)
            c.wait_state("Each", "succeeded")
            c.wait_state("Double", "succeeded")
            c.click_state("Each")
            c.wait_css("#state-detail", f"{ITEMS} items")
            c.wait_css("#state-detail", f"{ITEMS} succeeded")
            box = c.wait_css("#iteration-index")
            box.clear()
            box.send_keys(str(ITEMS - 1))
            c.click("[data-action=show-iteration]")
            c.wait_css("#iteration-shown", f"iteration {ITEMS - 1}")
            c.click_state("Double")
            detail = c.wait_css("#state-detail", f"in iteration {ITEMS - 1}")
            self.assertIn("1 visit", detail.text)
            self.assertIn(f"iteration {ITEMS - 1}", detail.text)
            c.driver.execute_script("document.querySelectorAll('.visit details.payload').forEach((d) => d.open = true)")
            c.wait_css(".visit pre.json", f'"v": {ITEMS}')       # its input
            c.wait_css(".visit pre.json", f'"v": {2 * ITEMS}')   # its output
            c.shot("inline-iteration")
            # The event table holds every event, but only the rows in view are in the page.
            c.click("[data-tab=events]")
            c.wait_css("#event-count", f"{total} of {total} events")
            self.assertLess(len(c.css(".erow[data-event]")), 200)
            c.driver.execute_script("const v = document.querySelector('.vlist'); v.scrollTop = v.scrollHeight")
            c.wait_css(f".erow[data-event='{total}']", "ExecutionSucceeded")
            c.shot("inline-events-end")

            distributed = create_machine(srv, "distributed-10k", map_definition("DISTRIBUTED"))["stateMachineArn"]
            ex = sfn(srv, "StartExecution", stateMachineArn=distributed, name="big", input=ITEMS_INPUT)["executionArn"]
            self.assertEqual("SUCCEEDED", wait_status(srv, ex, timeout=120)["status"])
            ms = self.open_timed(c, ex)
            print(f"distributed Map of {ITEMS} items: opened in {ms:.0f} ms", flush=True)
            c.wait_state("Each", "succeeded")
            c.click_state("Each")
            c.wait_css("#map-run", ":mapRun:")
            c.wait_css("#map-run-items", f"{ITEMS} succeeded")
            c.shot("distributed")


if __name__ == "__main__":
    unittest.main(verbosity=2)
