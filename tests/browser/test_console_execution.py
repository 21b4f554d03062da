"""The console in Chromium: open it, start an execution from the page and watch its graph turn
green live, read a caught failure's error in a state's details, filter the event table, and check
that names and payloads are escaped (a state named `<img src=x onerror=alert(1)>` is text)."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_browser import (H, Console, console_server, sfn, create_machine, wait_status,  # noqa: E402
                             LAMBDA_PREFIX)

XSS = "<img src=x onerror=alert(1)>"
STUBS = {"charge": {"*": {"Error": "CardDeclined", "Cause": "insufficient funds on card 4242"}},
         "ship": {"*": {"ResponseTemplate": {"shipped.$": "$.order"}}},
         "reserve": {"*": {"Sequence": [{"Error": "Throttled", "Cause": "slow down"}, {"Response": {"reserved": True}}]}},
         "price": {"*": {"ResponseTemplate": {"sku.$": "$.sku", "price": 10}}}}


class ConsoleExecution(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = H.tempfile.mkdtemp(prefix="sfn-browser-")
        stubs = os.path.join(cls.tmp, "functions.json")
        with open(stubs, "w") as f:
            json.dump(STUBS, f)
        cls.srv = console_server(clock="manual", extra_args=("--functions", stubs))
        cls.srv.start()

    @classmethod
    def tearDownClass(cls):
        cls.srv.cleanup()

    def test_start_from_the_page_and_watch_the_graph_turn_green(self):
        wait_def = {"StartAt": "Prepare", "States": {
            "Prepare": {"Type": "Pass", "Result": {"ready": True}, "ResultPath": "$.prep", "Next": "Hold"},
            "Hold": {"Type": "Wait", "Seconds": 600, "Next": "Decide"},
            "Decide": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}],
                       "Default": "Small"},
            "Big": {"Type": "Pass", "End": True},
            "Small": {"Type": "Succeed"}}}
        arn = create_machine(self.srv, "live-demo", wait_def)["stateMachineArn"]
        with Console(self.srv, "execution-live") as c:
            c.open("/")
            c.wait_css("#machines a", "live-demo").click()
            c.wait_css("h1", "live-demo")
            c.click("[data-action=start]")
            c.fill_dialog({"name": "from-the-page", "input": '{"n": 5}'})
            c.wait_css("#execution-name", "from-the-page")
            c.wait_css("#execution-status", "RUNNING")
            c.wait_state("Prepare", "succeeded")
            c.wait_state("Hold", "running")
            self.assertEqual("st-notreached", c.state_class("Big"))
            c.shot("running")
            # The manual clock moves from the page's header; the live channel brings the rest.
            c.click("[data-action=advance-hour]")
            c.wait_css("#execution-status", "SUCCEEDED")
            for state in ("Prepare", "Hold", "Decide", "Big"):
                c.wait_state(state, "succeeded")
            self.assertEqual("st-notreached", c.state_class("Small"))
            c.shot("succeeded")
            d = wait_status(self.srv, f"{arn.replace(':stateMachine:', ':execution:')}:from-the-page")
            self.assertEqual({"n": 5, "prep": {"ready": True}}, json.loads(d["output"]))
            # The state's visit: input and output as the history has them.
            c.click_state("Prepare")
            c.wait_css("#detail-name", "Prepare")
            detail = c.wait_css("#state-detail")
            self.assertIn("Visit 1", detail.text)
            c.assert_clean_log(self)

    def test_a_caught_failure_shows_its_error_and_the_event_table_filters(self):
        definition = {"StartAt": "Charge", "States": {
            "Charge": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:charge",
                       "Retry": [{"ErrorEquals": ["CardDeclined"], "MaxAttempts": 1, "IntervalSeconds": 1}],
                       "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Refund"}],
                       "Next": "Ship"},
            "Ship": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:ship", "End": True},
            "Refund": {"Type": "Pass", "End": True}}}
        arn = create_machine(self.srv, "checkout", definition)["stateMachineArn"]
        ex = sfn(self.srv, "StartExecution", stateMachineArn=arn, name="declined", input='{"order": 7}')["executionArn"]
        # The first try fails (a stub answers at once); then the retry's interval passes.
        deadline = H.time.monotonic() + 20
        while not any(e["type"] == "LambdaFunctionFailed"
                      for e in sfn(self.srv, "GetExecutionHistory", executionArn=ex)["events"]):
            self.assertLess(H.time.monotonic(), deadline)
            H.time.sleep(0.02)
        self.srv.advance_clock(5)
        self.assertEqual("SUCCEEDED", wait_status(self.srv, ex)["status"])
        with Console(self.srv, "execution-catch") as c:
            c.open(f"/#/execution/{ex}")
            c.wait_state("Charge", "caught")
            c.wait_state("Refund", "succeeded")
            self.assertEqual("st-notreached", c.state_class("Ship"))
            c.click_state("Charge")
            detail = c.wait_css("#state-detail", "CardDeclined")
            self.assertIn("insufficient funds on card 4242", detail.text)
            self.assertIn("1 retry", detail.text)
            c.shot("caught")
            # The event table, errors only.
            c.click("[data-tab=events]")
            c.wait_css("#event-count", "events")
            from selenium.webdriver.support.ui import Select
            Select(c.wait_css("[data-filter=type]")).select_by_value("errors")
            c.until(lambda: (lambda rows: rows and all("Failed" in r for r in rows))(
                c.texts(".erow[data-event]")), "only failure events")
            rows = c.texts(".erow[data-event]")
            self.assertEqual(2, len(rows), rows)  # the first try and the retry
            c.click(".erow[data-event]")
            c.wait_css(".event-detail", "CardDeclined")
            c.shot("events")

    def test_nested_graph_of_an_order_workflow(self):
        """Parallel branches and a Map processor as nested boxes, coloured by what happened; this
        screenshot is the README's."""
        definition = {"Comment": "An order", "StartAt": "Validate", "States": {
            "Validate": {"Type": "Pass", "Next": "Prepare"},
            "Prepare": {"Type": "Parallel", "Next": "Route", "Branches": [
                {"StartAt": "Reserve stock", "States": {
                    "Reserve stock": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:reserve",
                                      "Retry": [{"ErrorEquals": ["Throttled"], "IntervalSeconds": 1}], "End": True}}},
                {"StartAt": "Price items", "States": {
                    "Price items": {"Type": "Map", "ItemsPath": "$.items", "End": True, "ItemProcessor": {
                        "StartAt": "Price", "States": {
                            "Price": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:price", "End": True}}}}}},
                {"StartAt": "Charge card", "States": {
                    "Charge card": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:charge",
                                    "Catch": [{"ErrorEquals": ["CardDeclined"], "ResultPath": "$.declined",
                                               "Next": "Invoice instead"}], "End": True},
                    "Invoice instead": {"Type": "Pass", "End": True}}}]},
            "Route": {"Type": "Choice", "Choices": [
                {"Variable": "$[2].declined", "IsPresent": True, "Next": "Ship later"}], "Default": "Ship now"},
            "Ship now": {"Type": "Task", "Resource": f"{LAMBDA_PREFIX}:ship", "End": True},
            "Ship later": {"Type": "Wait", "Seconds": 86400, "Next": "Ship now"}}}
        arn = create_machine(self.srv, "order", definition)["stateMachineArn"]
        ex = sfn(self.srv, "StartExecution", stateMachineArn=arn, name="order-1042",
                 input=json.dumps({"order": 1042, "items": [{"sku": "a"}, {"sku": "b"}, {"sku": "c"}]}))["executionArn"]
        with Console(self.srv, "execution-nested") as c:
            c.open(f"/#/execution/{ex}")
            c.wait_state("Reserve stock", "failed")  # the first try; its retry waits for the clock
            c.click("[data-action=advance-minute]")
            c.wait_state("Reserve stock", "retried")
            c.wait_state("Price", "succeeded")
            c.wait_state("Charge card", "caught")
            c.wait_state("Invoice instead", "succeeded")
            c.wait_state("Ship later", "running")
            self.assertEqual("st-notreached", c.state_class("Ship now"))
            c.click_state("Price items")
            c.wait_css("#state-detail", "3 succeeded")
            c.click_state("Charge card")
            c.wait_css("#state-detail", "CardDeclined")
            c.shot("order")

    def test_stop_and_redrive_from_the_page(self):
        definition = {"StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 3600, "End": True}}}
        arn = create_machine(self.srv, "stoppable", definition)["stateMachineArn"]
        ex = sfn(self.srv, "StartExecution", stateMachineArn=arn, name="to-stop")["executionArn"]
        with Console(self.srv, "execution-stop") as c:
            c.open(f"/#/execution/{ex}")
            c.wait_state("Hold", "running")
            c.click("[data-action=stop]")
            c.fill_dialog({"error": "Operator", "cause": "stopped from the console"})
            c.wait_css("#execution-status", "ABORTED")
            c.wait_state("Hold", "cancelled")
            d = sfn(self.srv, "DescribeExecution", executionArn=ex)
            self.assertEqual(("ABORTED", "Operator", "stopped from the console"), (d["status"], d["error"], d["cause"]))
            # Redrive is offered for an execution that did not succeed: the stopped Wait runs again.
            c.click("[data-action=redrive]")
            toast = c.wait_css("#toast")
            c.until(lambda: "Redriven" in toast.text, "the redrive's toast")
            d = sfn(self.srv, "DescribeExecution", executionArn=ex)
            self.assertEqual(("RUNNING", 1), (d["status"], d["redriveCount"]))
            c.shot("stopped")

    def test_parent_and_child_executions_link_each_other(self):
        """A states:startExecution.sync:2 parent links to its child (from its Task events) and the
        child to its parent (AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID in its input)."""
        child_sm = create_machine(self.srv, "linked-child", {"StartAt": "Hold", "States": {
            "Hold": {"Type": "Wait", "Seconds": 60, "End": True}}})["stateMachineArn"]
        parent_sm = create_machine(self.srv, "linked-parent", {"StartAt": "Run child", "States": {
            "Run child": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                          "Parameters": {"StateMachineArn": child_sm, "Name": "kid",
                                         "Input": {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$":
                                                   "$$.Execution.Id"}},
                          "End": True}}})["stateMachineArn"]
        parent = sfn(self.srv, "StartExecution", stateMachineArn=parent_sm, name="mom")["executionArn"]
        child = child_sm.replace(":stateMachine:", ":execution:") + ":kid"
        deadline = H.time.monotonic() + 20
        while not any(e["type"] == "TaskSubmitted"
                      for e in sfn(self.srv, "GetExecutionHistory", executionArn=parent)["events"]):
            self.assertLess(H.time.monotonic(), deadline)
            H.time.sleep(0.02)
        with Console(self.srv, "execution-linked") as c:
            c.open(f"/#/execution/{parent}")
            c.wait_state("Run child", "running")
            c.click("a.child-execution", "linked-child:kid")
            c.wait_css("#execution-name", "kid")
            c.wait_state("Hold", "running")
            c.wait_css("#parent-execution", "linked-parent:mom")
            c.shot("child")
            self.srv.advance_clock(61)
            c.wait_css("#execution-status", "SUCCEEDED")
            c.click("#parent-execution", "linked-parent:mom")  # the page redraws its links
            c.wait_css("#execution-name", "mom")
            c.wait_css("#execution-status", "SUCCEEDED")
            c.wait_state("Run child", "succeeded")
            self.assertEqual("SUCCEEDED", wait_status(self.srv, child)["status"])
            c.assert_clean_log(self)

    def test_names_and_payloads_are_text(self):
        definition = {"StartAt": XSS, "States": {
            XSS: {"Type": "Pass", "Result": {"html": "<script>alert(2)</script>"}, "End": True}}}
        arn = create_machine(self.srv, "escaping", definition)["stateMachineArn"]
        ex = sfn(self.srv, "StartExecution", stateMachineArn=arn, name="x",
                 input=json.dumps({"name": "<b onmouseover=alert(3)>bold</b>"}))["executionArn"]
        wait_status(self.srv, ex)
        with Console(self.srv, "execution-escaping") as c:
            c.open(f"/#/execution/{ex}")
            c.wait_state(XSS, "succeeded")
            c.click_state(XSS)
            c.wait_css("#detail-name", XSS)
            c.click("[data-tab=io]")
            c.wait_css(".io", "<b onmouseover=alert(3)>bold</b>")
            c.wait_css(".io", "<script>alert(2)</script>")
            self.assertEqual([], c.css("img"))
            self.assertEqual([], c.css("main script, main b"))
            c.no_alert()
            names = c.driver.execute_script(
                "return [...document.querySelectorAll('svg.graph g.state text.name')].map((t) => t.textContent)")
            self.assertIn(XSS, names)
            c.shot("escaped")


if __name__ == "__main__":
    unittest.main(verbosity=2)
