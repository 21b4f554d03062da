// Parsing valid definitions into the typed Definition.
#include "emulator/asl/parser.h"

#include <gtest/gtest.h>

#include <string>

namespace sfn::asl {
namespace {

DefinitionPtr MustParse(const std::string& text, MachineType type = MachineType::kStandard) {
  auto parsed = Parse(text, type);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message() << "\n" << text;
  return parsed.ok() ? parsed.value() : nullptr;
}

// The value of a field that reads nothing (a literal, a constant template).
Json Eval(const std::optional<Field>& field) {
  EXPECT_TRUE(field.has_value());
  if (!field) return Json();
  Json empty = Json::object();
  auto v = field->Evaluate(dataflow::EvalScope{empty, empty});
  EXPECT_TRUE(v.ok()) << v.failure().cause;
  return v.ok() && v.value() ? *v.value() : Json();
}

std::optional<std::string> TextOf(const std::optional<Field>& field) {
  return field ? std::optional<std::string>(field->text()) : std::nullopt;
}

const State& StateOf(const DefinitionPtr& def, const std::string& name) {
  const State* state = def->body.Find(name);
  EXPECT_NE(state, nullptr) << name;
  static const State kEmpty;
  return state ? *state : kEmpty;
}

TEST(StateTypeNameTest, NamesEveryType) {
  struct Case {
    StateType type;
    std::string_view name;
  };
  const Case cases[] = {
      {StateType::kPass, "Pass"},         {StateType::kWait, "Wait"},
      {StateType::kChoice, "Choice"},     {StateType::kSucceed, "Succeed"},
      {StateType::kFail, "Fail"},         {StateType::kTask, "Task"},
      {StateType::kParallel, "Parallel"}, {StateType::kMap, "Map"},
  };
  for (const Case& c : cases) EXPECT_EQ(StateTypeName(c.type), c.name);
}

TEST(ParserTest, TopLevelFields) {
  auto def = MustParse(R"({"Comment": "c", "Version": "1.0", "TimeoutSeconds": 30,
      "StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}})");
  ASSERT_TRUE(def);
  EXPECT_EQ(def->comment, "c");
  EXPECT_EQ(def->version, "1.0");
  EXPECT_EQ(def->timeout_seconds, 30);
  EXPECT_EQ(def->query_language, QueryLanguage::kJsonPath);
  EXPECT_EQ(def->body.start_at, "A");
  EXPECT_EQ(def->body.order, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(StateOf(def, "A").next, "B");
  EXPECT_FALSE(StateOf(def, "A").end);
  EXPECT_EQ(StateOf(def, "B").type, StateType::kSucceed);
  EXPECT_TRUE(def->raw.contains("Comment"));
}

TEST(ParserTest, PassFields) {
  auto def = MustParse(R"({"StartAt": "P", "States": {"P": {"Type": "Pass",
      "InputPath": "$.in", "OutputPath": null, "ResultPath": "$.r", "Result": {"x": 1},
      "Parameters": {"a.$": "$.b", "c": [1, {"d.$": "$$.Execution.Id"}]},
      "Assign": {"v": 1}, "Comment": "hi", "End": true}}})");
  ASSERT_TRUE(def);
  const State& p = StateOf(def, "P");
  EXPECT_EQ(p.type, StateType::kPass);
  EXPECT_TRUE(p.end);
  ASSERT_TRUE(p.input_path);
  EXPECT_EQ(p.input_path->name(), "InputPath");
  EXPECT_EQ(p.input_path->kind(), dataflow::ExpressionKind::kPath);
  EXPECT_EQ(p.input_path->text(), "$.in");
  ASSERT_TRUE(p.output_path);  // null: the constant {}
  EXPECT_TRUE(p.output_path->IsLiteral());
  EXPECT_EQ(Eval(p.output_path), Json::object());
  ASSERT_TRUE(p.result_path.path);
  EXPECT_EQ(p.result_path.path->text(), "$.r");
  EXPECT_EQ(p.result, Json::parse(R"({"x": 1})"));
  ASSERT_TRUE(p.parameters.has_value());
  EXPECT_EQ(p.parameters->name(), "Parameters");
  EXPECT_EQ(p.parameters->kind(), dataflow::ExpressionKind::kTemplate);
  EXPECT_EQ(Eval(p.assign_template), Json::parse(R"({"v": 1})"));
  EXPECT_EQ(p.comment, "hi");
  EXPECT_EQ(p.raw.at("Type"), "Pass");
}

