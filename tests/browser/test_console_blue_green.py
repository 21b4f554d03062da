"""The blue-green story of examples/blue-green, told by clicking in the console: an unqualified
reference breaks an in-flight execution after a redeploy; a published version keeps its function
version; an alias shifts traffic from version 1 to version 2. Code deploys go through the Lambda
API (as a pipeline would); starting executions, publishing, the alias and the clock are clicks."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_browser import (H, Console, console_server, sfn, lam, create_python_function,  # noqa: E402
                             create_machine, wait_status, LAMBDA_PREFIX, ARN_PREFIX)

V1 = 'def handler(event, context):\n    print("greet v1 for", event.get("name"))\n    return {"greeting": "Hello, " + event.get("name", "world") + "!"}\n'
V2 = 'def handler(event, context):\n    print("greet v2 for", event.get("name"))\n    return {"message": "Hi " + event.get("name", "world") + ", welcome back"}\n'


def definition(function_ref, field):
    return {"Comment": "greet after an hour", "StartAt": "WaitAnHour", "States": {
        "WaitAnHour": {"Type": "Wait", "Seconds": 3600, "Next": "Greet"},
        "Greet": {"Type": "Task", "Resource": function_ref, "Next": "CheckContract"},
        "CheckContract": {"Type": "Choice", "Choices": [{"Variable": f"$.{field}", "IsPresent": True, "Next": "Done"}],
                          "Default": "ContractBroken"},
        "ContractBroken": {"Type": "Fail", "Error": "ContractBroken", "Cause": f"greet's output has no '{field}' field"},
        "Done": {"Type": "Succeed"}}}


class BlueGreenByClicking(unittest.TestCase):
    def test_story(self):
        import base64
        with console_server(clock="manual", extra_args=("--seed", "1")) as srv, Console(srv, "blue-green") as c:
            fn = f"{LAMBDA_PREFIX}:greet"
            create_python_function(srv, "greet", V1, publish=True)

            # a. The problem: an unqualified reference takes $LATEST at the moment of the call.
            sm_a = create_machine(srv, "greeter-unqualified", definition(fn, "greeting"))["stateMachineArn"]
            c.open(f"/#/machine/{sm_a}")
            c.click("[data-action=start]")
            c.fill_dialog({"name": "before-redeploy", "input": '{"name": "Ada"}'})
            c.wait_state("WaitAnHour", "running")
            zipped = base64.b64encode(H.make_zip({"app.py": V2})).decode()
            lam(srv, "PUT", "/functions/greet/code", {"ZipFile": zipped, "Publish": True})
            sfn(srv, "UpdateStateMachine", stateMachineArn=sm_a, definition=json.dumps(definition(fn, "message")))
            c.click("[data-action=advance-hour]")
            c.wait_css("#execution-status", "FAILED")
            c.wait_state("ContractBroken", "failed")
            c.wait_state("Greet", "succeeded")
            c.click_state("ContractBroken")
            c.wait_css("#state-detail", "ContractBroken")
            c.shot("a-contract-broken")

            # b. The fix: greet:1 in a published version; version 2 (greet:2) published from the page.
            sm_b = create_machine(srv, "greeter", definition(f"{fn}:1", "greeting"), publish=True,
                                  versionDescription="calls greet:1")["stateMachineArn"]
            v1 = f"{sm_b}:1"
            c.open(f"/#/machine/{sm_b}")
            c.wait_css("#versions tr[data-version='1']")
            c.click("#versions tr[data-version='1'] button", "Start")
            c.fill_dialog({"name": "in-flight-v1", "input": '{"name": "Grace"}'})
            c.wait_css("#execution-version", "v1")
            c.wait_state("WaitAnHour", "running")
            sfn(srv, "UpdateStateMachine", stateMachineArn=sm_b, definition=json.dumps(definition(f"{fn}:2", "message")))
            c.route(f"#/machine/{sm_b}")
            c.click("[data-action=publish]")
            c.fill_dialog({"description": "calls greet:2"})
            c.wait_css("#versions tr[data-version='2']", "calls greet:2")
            v2 = f"{sm_b}:2"
            c.click("#versions tr[data-version='2'] button", "Start")
            c.fill_dialog({"name": "new-on-v2", "input": '{"name": "Linus"}'})
            c.wait_css("#execution-version", "v2")

            # c. An alias over both versions, 90/10; ten starts through it; then 100% version 2.
            c.route(f"#/machine/{sm_b}")
            c.click("[data-action=create-alias]")
            c.fill_dialog({"name": "prod", "first": v1, "weight": "90", "second": v2})
            c.wait_css("#aliases tr[data-alias=prod]", "v1 90%")
            alias = f"{sm_b}:prod"
            for i in range(10):
                c.route(f"#/machine/{sm_b}")
                c.click("#aliases tr[data-alias=prod] button", "Start")
                c.fill_dialog({"name": f"canary-{i}", "input": json.dumps({"name": f"n{i}"})})
                c.wait_css("#execution-name", f"canary-{i}")
            c.route(f"#/machine/{sm_b}")
            c.click("#aliases tr[data-alias=prod] [data-action=edit-alias]")
            c.fill_dialog({"first": v2, "weight": "100", "second": ""})
            c.wait_css("#aliases tr[data-alias=prod]", "v2 100%")
            c.shot("c-alias-shifted")
            for i in range(3):
                c.route(f"#/machine/{sm_b}")
                c.click("#aliases tr[data-alias=prod] button", "Start")
                c.fill_dialog({"name": f"after-shift-{i}", "input": "{}"})
                c.wait_css("#execution-name", f"after-shift-{i}")

            # An hour passes (a click); every execution finishes on the version it started on.
            c.route(f"#/machine/{sm_b}")
            c.wait_css("#executions tbody tr")
            c.click("[data-action=advance-hour]")
            c.until(lambda: (lambda rows: len(rows) == 15 and all("SUCCEEDED" in r for r in rows))(
                c.texts("#executions tbody tr")), "all 15 executions to succeed (live)")
            rows = dict(zip(c.attrs("#executions tbody tr", "data-execution"), c.texts("#executions tbody tr .version")))
            self.assertEqual("v1", rows["in-flight-v1"])
            self.assertEqual("v2", rows["new-on-v2"])
            for i in range(3):
                self.assertEqual("v2", rows[f"after-shift-{i}"])
            on_v1 = [n for n, v in rows.items() if n.startswith("canary-") and v == "v1"]
            on_v2 = [n for n, v in rows.items() if n.startswith("canary-") and v == "v2"]
            self.assertEqual(10, len(on_v1) + len(on_v2))
            # What the page shows is what the API says (the draw is reproducible with --seed).
            api_v1 = {e["name"] for e in sfn(srv, "ListExecutions", stateMachineArn=v1)["executions"]}
            self.assertEqual(set(on_v1) | {"in-flight-v1"}, api_v1)
            # Filter the list by the alias: the 13 started through it.
            from selenium.webdriver.support.ui import Select
            Select(c.wait_css("[data-filter=target]")).select_by_value(alias)
            c.until(lambda: len(c.texts("#executions tbody tr")) == 13, "13 executions through prod")
            c.shot("c-executions")
            self.assertEqual({"greeting": "Hello, Grace!"},
                             json.loads(wait_status(srv, f"{ARN_PREFIX}:execution:greeter:in-flight-v1")["output"]))
            c.route(f"#/execution/{ARN_PREFIX}:execution:greeter:new-on-v2")
            c.click("[data-tab=io]")
            c.wait_css(".io pre.output", "Hi Linus, welcome back")

            # The Lambda side: both versions ran, with their logs.
            c.route("#/function/greet")
            c.wait_css("#function-versions", "2")
            c.click("#invocations tbody tr", "greet")
            c.wait_css("#invocation-log", "greet v")
            logs = c.texts("#invocations tbody tr")
            versions = {r.split("\t")[2] for r in logs}
            self.assertTrue({"1", "2", "$LATEST"} <= versions, logs)  # both versions, and part a's call
            c.shot("lambda-invocations")

            # The function's alias: shift a quarter of its traffic to version 2 from the page.
            lam(srv, "POST", "/functions/greet/aliases", {"Name": "live", "FunctionVersion": "1"})
            c.route("#/functions")
            c.route("#/function/greet")
            c.click("#function-aliases tr[data-alias=live] [data-action=edit-alias]")
            c.fill_dialog({"primary": "1", "second": "2", "weight": "25"})
            c.wait_css("#function-aliases tr[data-alias=live]", "v2 25%")
            self.assertIn("v1 75%", c.wait_css("#function-aliases tr[data-alias=live]").text)
            alias = lam(srv, "GET", "/functions/greet/aliases/live")
            self.assertEqual({"2": 0.25}, alias["RoutingConfig"]["AdditionalVersionWeights"])
            c.shot("lambda-alias")


if __name__ == "__main__":
    unittest.main(verbosity=2)
