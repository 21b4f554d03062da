"""Nested executions (arn:aws:states:::states:startExecution): request-response, .sync (Input and
Output as JSON text), .sync:2 (as JSON) and .waitForTaskToken; a failing child; the child in
ListExecutions with AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID in its input when the definition
passes it; stopping the parent stops a .sync child; the link survives kill -9."""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/r"
CHILD_FAIL = H.definition({"F": {"Type": "Fail", "Error": "SomeFailure", "Cause": "child says no"}})


def parent_def(resource_suffix, child_arn, name=None, link=True, **extra):
    params = {"StateMachineArn": child_arn,
              "Input": {"from": "parent", **({"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}
                                             if link else {})}}
    if name:
        params["Name"] = name
    task = {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution" + resource_suffix,
            "Parameters": params, "End": True}
    task.update(extra)
    return H.definition({"Start": task})


class NestedServer(unittest.TestCase):
    clock = "virtual"

    @classmethod
    def setUpClass(cls):
        cls.server = H.Server(clock=cls.clock)
        cls.server.start()
        cls.sfn = cls.server.client()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def kill9_and_restart(self):
        """SIGKILL, then a restart on the same data directory (a new port: new clients)."""
        self.server.restart(hard=True)
        type(self).sfn = self.server.client()

    def machine(self, definition, prefix="sm"):
        return self.sfn.create_state_machine(name=H.unique(prefix), definition=definition,
                                             roleArn=ROLE)["stateMachineArn"]

    def start(self, sm_arn, input_doc=None):
        return self.sfn.start_execution(stateMachineArn=sm_arn,
                                        input=json.dumps(input_doc or {}))["executionArn"]

    def children(self, child_sm):
        return self.sfn.list_executions(stateMachineArn=child_sm)["executions"]

    def wait_children(self, child_sm, n=1, timeout=10.0):
        deadline = time.monotonic() + timeout
        while True:
            kids = self.children(child_sm)
            if len(kids) >= n:
                return kids
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(kids)} children of {child_sm}\n{self.server.log_tail()}")
            time.sleep(0.02)

    def types(self, execution_arn):
        return [e["type"] for e in H.full_history(self.sfn, execution_arn)]