TEST(ParserTest, DefaultPathsAreDollar) {
  auto def = MustParse(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
  ASSERT_TRUE(def);
  const State& p = StateOf(def, "P");
  EXPECT_FALSE(p.input_path);  // absent: the input itself
  EXPECT_FALSE(p.output_path);
  ASSERT_TRUE(p.result_path.path);
  EXPECT_EQ(p.result_path.path->text(), "$");
}

TEST(ParserTest, WaitVariants) {
  // Each spelling of a meaning fills the same field, named as written.
  struct Case {
    std::string fields;
    const char* name;
    dataflow::ExpressionKind kind;
    std::string text;
    bool seconds;  // else timestamp
  };
  const Case cases[] = {
      {R"("Seconds": 5)", "Seconds", dataflow::ExpressionKind::kLiteral, "5", true},
      {R"("Timestamp": "2016-03-14T01:59:00Z")", "Timestamp", dataflow::ExpressionKind::kLiteral,
       R"("2016-03-14T01:59:00Z")", false},
      {R"("SecondsPath": "$.s")", "SecondsPath", dataflow::ExpressionKind::kPath, "$.s", true},
      {R"("TimestampPath": "$.t")", "TimestampPath", dataflow::ExpressionKind::kPath, "$.t", false},
      {R"("SecondsPath": "$$.Execution.Input.s")", "SecondsPath", dataflow::ExpressionKind::kPath,
       "$$.Execution.Input.s", true},
  };
  for (const Case& c : cases) {
    auto def = MustParse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", )" + c.fields +
                         R"(, "End": true}}})");
    ASSERT_TRUE(def) << c.fields;
    const State& w = StateOf(def, "W");
    const std::optional<Field>& set = c.seconds ? w.seconds : w.timestamp;
    const std::optional<Field>& unset = c.seconds ? w.timestamp : w.seconds;
    ASSERT_TRUE(set) << c.fields;
    EXPECT_FALSE(unset) << c.fields;
    EXPECT_EQ(set->name(), c.name);
    EXPECT_EQ(set->kind(), c.kind) << c.fields;
    EXPECT_EQ(set->text(), c.text);
  }
}

TEST(ParserTest, VariableReferencesInPathFields) {
  auto def = MustParse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
      "SecondsPath": "$waitTime", "OutputPath": "$result.value", "End": true}}})");
  ASSERT_TRUE(def);
  const State& w = StateOf(def, "W");
  ASSERT_TRUE(w.seconds);
  const dataflow::Reference* seconds = w.seconds->reference();
  ASSERT_NE(seconds, nullptr);
  EXPECT_EQ(seconds->root(), dataflow::Reference::Root::kVariable);
  EXPECT_EQ(seconds->variable(), "waitTime");
  EXPECT_EQ(seconds->path().text(), "$");
  EXPECT_EQ(w.seconds->text(), "$waitTime");
  ASSERT_TRUE(w.output_path);
  const dataflow::Reference* output = w.output_path->reference();
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->variable(), "result");
  EXPECT_EQ(output->path().text(), "$.value");
}

TEST(ParserTest, ChoiceRules) {
  auto def = MustParse(R"({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
        {"Variable": "$.a", "NumericEquals": 1, "Next": "X"},
        {"Variable": "$.b", "StringEqualsPath": "$.c", "Next": "X"},
        {"And": [{"Variable": "$.d", "IsPresent": true},
                 {"Not": {"Variable": "$.d", "BooleanEquals": false}}], "Next": "X"},
        {"Or": [{"Variable": "$guess", "StringEqualsPath": "$answer"}], "Next": "X",
         "Assign": {"k": 1}}
      ], "Default": "X"},
      "X": {"Type": "Succeed"}}})");
  ASSERT_TRUE(def);
  const State& c = StateOf(def, "C");
  ASSERT_EQ(c.choices.size(), 4u);
  EXPECT_EQ(c.default_next, "X");

  const ChoiceRule& r0 = *c.choices[0];
  EXPECT_EQ(r0.kind, ChoiceRule::Kind::kComparison);
  EXPECT_EQ(r0.op, ComparisonOp::kNumericEquals);
  EXPECT_EQ(r0.op_name, "NumericEquals");
  EXPECT_EQ(r0.operand, Json(1));
  EXPECT_EQ(TextOf(r0.variable), "$.a");
  EXPECT_FALSE(r0.operand_path);
  EXPECT_EQ(r0.next, "X");

  const ChoiceRule& r1 = *c.choices[1];
  EXPECT_EQ(r1.op, ComparisonOp::kStringEquals);
  EXPECT_EQ(r1.op_name, "StringEqualsPath");
  ASSERT_TRUE(r1.operand_path);
  EXPECT_EQ(r1.operand_path->name(), "StringEqualsPath");
  EXPECT_EQ(r1.operand_path->text(), "$.c");

  const ChoiceRule& r2 = *c.choices[2];
  EXPECT_EQ(r2.kind, ChoiceRule::Kind::kAnd);
  ASSERT_EQ(r2.children.size(), 2u);
  EXPECT_EQ(r2.children[0]->op, ComparisonOp::kIsPresent);
  EXPECT_EQ(r2.children[1]->kind, ChoiceRule::Kind::kNot);
  ASSERT_EQ(r2.children[1]->children.size(), 1u);
  EXPECT_EQ(r2.children[1]->children[0]->op, ComparisonOp::kBooleanEquals);

  const ChoiceRule& r3 = *c.choices[3];
  EXPECT_EQ(r3.kind, ChoiceRule::Kind::kOr);
  ASSERT_EQ(r3.children.size(), 1u);
  ASSERT_TRUE(r3.children[0]->variable && r3.children[0]->operand_path);
  EXPECT_EQ(r3.children[0]->variable->reference()->variable(), "guess");
  EXPECT_EQ(r3.children[0]->operand_path->reference()->variable(), "answer");
  EXPECT_EQ(Eval(r3.assign_template), Json::parse(R"({"k": 1})"));
}

