"""State fields through boto3, one meaning per field whatever its spelling: JSONPath paths and
variable references, JSONata fields (plain values work; an expression fails with States.Runtime
until the JSONata engine is wired in), ItemBatcher limits from a variable."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

NOT_SUPPORTED = "Evaluating JSONata expressions is not supported by this version of sfn-emulator."


def types(events):
    return [e["type"] for e in events]


def jsonata(states, start_at=None):
    return H.definition(states, start_at=start_at, QueryLanguage="JSONata")


class JsonataFields(H.ServerTestCase):
    def assertNotSupported(self, d, state, entered_id=2):
        self.assertEqual("FAILED", d["status"])
        self.assertEqual("States.Runtime", d["error"])
        self.assertEqual(f"An error occurred while executing the state '{state}' (entered at the event id "
                         f"#{entered_id}). {NOT_SUPPORTED}", d["cause"])

    def test_plain_values_need_no_expression_engine(self):
        # Output, Assign and Arguments without "{% %}" are constants (" {% x %}" is not one: only
        # whole strings are expressions), as on AWS.
        d, events = self.run_execution(jsonata({
            "A": {"Type": "Pass", "Output": {"a": [1, " {% 2 %}"], "b.$": "$"}, "Assign": {"x": 5},
                  "Next": "W"},
            "W": {"Type": "Wait", "Seconds": 0, "Output": [0.5, None], "Next": "S"},
            "S": {"Type": "Succeed"}}), '{"in": 1}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual([0.5, None], json.loads(d["output"]))
        exited = next(e["stateExitedEventDetails"] for e in events if e["type"] == "PassStateExited")
        self.assertEqual({"a": [1, " {% 2 %}"], "b.$": "$"}, json.loads(exited["output"]))
        self.assertEqual({"x": "5"}, exited["assignedVariables"])

    def test_a_jsonata_state_without_fields_passes_its_input_through(self):
        d, _ = self.run_execution(jsonata({"A": {"Type": "Pass", "Next": "S"}, "S": {"Type": "Succeed"}}),
                                  '{"k": [1]}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"k": [1]}, json.loads(d["output"]))

    def test_every_expression_field_fails_when_evaluated(self):
        cases = {
            "Output": {"A": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}},
            "nested Output": {"A": {"Type": "Pass", "Output": {"x": [1, {"y": "{% 1 %}"}]}, "End": True}},
            "Assign": {"A": {"Type": "Pass", "Assign": {"v": "{% 1 %}"}, "End": True}},
            "Wait Seconds": {"A": {"Type": "Wait", "Seconds": "{% 1 %}", "End": True}},
            "Wait Timestamp": {"A": {"Type": "Wait", "Timestamp": "{% '2020-01-01T00:00:00Z' %}",
                                     "End": True}},
            "Choice Condition": {"A": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "S"}]},
                                 "S": {"Type": "Succeed"}},
            "Fail Error": {"A": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "c"}},
            "Map Items": {"A": {"Type": "Map", "Items": "{% [1] %}", "ItemProcessor": {
                "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}, "End": True}},
            "Task Arguments": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                     "Arguments": {"FunctionName": "{% 'f' %}"}, "End": True}},
            "Task TimeoutSeconds": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                          "Arguments": {"FunctionName": "f"}, "TimeoutSeconds": "{% 5 %}",
                                          "End": True}},
        }
        for name, states in cases.items():
            with self.subTest(name):
                d, events = self.run_execution(jsonata(states, start_at="A"))
                self.assertNotSupported(d, "A")
                self.assertEqual("ExecutionFailed", types(events)[-1])

    def test_map_item_selector_expression_fails_in_the_iteration_set_up(self):
        d, events = self.run_execution(jsonata({"M": {
            "Type": "Map", "Items": [1, 2], "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}))
        self.assertNotSupported(d, "M")
        self.assertIn("MapStateFailed", types(events))

    def test_map_items_and_selector_as_plain_values(self):
        d, _ = self.run_execution(jsonata({"M": {
            "Type": "Map", "Items": [1, 2, 3], "ItemSelector": {"fixed": True}, "MaxConcurrency": 1,
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "Output": {"done": True}, "End": True}}))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual({"done": True}, json.loads(d["output"]))

    def test_choice_literal_condition_and_rule_output(self):
        d, _ = self.run_execution(jsonata({
            "C": {"Type": "Choice", "Choices": [{"Condition": False, "Next": "No"},
                                                {"Condition": True, "Next": "Yes", "Output": "rule"}],
                  "Default": "No", "Output": "state"},
            "Yes": {"Type": "Succeed"}, "No": {"Type": "Fail", "Error": "No"}}))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual("rule", json.loads(d["output"]))


class JsonPathFields(H.ServerTestCase):
    def test_fail_error_path_and_cause_path_read_variables(self):
        d, _ = self.run_execution(H.definition({
            "S": {"Type": "Pass", "Assign": {"err": {"name": "Custom"}, "why": "because"}, "Next": "F"},
            "F": {"Type": "Fail", "ErrorPath": "$err.name", "CausePath": "States.Format('{}!', $why)"}}))
        self.assertEqual("FAILED", d["status"])
        self.assertEqual(("Custom", "because!"), (d["error"], d["cause"]))

    def test_fail_error_path_that_matches_nothing(self):
        d, _ = self.run_execution(H.definition({"F": {"Type": "Fail", "ErrorPath": "$.nope"}}), '{"a": 1}')
        self.assertEqual("States.Runtime", d["error"])
        self.assertEqual("An error occurred while executing the state 'F' (entered at the event id #2). The "
                         "JSONPath '$.nope' specified for the field 'ErrorPath' could not be found in the input "
                         "'{\"a\":1}'", d["cause"])

    def test_input_and_output_path_read_variables(self):
        d, _ = self.run_execution(H.definition({
            "S": {"Type": "Pass", "Assign": {"v": {"in": [3], "out": "done"}}, "Next": "P"},
            "P": {"Type": "Pass", "InputPath": "$v.in", "ResultPath": "$.r", "OutputPath": "$v.out",
                  "End": True}}))
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual("done", json.loads(d["output"]))

    def test_item_batcher_limit_from_a_variable(self):
        d, _ = self.run_execution(H.definition({
            "S": {"Type": "Pass", "Assign": {"size": 2}, "Next": "M"},
            "M": {"Type": "Map", "ItemsPath": "$.v", "ItemBatcher": {"MaxItemsPerBatchPath": "$size"},
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                                    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                  "End": True}}), '{"v": [1, 2, 3]}')
        self.assertEqual("SUCCEEDED", d["status"])
        self.assertEqual([{"Items": [1, 2]}, {"Items": [3]}], json.loads(d["output"]))

    def test_item_batcher_path_must_be_a_path(self):
        self.assertClientError(
            "InvalidDefinition",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field "
            "'MaxItemsPerBatchPath' must be a valid JSONPath at /States/M/ItemBatcher/MaxItemsPerBatchPath'",
            self.create_sm, definition_text=H.definition({"M": {
                "Type": "Map", "ItemBatcher": {"MaxItemsPerBatchPath": "items"},
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
                "End": True}}))


if __name__ == "__main__":
    unittest.main()