class Nested(NestedServer):
    clock = "manual"  # children with a Wait keep running while the test looks at them

    def test_request_response(self):
        child_sm = self.machine(H.wait_def(3600), "child")
        parent = self.start(self.machine(parent_def("", child_sm, name="kid-rr")))
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED")
        out = json.loads(d["output"])
        child_arn = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:execution:{child_sm.rsplit(':', 1)[1]}:kid-rr"
        self.assertEqual(out["ExecutionArn"], child_arn)
        self.assertIsInstance(out["StartDate"], int)
        self.assertEqual(out["SdkHttpMetadata"]["HttpStatusCode"], 200)
        self.assertEqual(out["SdkResponseMetadata"]["RequestId"],
                         out["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"])
        self.assertEqual(self.types(parent), [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded",
            "TaskStateExited", "ExecutionSucceeded"])
        # The child runs on, in ListExecutions, linked to its parent through its input.
        child = self.sfn.describe_execution(executionArn=child_arn)
        self.assertEqual(child["status"], "RUNNING")
        self.assertEqual(json.loads(child["input"]),
                         {"from": "parent", "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID": parent})
        self.assertEqual([e["executionArn"] for e in self.children(child_sm)], [child_arn])

    def test_sync_output_as_text(self):
        child_sm = self.machine(H.PASS_DEF, "child")
        parent = self.start(self.machine(parent_def(".sync", child_sm, link=False)))
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        out = json.loads(d["output"])
        self.assertEqual(out["Output"], '{"Arg1":"argument1"}')
        self.assertEqual(out["Input"], '{"from":"parent"}')
        self.assertEqual((out["Status"], out["InputDetails"], out["OutputDetails"], out["StateMachineArn"]),
                         ("SUCCEEDED", {"Included": True}, {"Included": True}, child_sm))
        self.assertLessEqual(out["StartDate"], out["StopDate"])
        self.assertEqual(self.types(parent), [
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted",
            "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"])
        submitted = json.loads(H.full_history(self.sfn, parent)[4]["taskSubmittedEventDetails"]["output"])
        self.assertEqual(submitted["ExecutionArn"], out["ExecutionArn"])
        self.assertEqual(H.full_history(self.sfn, parent)[4]["taskSubmittedEventDetails"]["resource"],
                         "startExecution.sync")

    def test_sync2_output_as_json(self):
        child_sm = self.machine(H.PASS_DEF, "child")
        parent = self.start(self.machine(parent_def(".sync:2", child_sm, link=False)))
        out = json.loads(H.wait_for_status(self.sfn, parent, server=self.server)["output"])
        self.assertEqual((out["Output"], out["Input"]), ({"Arg1": "argument1"}, {"from": "parent"}))

    def test_failing_child(self):
        child_sm = self.machine(CHILD_FAIL, "child")
        start = json.loads(parent_def(".sync", child_sm, link=False))["States"]["Start"]
        start.pop("End")
        start.update(Next="Done", Catch=[{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err",
                                          "Next": "Caught"}])
        parent_sm = self.machine(H.definition({"Start": start, "Done": {"Type": "Pass", "End": True},
                                               "Caught": {"Type": "Pass", "End": True}}))
        parent = self.start(parent_sm)
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        err = json.loads(d["output"])["err"]
        self.assertEqual(err["Error"], "States.TaskFailed")
        cause = json.loads(err["Cause"])
        self.assertEqual((cause["Status"], cause["Error"], cause["Cause"], cause["Input"]),
                         ("FAILED", "SomeFailure", "child says no", '{"from":"parent"}'))
        self.assertNotIn("Output", cause)

    def test_stopped_child_fails_its_sync_parent(self):
        child_sm = self.machine(H.wait_def(3600), "child")
        parent = self.start(self.machine(parent_def(".sync:2", child_sm, name="kid-stopped")))
        child = self.wait_children(child_sm)[0]["executionArn"]
        deadline = time.monotonic() + 10
        while "TaskSubmitted" not in self.types(parent):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        self.sfn.stop_execution(executionArn=child, error="Halt", cause="stopped by hand")
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.TaskFailed"))
        cause = json.loads(d["cause"])
        self.assertEqual((cause["Status"], cause["Error"], cause["Cause"], cause["ExecutionArn"]),
                         ("ABORTED", "Halt", "stopped by hand", child))
        self.assertEqual(self.types(parent)[-2:], ["TaskFailed", "ExecutionFailed"])

    def test_callback_child(self):
        child_sm = self.machine(H.wait_def(3600), "child")
        d = H.definition({"Start": {
            "Type": "Task", "Resource": "arn:aws:states:::states:startExecution.waitForTaskToken",
            "Parameters": {"StateMachineArn": child_sm, "Name": "kid-cb",
                           "Input": {"token.$": "$$.Task.Token"}}, "End": True}})
        parent = self.start(self.machine(d))
        child = self.wait_children(child_sm)[0]["executionArn"]
        token = json.loads(self.sfn.describe_execution(executionArn=child)["input"])["token"]
        deadline = time.monotonic() + 10
        while "TaskSubmitted" not in self.types(parent):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        self.sfn.send_task_success(taskToken=token, output='{"child": "answered"}')
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(json.loads(d["output"]), {"child": "answered"})

    def test_missing_state_machine(self):
        missing = f"arn:aws:states:{H.REGION}:{H.ACCOUNT}:stateMachine:{H.unique('nope')}"
        parent = self.start(self.machine(parent_def(".sync", missing)))
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(d["error"], "StepFunctions.StateMachineDoesNotExistException")
        self.assertTrue(d["cause"].startswith(f"State Machine Does Not Exist: '{missing}' (Service: "
                                              "AWSStepFunctions; Status Code: 400; Error Code: "
                                              "StateMachineDoesNotExist; Request ID: "), d["cause"])

    def test_stopping_the_parent_stops_a_sync_child(self):
        child_sm = self.machine(H.wait_def(3600), "child")
        sync_parent = self.start(self.machine(parent_def(".sync", child_sm, name="kid-sync")))
        rr_parent_sm = self.machine(H.definition({
            "Start": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution",
                      "Parameters": {"StateMachineArn": child_sm, "Name": "kid-rr2"}, "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 3600, "End": True}}))
        rr_parent = self.start(rr_parent_sm)
        kids = {e["name"]: e["executionArn"] for e in self.wait_children(child_sm, 2)}
        deadline = time.monotonic() + 10
        while "TaskSubmitted" not in self.types(sync_parent):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        self.sfn.stop_execution(executionArn=sync_parent)
        self.sfn.stop_execution(executionArn=rr_parent)
        self.assertEqual(H.wait_for_status(self.sfn, kids["kid-sync"], server=self.server)["status"],
                         "ABORTED")
        self.assertEqual(self.sfn.describe_execution(executionArn=kids["kid-rr2"])["status"], "RUNNING")

    def express_machine(self, definition):
        return self.sfn.create_state_machine(name=H.unique("express"), definition=definition,
                                             roleArn=ROLE, type="EXPRESS")["stateMachineArn"]

    def test_express_child_ending_in_its_first_step_answers_its_sync_parent(self):
        # An Express child keeps no record once it ends: its parent learns of
        # the end from the engine, also when its first step ends it.
        failing = self.express_machine(CHILD_FAIL)
        d = H.wait_for_status(self.sfn, self.start(self.machine(parent_def(".sync", failing, link=False))),
                              server=self.server)
        self.assertEqual((d["status"], d["error"]), ("FAILED", "States.TaskFailed"))
        cause = json.loads(d["cause"])
        self.assertEqual((cause["Status"], cause["Error"], cause["Cause"], cause["StateMachineArn"]),
                         ("FAILED", "SomeFailure", "child says no", failing))
        passing = self.express_machine(H.PASS_DEF)
        d = H.wait_for_status(self.sfn, self.start(self.machine(parent_def(".sync:2", passing, link=False))),
                              server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        out = json.loads(d["output"])
        self.assertEqual((out["Status"], out["Output"], out["Input"]),
                         ("SUCCEEDED", {"Arg1": "argument1"}, {"from": "parent"}))

    def test_running_express_child_answers_its_sync_parent_when_it_ends(self):
        child_sm = self.express_machine(H.wait_def(10))
        parent = self.start(self.machine(parent_def(".sync", child_sm, link=False)))
        deadline = time.monotonic() + 10
        while "TaskSubmitted" not in self.types(parent):
            self.assertLess(time.monotonic(), deadline)
            time.sleep(0.02)
        self.assertEqual(self.sfn.describe_execution(executionArn=parent)["status"], "RUNNING")
        self.server.advance_clock(10)
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED", d)
        self.assertEqual(json.loads(d["output"])["Output"], '{"from":"parent"}')


class NestedAcrossRestarts(NestedServer):
    clock = "manual"

    def test_sync_child_link_survives_kill9(self):
        child_sm = self.machine(H.wait_def(60), "child")
        parent = self.start(self.machine(parent_def(".sync", child_sm, name="kid")))
        child = self.wait_children(child_sm)[0]["executionArn"]
        self.kill9_and_restart()
        self.server.advance_clock(61)
        self.assertEqual(H.wait_for_status(self.sfn, child, server=self.server)["status"], "SUCCEEDED")
        d = H.wait_for_status(self.sfn, parent, server=self.server)
        self.assertEqual(d["status"], "SUCCEEDED")
        self.assertEqual(json.loads(d["output"])["ExecutionArn"], child)
        self.assertEqual(len(self.children(child_sm)), 1)  # started once

    def test_parent_stopped_after_a_restart_stops_its_child(self):
        child_sm = self.machine(H.wait_def(600), "child")
        parent = self.start(self.machine(parent_def(".sync:2", child_sm, name="kid2")))
        child = self.wait_children(child_sm)[0]["executionArn"]
        self.kill9_and_restart()
        self.sfn.stop_execution(executionArn=parent)
        self.assertEqual(H.wait_for_status(self.sfn, child, server=self.server)["status"], "ABORTED")


if __name__ == "__main__":
    unittest.main(verbosity=2)