TEST(ParserTest, EveryComparisonOperatorParses) {
  const std::pair<const char*, const char*> ops[] = {
      {"StringEquals", R"("a")"},
      {"StringLessThan", R"("a")"},
      {"StringGreaterThan", R"("a")"},
      {"StringLessThanEquals", R"("a")"},
      {"StringGreaterThanEquals", R"("a")"},
      {"StringMatches", R"("a*")"},
      {"NumericEquals", "1"},
      {"NumericLessThan", "1.5"},
      {"NumericGreaterThan", "1"},
      {"NumericLessThanEquals", "1"},
      {"NumericGreaterThanEquals", "1"},
      {"BooleanEquals", "true"},
      {"TimestampEquals", R"("2020-01-01T00:00:00Z")"},
      {"TimestampLessThan", R"("2020-01-01T00:00:00Z")"},
      {"TimestampGreaterThan", R"("2020-01-01T00:00:00Z")"},
      {"TimestampLessThanEquals", R"("2020-01-01T00:00:00Z")"},
      {"TimestampGreaterThanEquals", R"("2020-01-01T00:00:00Z")"},
      {"IsNull", "true"},
      {"IsPresent", "false"},
      {"IsNumeric", "true"},
      {"IsString", "true"},
      {"IsBoolean", "true"},
      {"IsTimestamp", "true"},
      {"StringEqualsPath", R"("$.x")"},
      {"NumericLessThanPath", R"("$.x")"},
      {"BooleanEqualsPath", R"("$.x")"},
      {"TimestampGreaterThanEqualsPath", R"("$.x")"},
  };
  for (const auto& [op, operand] : ops) {
    std::string text = std::string(R"({"StartAt": "C", "States": {"C": {"Type": "Choice",
        "Choices": [{"Variable": "$.v", ")") +
                       op + "\": " + operand + R"(, "Next": "X"}]}, "X": {"Type": "Succeed"}}})";
    auto def = MustParse(text);
    ASSERT_TRUE(def) << op;
    EXPECT_EQ(StateOf(def, "C").choices[0]->op_name, op);
  }
}

TEST(ParserTest, FailErrorAndCause) {
  auto def = MustParse(R"json({"StartAt": "A", "States": {
      "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "F1"}],
            "Default": "F2"},
      "F1": {"Type": "Fail", "Error": "E", "Cause": "C"},
      "F2": {"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('x{}', $.c)"}}})json");
  ASSERT_TRUE(def);
  const State& f1 = StateOf(def, "F1");
  EXPECT_EQ(Eval(f1.error), Json("E"));
  EXPECT_EQ(Eval(f1.cause), Json("C"));
  const State& f2 = StateOf(def, "F2");
  ASSERT_TRUE(f2.error);
  EXPECT_EQ(f2.error->name(), "ErrorPath");
  EXPECT_EQ(f2.error->kind(), dataflow::ExpressionKind::kPath);
  EXPECT_EQ(f2.error->text(), "$.e");
  ASSERT_TRUE(f2.cause);
  EXPECT_EQ(f2.cause->name(), "CausePath");
  EXPECT_EQ(f2.cause->kind(), dataflow::ExpressionKind::kIntrinsic);
}

