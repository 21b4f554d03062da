"""State fields through boto3, one meaning per field whatever its spelling: JSONPath paths and
variable references, ItemBatcher limits from a variable. JSONata fields: test_jsonata.py."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402


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
