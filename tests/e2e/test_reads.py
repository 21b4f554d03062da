"""Reads off the engine thread (issue 16 part 4): with a data directory, Describe*, List* and
GetExecutionHistory run on reader threads over read-only connections. A client reads its own writes
at once (every write is answered after its commit), from several client threads at the same time,
and while the engine runs; an in-memory server (no reader threads) answers the same."""

import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

WAIT_DEF = H.wait_def(3600)
LOOP_DEF = json.dumps({"StartAt": "Init", "States": {
    "Init": {"Type": "Pass", "Result": 0, "ResultPath": "$.i", "Next": "Inc"},
    "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
    "Check": {"Type": "Choice", "Default": "Done",
              "Choices": [{"Variable": "$.i", "NumericLessThan": 3000, "Next": "Inc"}]},
    "Done": {"Type": "Succeed"}}})


class ReadYourWrites(H.ServerTestCase):
    # Manual: executions waiting on a Wait stay RUNNING until the test moves the clock.
    CLOCK = "manual"

    def test_control_plane_writes_are_read_at_once(self):
        name, sm = self.create_sm(definition_text=WAIT_DEF, tags=[{"key": "a", "value": "1"}])
        self.assertEqual(sm, self.sfn.describe_state_machine(stateMachineArn=sm)["stateMachineArn"])
        self.assertIn(sm, [m["stateMachineArn"] for m in
                           self.sfn.list_state_machines(maxResults=1000)["stateMachines"]])
        self.assertEqual([{"key": "a", "value": "1"}],
                         self.sfn.list_tags_for_resource(resourceArn=sm)["tags"])
        self.sfn.tag_resource(resourceArn=sm, tags=[{"key": "b", "value": "2"}])
        self.assertEqual({"a", "b"}, {t["key"] for t in
                                      self.sfn.list_tags_for_resource(resourceArn=sm)["tags"]})
        self.sfn.update_state_machine(stateMachineArn=sm, definition=H.PASS_DEF)
        self.assertEqual(H.PASS_DEF, self.sfn.describe_state_machine(stateMachineArn=sm)["definition"])
        v = self.sfn.publish_state_machine_version(stateMachineArn=sm)["stateMachineVersionArn"]
        self.assertEqual([v], [x["stateMachineVersionArn"] for x in
                               self.sfn.list_state_machine_versions(stateMachineArn=sm)["stateMachineVersions"]])
        self.assertEqual(v, self.sfn.describe_state_machine(stateMachineArn=v)["stateMachineArn"])
        alias = self.sfn.create_state_machine_alias(
            name="live", routingConfiguration=[{"stateMachineVersionArn": v, "weight": 100}]
        )["stateMachineAliasArn"]
        self.assertEqual(alias, self.sfn.describe_state_machine_alias(stateMachineAliasArn=alias)
                         ["stateMachineAliasArn"])
        self.assertEqual([alias], [a["stateMachineAliasArn"] for a in
                                   self.sfn.list_state_machine_aliases(stateMachineArn=sm)["stateMachineAliases"]])
        self.sfn.delete_state_machine_alias(stateMachineAliasArn=alias)
        self.assertEqual([], self.sfn.list_state_machine_aliases(stateMachineArn=sm)["stateMachineAliases"])
        self.sfn.delete_state_machine(stateMachineArn=sm)
        self.assertClientError("StateMachineDoesNotExist", None,
                               self.sfn.describe_state_machine, stateMachineArn=sm)

    def test_an_execution_is_read_at_once_after_each_write(self):
        _, sm = self.create_sm(definition_text=WAIT_DEF)
        for i in range(20):
            ex = self.sfn.start_execution(stateMachineArn=sm, name=f"now-{i}")["executionArn"]
            d = self.sfn.describe_execution(executionArn=ex)
            self.assertEqual("RUNNING", d["status"])
            events = self.sfn.get_execution_history(executionArn=ex)["events"]
            self.assertEqual("ExecutionStarted", events[0]["type"])
            self.assertEqual("WaitStateEntered", events[-1]["type"])
            listed = self.sfn.list_executions(stateMachineArn=sm, maxResults=1)["executions"]
            self.assertEqual(ex, listed[0]["executionArn"])
            self.assertEqual(sm, self.sfn.describe_state_machine_for_execution(executionArn=ex)
                             ["stateMachineArn"])
            self.sfn.stop_execution(executionArn=ex, error="E", cause="C")
            d = self.sfn.describe_execution(executionArn=ex)
            self.assertEqual(("ABORTED", "E", "C"), (d["status"], d["error"], d["cause"]))
            self.assertEqual("ExecutionAborted",
                             self.sfn.get_execution_history(executionArn=ex, reverseOrder=True,
                                                            maxResults=1)["events"][0]["type"])

    def test_many_clients_read_their_own_starts(self):
        _, sm = self.create_sm(definition_text=WAIT_DEF)
        failures = []

        def client(k):
            sfn = self.server.client()
            try:
                for i in range(15):
                    ex = sfn.start_execution(stateMachineArn=sm, name=f"c{k}-{i}")["executionArn"]
                    if sfn.describe_execution(executionArn=ex)["status"] != "RUNNING":
                        failures.append(ex)
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(repr(e))

        threads = [threading.Thread(target=client, args=(k,)) for k in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual([], failures)
        listed = H.all_executions(self.sfn, stateMachineArn=sm, statusFilter="RUNNING",
                                  maxResults=40)
        self.assertEqual(90, len(listed))
        self.assertEqual(90, len({e["executionArn"] for e in listed}))

    def test_reads_answer_while_the_engine_runs(self):
        _, loop = self.create_sm(definition_text=LOOP_DEF)
        _, sm = self.create_sm()
        done = self.sfn.start_execution(stateMachineArn=sm, name="done")["executionArn"]
        before = H.wait_for_status(self.sfn, done, "SUCCEEDED", server=self.server)
        running = [self.sfn.start_execution(stateMachineArn=loop)["executionArn"] for _ in range(10)]
        for _ in range(50):
            self.assertEqual(before, self.sfn.describe_execution(executionArn=done))
        for ex in running:
            d = H.wait_for_status(self.sfn, ex, "SUCCEEDED", timeout=120, server=self.server)
            self.assertEqual({"i": 3000}, json.loads(d["output"]))
            last = self.sfn.get_execution_history(executionArn=ex, reverseOrder=True, maxResults=1)
            self.assertEqual("ExecutionSucceeded", last["events"][0]["type"])

    def test_bad_reads_get_the_same_errors(self):
        self.assertClientError("InvalidArn", None, self.sfn.describe_execution, executionArn="nope")
        self.assertClientError("ExecutionDoesNotExist", None, self.sfn.describe_execution,
                               executionArn=H.exec_arn("missing", "x"))
        self.assertClientError("InvalidToken", None, self.sfn.list_state_machines, nextToken="garbage")
        self.assertClientError("ResourceNotFound", None, self.sfn.describe_map_run,
                               mapRunArn="arn:aws:states:us-east-1:123456789012:mapRun:m/x:y")


class InMemoryReads(ReadYourWrites):
    """The same, with no reader threads: --in-memory reads on the engine thread."""

    IN_MEMORY = True


if __name__ == "__main__":
    unittest.main(verbosity=2)