TEST(ParserTest, TaskRetryCatch) {
  auto def = MustParse(R"({"StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"p.$": "$.Payload"},
            "TimeoutSeconds": 10, "HeartbeatSeconds": 5,
            "Retry": [{"ErrorEquals": ["Custom"], "IntervalSeconds": 2, "MaxAttempts": 4,
                       "BackoffRate": 1.5, "MaxDelaySeconds": 9, "JitterStrategy": "FULL"},
                      {"ErrorEquals": ["States.ALL"]}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "H"}],
            "End": true},
      "H": {"Type": "Pass", "End": true}}})");
  ASSERT_TRUE(def);
  const State& t = StateOf(def, "T");
  EXPECT_EQ(t.resource, "arn:aws:states:::lambda:invoke");
  EXPECT_EQ(Eval(t.timeout_seconds), Json(10));
  EXPECT_EQ(Eval(t.heartbeat_seconds), Json(5));
  EXPECT_TRUE(t.parameters.has_value());
  EXPECT_TRUE(t.result_selector.has_value());
  ASSERT_EQ(t.retry.size(), 2u);
  EXPECT_EQ(t.retry[0].error_equals, std::vector<std::string>{"Custom"});
  EXPECT_EQ(t.retry[0].interval_seconds, 2);
  EXPECT_EQ(t.retry[0].max_attempts, 4);
  EXPECT_EQ(t.retry[0].backoff_rate, 1.5);
  EXPECT_EQ(t.retry[0].max_delay_seconds, 9);
  EXPECT_TRUE(t.retry[0].full_jitter);
  EXPECT_EQ(t.retry[1].interval_seconds, 1);
  EXPECT_EQ(t.retry[1].max_attempts, 3);
  EXPECT_EQ(t.retry[1].backoff_rate, 2.0);
  ASSERT_EQ(t.catches.size(), 1u);
  EXPECT_EQ(t.catches[0].next, "H");
  ASSERT_TRUE(t.catches[0].result_path.path);
  EXPECT_EQ(t.catches[0].result_path.path->text(), "$.err");
}

TEST(ParserTest, ParallelAndMapBodies) {
  auto def = MustParse(R"({"StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "M", "Branches": [
          {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
          {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 1, "End": true}}}]},
      "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
            "ItemSelector": {"v.$": "$$.Map.Item.Value"},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "I",
                              "States": {"I": {"Type": "Pass", "End": true}}},
            "Next": "L"},
      "L": {"Type": "Map", "Iterator": {"StartAt": "J",
            "States": {"J": {"Type": "Succeed"}}}, "End": true}}})");
  ASSERT_TRUE(def);
  const State& p = StateOf(def, "P");
  ASSERT_EQ(p.branches.size(), 2u);
  EXPECT_EQ(p.branches[0]->start_at, "A");
  EXPECT_EQ(Eval(p.branches[1]->Find("B")->seconds), Json(1));
  const State& m = StateOf(def, "M");
  ASSERT_TRUE(m.item_processor);
  EXPECT_EQ(m.item_processor->start_at, "I");
  ASSERT_TRUE(m.items);
  EXPECT_EQ(m.items->name(), "ItemsPath");
  EXPECT_EQ(m.items->text(), "$.items");
  EXPECT_EQ(Eval(m.max_concurrency), Json(2));
  ASSERT_TRUE(m.item_selector.has_value());
  EXPECT_EQ(m.item_selector->name(), "ItemSelector");
  EXPECT_EQ(m.processor_mode, "INLINE");
  const State& l = StateOf(def, "L");
  ASSERT_TRUE(l.item_processor);
  EXPECT_EQ(l.item_processor->Find("J")->type, StateType::kSucceed);
}

