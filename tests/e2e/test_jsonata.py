"""JSONata in the States Language through boto3 (AWS "Transforming data with JSONata in Step
Functions"): every field AWS evaluates, $states and the variables, the default outputs, AWS's
States.QueryEvaluationError causes with their EvaluationFailed events (caught and retried like any
error), the definition errors CreateStateMachine and ValidateStateMachineDefinition report, and
$now/$millis/$random/$uuid taken from the execution's clock and --seed."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as H  # noqa: E402

STUBS = {
    "echo": {"*": {"ResponseTemplate": {"event.$": "$"}}},
    "boom": {"*": {"Error": "Boom", "Cause": "it broke"}},
}
PROCESSOR = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
PREFIX = "An error occurred while executing the state '{}' (entered at the event id #{}). "


def types(events):
    return [e["type"] for e in events]


def jsonata(states, start_at=None):
    return H.definition(states, start_at=start_at, QueryLanguage="JSONata")


def evaluation_failed(events):
    return [e["evaluationFailedEventDetails"] for e in events if e["type"] == "EvaluationFailed"]


class JsonataTestCase(H.ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="sfn-jsonata-")
        path = os.path.join(cls.tmp, "functions.json")
        with open(path, "w") as f:
            json.dump(STUBS, f)
        cls.EXTRA_ARGS = ("--functions", path, "--seed", "7")
        super().setUpClass()

    def succeeded(self, states, input_text="{}", start_at=None):
        d, events = self.run_execution(jsonata(states, start_at), input_text)
        self.assertEqual("SUCCEEDED", d["status"], d.get("cause"))
        self.assertHistoryChain(events)
        return json.loads(d["output"]), events

    def failed(self, states, input_text="{}", start_at=None):
        d, events = self.run_execution(jsonata(states, start_at), input_text)
        self.assertEqual("FAILED", d["status"])
        return d, events


class Fields(JsonataTestCase):
    def test_pass_output_and_assign_see_the_variables_as_they_were(self):
        out, events = self.succeeded({
            "A": {"Type": "Pass", "Assign": {"n": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Assign": {"n": "{% $n + 1 %}", "seen": "{% $n %}"},
                  "Output": {"in": "{% $states.input.x %}", "n": "{% $n %}", "ctx": "{% $states.context.State.Name %}"},
                  "End": True}}, '{"x": [1, 2]}', start_at="A")
        self.assertEqual({"in": [1, 2], "n": 1, "ctx": "B"}, out)
        exited = [e["stateExitedEventDetails"] for e in events if e["type"] == "PassStateExited"]
        self.assertEqual({"n": "2", "seen": "1"}, exited[1]["assignedVariables"])

    def test_pass_default_output_is_its_input(self):
        out, _ = self.succeeded({"A": {"Type": "Pass", "End": True}}, '{"k": 1}')
        self.assertEqual({"k": 1}, out)

    def test_task_arguments_output_assign_and_seconds(self):
        out, events = self.succeeded({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "{% $states.input.fn %}", "Payload": {"sum": "{% $sum($states.input.xs) %}"}},
                  "TimeoutSeconds": "{% $states.input.t %}", "HeartbeatSeconds": "{% $states.input.t - 1 %}",
                  "Assign": {"got": "{% $states.result.Payload.event.sum %}"},
                  "Output": {"result": "{% $states.result.Payload %}", "input": "{% $states.input.fn %}"},
                  "Next": "S"},
            "S": {"Type": "Pass", "Output": "{% $got %}", "End": True}},
            '{"fn": "echo", "xs": [1, 2, 3], "t": 30}', start_at="T")
        self.assertEqual(6, out)
        scheduled = next(e["taskScheduledEventDetails"] for e in events if e["type"] == "TaskScheduled")
        self.assertEqual({"FunctionName": "echo", "Payload": {"sum": 6}}, json.loads(scheduled["parameters"]))
        self.assertEqual((30, 29), (scheduled["timeoutInSeconds"], scheduled["heartbeatInSeconds"]))
        exited = next(e["stateExitedEventDetails"] for e in events if e["type"] == "TaskStateExited")
        self.assertEqual({"result": {"event": {"sum": 6}}, "input": "echo"}, json.loads(exited["output"]))

    def test_task_default_output_is_its_result(self):
        out, _ = self.succeeded({"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                                       "Arguments": {"FunctionName": "echo", "Payload": "{% $states.input %}"},
                                       "End": True}}, '{"a": 1}')
        self.assertEqual({"event": {"a": 1}}, out["Payload"])

    def test_parallel_arguments_and_output(self):
        out, _ = self.succeeded({"P": {
            "Type": "Parallel", "Arguments": {"v": "{% $states.input.v * 10 %}"},
            "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $states.input.v + 1 %}",
                                                             "End": True}}},
                         {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": True}}}],
            "Output": {"r": "{% $states.result %}"}, "End": True}}, '{"v": 2}')
        self.assertEqual({"r": [21, {"v": 20}]}, out)

    def test_map_items_selector_concurrency_tolerance_and_output(self):
        out, events = self.succeeded({"M": {
            "Type": "Map", "Items": "{% $states.input.xs %}", "MaxConcurrency": "{% 1 %}",
            "ToleratedFailureCount": "{% 0 %}", "ToleratedFailurePercentage": "{% 0 %}",
            "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}",
                             "k": "{% $states.input.k %}"},
            "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $states.input.v * $states.input.k + $states.input.i %}",
                                                               "End": True}}},
            "Output": {"total": "{% $sum($states.result) %}", "each": "{% $states.result %}"}, "End": True}},
            '{"xs": [1, 2, 3], "k": 10}')
        self.assertEqual({"total": 63, "each": [10, 21, 32]}, out)
        self.assertEqual(3, types(events).count("MapIterationSucceeded"))

    def test_map_item_batcher(self):
        out, _ = self.succeeded({"M": {
            "Type": "Map", "Items": "{% $states.input %}",
            "ItemBatcher": {"MaxItemsPerBatch": "{% 2 %}", "BatchInput": {"tag": "{% 'b' %}"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}},
            "End": True}}, "[1, 2, 3]")
        self.assertEqual([{"BatchInput": {"tag": "b"}, "Items": [1, 2]}, {"BatchInput": {"tag": "b"}, "Items": [3]}], out)

    def test_map_without_items_iterates_its_input(self):
        out, _ = self.succeeded({"M": {"Type": "Map", "ItemProcessor": PROCESSOR, "End": True}}, "[1, 2]")
        self.assertEqual([1, 2], out)

    def test_choice_condition_rule_output_and_assign(self):
        out, events = self.succeeded({
            "C": {"Type": "Choice", "Choices": [
                {"Condition": "{% $states.input.n > 5 %}", "Next": "Big", "Output": "big", "Assign": {"size": "L"}},
                {"Condition": "{% $states.input.n > 1 %}", "Next": "Mid",
                 "Output": {"n": "{% $states.input.n %}"}, "Assign": {"size": "{% 'M' %}"}}],
                  "Default": "Small"},
            "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"},
            "Mid": {"Type": "Succeed", "Output": {"n": "{% $states.input.n %}", "size": "{% $size %}"}}},
            '{"n": 3}', start_at="C")
        self.assertEqual({"n": 3, "size": "M"}, out)
        self.assertEqual(["ExecutionStarted", "ChoiceStateEntered", "ChoiceStateExited", "SucceedStateEntered",
                          "SucceedStateExited", "ExecutionSucceeded"], types(events))

    def test_wait_seconds_timestamp_and_output(self):
        out, events = self.succeeded({
            "W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Output": {"waited": "{% $states.input.s %}"},
                  "Next": "T"},
            "T": {"Type": "Wait", "End": True,
                  "Timestamp": "{% $fromMillis($toMillis($states.context.State.EnteredTime) + 60000) %}"}},
            '{"s": 3600}', start_at="W")
        self.assertEqual({"waited": 3600}, out)
        self.assertEqual(["WaitStateEntered", "WaitStateExited"] * 2, types(events)[1:5])
        self.assertEqual(3600, round((events[2]["timestamp"] - events[1]["timestamp"]).total_seconds()))
        self.assertEqual(60, round((events[4]["timestamp"] - events[3]["timestamp"]).total_seconds()))

    def test_fail_error_and_cause(self):
        d, events = self.failed({"F": {"Type": "Fail", "Error": "{% $states.input.e %}",
                                       "Cause": "{% 'because ' & $states.input.why %}"}}, '{"e": "Oops", "why": "x"}')
        self.assertEqual(("Oops", "because x"), (d["error"], d["cause"]))
        self.assertEqual("FailStateEntered", types(events)[-2])

    def test_catch_output_and_assign_read_the_error_output(self):
        out, events = self.succeeded({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "boom"}, "Assign": {"never": 1},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H",
                             "Output": {"error": "{% $states.errorOutput.Error %}", "in": "{% $states.input %}"},
                             "Assign": {"why": "{% $parse($states.errorOutput.Cause).errorMessage %}"}}],
                  "End": True},
            "H": {"Type": "Pass", "Output": {"caught": "{% $states.input %}", "why": "{% $why %}"}, "End": True}},
            '{"a": 1}', start_at="T")
        self.assertEqual({"caught": {"error": "Boom", "in": {"a": 1}}, "why": "it broke"}, out)

    def test_catch_default_output_is_the_error_output(self):
        out, _ = self.succeeded({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "boom"},
                  "Catch": [{"ErrorEquals": ["Boom"], "Next": "H"}], "End": True},
            "H": {"Type": "Succeed"}}, start_at="T")
        self.assertEqual("Boom", out["Error"])
        self.assertEqual("it broke", json.loads(out["Cause"])["errorMessage"])

    def test_whole_strings_only_and_nested_expressions(self):
        out, _ = self.succeeded({"A": {"Type": "Pass", "Output": {
            "literal": " {% 1 %}", "keys.$": "$", "deep": [1, {"x": "{% [1, 2] %}"}], "null": "{% null %}"},
            "End": True}})
        self.assertEqual({"literal": " {% 1 %}", "keys.$": "$", "deep": [1, {"x": [1, 2]}], "null": None}, out)

    def test_numbers_are_written_as_javascript_writes_them(self):
        d, events = self.run_execution(jsonata({"A": {"Type": "Pass", "Output": {
            "three": "{% 1.5 * 2 %}", "sum": "{% 0.1 + 0.2 %}", "big": "{% 1e20 * 10 %}", "small": "{% 1 / 100000 %}",
            "input": "{% $states.input.n %}"}, "End": True}}), '{"n": 2.50}')
        self.assertEqual('{"three":3,"sum":0.30000000000000004,"big":1e+21,"small":0.00001,"input":2.5}',
                         d["output"])

    def test_mixed_query_languages(self):
        # A JSONPath state machine with one JSONata state, and variables shared between them.
        d, _ = self.run_execution(H.definition({
            "P": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "Assign": {"x.$": "$.v"}, "Next": "J"},
            "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"v": "{% $states.input.v * $x %}"},
                  "Next": "Q"},
            "Q": {"Type": "Pass", "ResultPath": "$.r", "End": True}}, start_at="P"), '{"v": 4}')
        self.assertEqual({"v": 16, "r": {"v": 16}}, json.loads(d["output"]))


class Errors(JsonataTestCase):
    def assertEvaluationFailed(self, d, events, state, entered, location, tail):
        cause = PREFIX.format(state, entered) + tail
        self.assertEqual(("States.QueryEvaluationError", cause), (d["error"], d["cause"]))
        details = evaluation_failed(events)
        self.assertEqual(1, len(details))
        expected = {"error": "States.QueryEvaluationError", "cause": cause, "state": state}
        if location:
            expected["location"] = location
        self.assertEqual(expected, details[0])

    def test_returned_nothing(self):
        d, events = self.failed({"S": {"Type": "Pass", "Output": {"r": "{% $doesNotExist %}"}, "End": True}})
        self.assertEvaluationFailed(d, events, "S", 2, "Output/r",
                                    "The JSONata expression '$doesNotExist' specified for the field 'Output/r' "
                                    "returned nothing (undefined).")
        self.assertEqual(["ExecutionStarted", "PassStateEntered", "EvaluationFailed", "ExecutionFailed"],
                         types(events))
        self.assertEqual([0, 0, 0, 3], [e["previousEventId"] for e in events])

    def test_unexpected_result_type(self):
        d, events = self.failed({"M": {"Type": "Map", "Items": "{% {'foo': 'bar'} %}", "ItemProcessor": PROCESSOR,
                                       "End": True}})
        self.assertEvaluationFailed(d, events, "M", 2, "Items",
                                    "The JSONata expression '{'foo': 'bar'}' specified for the field 'Items' returned "
                                    "an unexpected result type. Expected 'array', but was 'object' for value: "
                                    "{\"foo\":\"bar\"}")
        self.assertEqual(["ExecutionStarted", "MapStateEntered", "EvaluationFailed", "MapStateFailed",
                          "ExecutionFailed"], types(events))

    def test_unsupported_result_type(self):
        d, events = self.failed({"S": {"Type": "Pass", "Output": "{% $fn := function($x){$x} %}", "End": True}})
        self.assertEvaluationFailed(d, events, "S", 2, "Output",
                                    "The JSONata expression '$fn := function($x){$x}' specified for the field "
                                    "'Output' returned an unsupported result type.")

    def test_error_thrown_during_evaluation(self):
        d, events = self.failed({"S": {"Type": "Pass", "Assign": {"n": "{% $number($states.input.s) %}"},
                                       "End": True}}, '{"s": "abc"}')
        self.assertEvaluationFailed(d, events, "S", 2, "Assign/n",
                                    "The JSONata expression '$number($states.input.s)' specified for the field "
                                    "'Assign/n' threw an error during evaluation. D3030: Unable to cast value to a "
                                    "number: \"abc\"")

    def test_wait_timestamp_that_does_not_parse(self):
        d, events = self.failed({"W": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": True}},
                                '{"t": "2016-12-05 21:29:29Z"}')
        self.assertEvaluationFailed(d, events, "W", 2, "Timestamp",
                                    "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time "
                                    "format string: 2016-12-05 21:29:29Z")
        self.assertEqual(2, events[2]["previousEventId"], "a Wait's EvaluationFailed follows its entry")

    def test_choice_condition_that_is_not_a_boolean(self):
        d, events = self.failed({"C": {"Type": "Choice", "Choices": [{"Condition": "{% 'yes' %}", "Next": "S"}]},
                                 "S": {"Type": "Succeed"}}, start_at="C")
        self.assertEvaluationFailed(d, events, "C", 2, "Choices[0]/Condition",
                                    "The JSONata expression ''yes'' specified for the field 'Choices[0]/Condition' "
                                    "returned an unexpected result type. Expected 'boolean', but was 'string' for "
                                    "value: \"yes\"")

    def test_map_input_that_is_not_an_array(self):
        d, events = self.failed({"M": {"Type": "Map", "ItemProcessor": PROCESSOR, "End": True}}, '{"a": 1}')
        self.assertEvaluationFailed(d, events, "M", 2, None,
                                    "Map state input must be an array but was: {\"a\":1}")

    def test_evaluation_errors_are_retried_and_caught(self):
        out, events = self.succeeded({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                  "Arguments": {"FunctionName": "{% $states.input.missing %}"},
                  "Retry": [{"ErrorEquals": ["States.QueryEvaluationError"], "MaxAttempts": 2,
                             "IntervalSeconds": 1}],
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}], "End": True},
            "H": {"Type": "Pass", "End": True}}, start_at="T")
        self.assertEqual("States.QueryEvaluationError", out["Error"])
        self.assertEqual(3, types(events).count("EvaluationFailed"), "the first attempt and two retries")
        self.assertNotIn("TaskScheduled", types(events))

    def test_a_failing_catcher_fails_the_execution(self):
        d, events = self.failed({
            "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "boom"},
                  "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H",
                             "Output": {"x": "{% $states.errorOutput.nope %}"}}], "End": True},
            "H": {"Type": "Succeed"}}, start_at="T")
        self.assertEqual("States.QueryEvaluationError", d["error"])
        self.assertIn("specified for the field 'Catch[0]/Output/x' returned nothing (undefined).", d["cause"])
        self.assertEqual("Catch[0]/Output/x", evaluation_failed(events)[0]["location"])

    def test_inside_a_map_iteration(self):
        d, events = self.failed({"M": {"Type": "Map", "Items": [1], "ItemProcessor": {
            "StartAt": "P", "States": {"P": {"Type": "Pass", "Output": "{% $nope %}", "End": True}}}, "End": True}})
        self.assertEqual("States.QueryEvaluationError", d["error"])
        self.assertEqual(["P"], [x["state"] for x in evaluation_failed(events)], "only the failing state records it")
        self.assertEqual(["MapIterationFailed", "MapStateFailed", "ExecutionFailed"], types(events)[-3:])


class Definitions(JsonataTestCase):
    def validate(self, definition):
        r = self.sfn.validate_state_machine_definition(definition=definition)
        return r["result"], [(x["code"], x["message"], x.get("location")) for x in r["diagnostics"]]

    def test_expression_that_does_not_parse(self):
        definition = jsonata({"E": {"Type": "Pass", "Output": {"v": "{% $states.input[1,2) %}"}, "End": True}})
        self.assertEqual(("FAIL", [("INVALID_JSONATA_EXPRESSION", 'Expected "]", got ","', "/States/E/Output/v")]),
                         self.validate(definition))
        self.assertClientError("InvalidDefinition",
                               "Invalid State Machine Definition: 'INVALID_JSONATA_EXPRESSION: Expected \"]\", "
                               "got \",\" at /States/E/Output/v'",
                               self.create_sm, definition_text=definition)

    def test_top_level_reference(self):
        definition = jsonata({"E": {"Type": "Pass", "Assign": {"v": "{% phone %}"}, "End": True}})
        self.assertClientError("InvalidDefinition",
                               "Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to "
                               "'phone' at the top level is not supported. at /States/E/Assign/v'",
                               self.create_sm, definition_text=definition)

    def test_states_members_where_they_do_not_exist(self):
        result, diags = self.validate(jsonata({
            "E": {"Type": "Pass", "Output": {"e": "{% $states.errorOutput %}", "r": "{% $states.result %}"},
                  "End": True}}))
        self.assertEqual("FAIL", result)
        self.assertEqual([("UNSUPPORTED_JSONATA_EXPRESSION", "Field '$states.errorOutput' does not exist.",
                           "/States/E/Output/e"),
                          ("UNSUPPORTED_JSONATA_EXPRESSION", "Field '$states.result' does not exist.",
                           "/States/E/Output/r")], diags)

    def test_fields_of_the_other_query_language(self):
        result, diags = self.validate(jsonata({"E": {"Type": "Pass", "InputPath": "$.a", "End": True}}))
        self.assertEqual(("FAIL", [("SCHEMA_VALIDATION_FAILED",
                                    "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported "
                                    "for the 'JSONPath' QueryLanguage", "/States/E")]), (result, diags))
        result, diags = self.validate(H.definition({"E": {"Type": "Pass", "Output": {}, "End": True}}))
        self.assertEqual([("SCHEMA_VALIDATION_FAILED",
                           "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the "
                           "'JSONata' QueryLanguage", "/States/E")], diags)

    def test_a_state_cannot_go_back_to_jsonpath(self):
        result, diags = self.validate(jsonata({"E": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": True}}))
        self.assertEqual([("SCHEMA_VALIDATION_FAILED",
                           "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
                           "/States/E")], diags)


class TimeAndRandomness(H.ServerTestCase):
    """$now and $millis read the execution's clock; $random and $uuid the --seed random source."""

    CLOCK = "manual"
    EXTRA_ARGS = ("--seed", "11")

    DEF = jsonata({"A": {"Type": "Pass", "Output": {
        "now": "{% $now() %}", "millis": "{% $millis() %}", "random": "{% $random() %}", "uuid": "{% $uuid() %}"},
        "End": True}})

    def test_now_is_the_clock_and_randomness_is_seeded(self):
        clock = self.server.clock_now()
        d, _ = self.run_execution(self.DEF)
        out = json.loads(d["output"])
        self.assertEqual(round(clock.timestamp() * 1000), out["millis"])
        self.assertEqual(clock, H.parse_iso(out["now"]))
        self.assertRegex(out["uuid"], r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        self.assertTrue(0 <= out["random"] < 1)
        # The same seed replays the same draws in a fresh server.
        with H.Server(clock="manual", extra_args=("--seed", "11")) as other:
            sfn = other.client()
            arn = sfn.create_state_machine(name=H.unique("seeded"), definition=self.DEF,
                                           roleArn=H.ROLE_ARN)["stateMachineArn"]
            ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
            again = json.loads(H.wait_for_status(sfn, ex, server=other)["output"])
        self.assertEqual((out["random"], out["uuid"]), (again["random"], again["uuid"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