TEST(ParserTest, JsonataFieldsCompileIntoExpressions) {
  auto def = MustParse(R"({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
            "Output": "{% $states.result.Payload %}", "Assign": {"x": "{% 1 %}"},
            "TimeoutSeconds": 30, "Next": "W"},
      "W": {"Type": "Wait", "Seconds": "{% $x %}", "Next": "C"},
      "C": {"Type": "Choice", "Choices": [{"Condition": "{% $x = 1 %}", "Next": "S",
                                           "Output": {"a": 1}}], "Default": "S"},
      "S": {"Type": "Succeed", "Output": "{% 'done' %}"}}})");
  ASSERT_TRUE(def);
  EXPECT_EQ(def->query_language, QueryLanguage::kJsonata);
  const State& t = StateOf(def, "T");
  EXPECT_EQ(t.query_language, QueryLanguage::kJsonata);
  ASSERT_TRUE(t.parameters);
  EXPECT_EQ(t.parameters->name(), "Arguments");
  EXPECT_TRUE(t.parameters->IsJsonata());
  ASSERT_TRUE(t.output);
  EXPECT_TRUE(t.output->IsJsonata());
  EXPECT_EQ(t.output->text(), "{% $states.result.Payload %}");
  ASSERT_TRUE(t.assign_template);
  EXPECT_TRUE(t.assign_template->IsJsonata());
  EXPECT_EQ(Eval(t.timeout_seconds), Json(30));  // a literal stays a literal
  const State& w = StateOf(def, "W");
  ASSERT_TRUE(w.seconds);
  EXPECT_EQ(w.seconds->name(), "Seconds");
  EXPECT_TRUE(w.seconds->IsJsonata());
  EXPECT_EQ(w.seconds->text(), "{% $x %}");
  const State& c = StateOf(def, "C");
  ASSERT_EQ(c.choices.size(), 1u);
  EXPECT_EQ(c.choices[0]->kind, ChoiceRule::Kind::kCondition);
  ASSERT_TRUE(c.choices[0]->condition);
  EXPECT_TRUE(c.choices[0]->condition->IsJsonata());
  EXPECT_EQ(Eval(c.choices[0]->output), Json::parse(R"({"a": 1})"));
  EXPECT_TRUE(StateOf(def, "S").output->IsJsonata());
}

// In a JSONata state, "{% %}" counts only as a whole string, at any depth;
// the same text in a JSONPath state is a literal.
TEST(ParserTest, JsonataOnlyAsWholeStrings) {
  auto def = MustParse(R"({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "QueryLanguage": "JSONata",
            "Output": {"a": " {% 1 %}", "b": ["x", {"c": "{%1%} "}], "d.$": "$"}, "Next": "B"},
      "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"a": [1, {"b": "{% 2 %}"}]},
            "Next": "C"},
      "C": {"Type": "Pass", "Parameters": {"a": "{% 1 %}"}, "End": true}}})");
  ASSERT_TRUE(def);
  const State& a = StateOf(def, "A");
  ASSERT_TRUE(a.output);
  EXPECT_TRUE(a.output->IsLiteral());
  EXPECT_EQ(Eval(a.output), Json::parse(R"({"a": " {% 1 %}", "b": ["x", {"c": "{%1%} "}],
                                           "d.$": "$"})"));
  EXPECT_TRUE(StateOf(def, "B").output->IsJsonata());
  EXPECT_EQ(Eval(StateOf(def, "C").parameters), Json::parse(R"({"a": "{% 1 %}"})"));
}

TEST(ParserTest, StateQueryLanguageOverridesTopLevel) {
  auto def = MustParse(R"({"StartAt": "M", "QueryLanguage": "JSONPath", "States": {
      "M": {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {
          "StartAt": "P", "States": {"P": {"QueryLanguage": "JSONPath", "Type": "Pass",
          "End": true}}}, "End": true}}})");
  ASSERT_TRUE(def);
  EXPECT_EQ(StateOf(def, "M").query_language, QueryLanguage::kJsonata);
  EXPECT_EQ(StateOf(def, "M").item_processor->Find("P")->query_language, QueryLanguage::kJsonPath);
}

TEST(ParserTest, InvalidDefinitionMessage) {
  struct Case {
    std::string text;
    MachineType type;
    std::string message;
  };
  const Case cases[] = {
      {R"({"States": {"A": {"Type": "Pass", "End": true}}})", MachineType::kStandard,
       "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: "
       "[StartAt] at /'"},
      {R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "C": {"Type": "Pass",
          "End": true}}})",
       MachineType::kStandard,
       "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: B "
       "at /States/A/Next, MISSING_TRANSITION_TARGET: State \"C\" is not reachable. at "
       "/States/C'"},
      {R"({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"},
          "B": {"Type": "Pass", "Next": "A"}}})",
       MachineType::kStandard,
       "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at "
       "null'"},
      {R"({"StartAt": "T", "States": {"T": {"Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}})",
       MachineType::kExpress,
       "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does "
       "not support '.waitForTaskToken' service integration  at /States/T/Resource'"},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.text, c.type);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidDefinition);
    EXPECT_EQ(parsed.status().message(), c.message);
  }
}

TEST(ParserTest, NeverThrowsOnOddInput) {
  const char* inputs[] = {"",
                          "null",
                          "[]",
                          "{",
                          "\"x\"",
                          "{\"StartAt\": 1, \"States\": []}",
                          "{\"StartAt\": \"A\", \"States\": {\"A\": 5}}",
                          "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": 5}}}"};
  for (const char* text : inputs) {
    auto parsed = Parse(text);
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_FALSE(Validate(text, MachineType::kStandard).empty()) << text;
  }
}

}  // namespace
}  // namespace sfn::asl
