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
  ASSERT_TRUE(p.input_path.path);
  EXPECT_EQ(p.input_path.path->text(), "$.in");
  EXPECT_FALSE(p.output_path.path);  // null
  ASSERT_TRUE(p.result_path.path);
  EXPECT_EQ(p.result_path.path->text(), "$.r");
  EXPECT_EQ(p.result, Json::parse(R"({"x": 1})"));
  EXPECT_TRUE(p.parameters.has_value());
  EXPECT_EQ(p.assign, Json::parse(R"({"v": 1})"));
  EXPECT_EQ(p.comment, "hi");
  EXPECT_EQ(p.raw.at("Type"), "Pass");
}

TEST(ParserTest, DefaultPathsAreDollar) {
  auto def = MustParse(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
  ASSERT_TRUE(def);
  const State& p = StateOf(def, "P");
  ASSERT_TRUE(p.input_path.path);
  EXPECT_EQ(p.input_path.path->text(), "$");
  ASSERT_TRUE(p.result_path.path);
  EXPECT_EQ(p.result_path.path->text(), "$");
}

TEST(ParserTest, WaitVariants) {
  struct Case {
    std::string fields;
    std::optional<int64_t> seconds;
    std::optional<std::string> timestamp;
    std::optional<std::string> seconds_path;
    std::optional<std::string> timestamp_path;
  };
  const Case cases[] = {
      {R"("Seconds": 5)", 5, std::nullopt, std::nullopt, std::nullopt},
      {R"("Timestamp": "2016-03-14T01:59:00Z")", std::nullopt, "2016-03-14T01:59:00Z",
       std::nullopt, std::nullopt},
      {R"("SecondsPath": "$.s")", std::nullopt, std::nullopt, "$.s", std::nullopt},
      {R"("TimestampPath": "$.t")", std::nullopt, std::nullopt, std::nullopt, "$.t"},
  };
  for (const Case& c : cases) {
    auto def = MustParse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait", )" + c.fields +
                         R"(, "End": true}}})");
    ASSERT_TRUE(def) << c.fields;
    const State& w = StateOf(def, "W");
    EXPECT_EQ(w.seconds, c.seconds) << c.fields;
    EXPECT_EQ(w.timestamp, c.timestamp) << c.fields;
    EXPECT_EQ(w.seconds_path ? std::optional<std::string>(w.seconds_path->text()) : std::nullopt,
              c.seconds_path);
    EXPECT_EQ(w.timestamp_path ? std::optional<std::string>(w.timestamp_path->text())
                               : std::nullopt,
              c.timestamp_path);
  }
}

TEST(ParserTest, VariableReferencesInPathFields) {
  auto def = MustParse(R"({"StartAt": "W", "States": {"W": {"Type": "Wait",
      "SecondsPath": "$waitTime", "OutputPath": "$result.value", "End": true}}})");
  ASSERT_TRUE(def);
  const State& w = StateOf(def, "W");
  EXPECT_FALSE(w.seconds_path);
  ASSERT_EQ(w.variable_refs.count("SecondsPath"), 1u);
  EXPECT_EQ(w.variable_refs.at("SecondsPath").name, "waitTime");
  EXPECT_EQ(w.variable_refs.at("SecondsPath").path.text(), "$");
  ASSERT_EQ(w.variable_refs.count("OutputPath"), 1u);
  EXPECT_EQ(w.variable_refs.at("OutputPath").name, "result");
  EXPECT_EQ(w.variable_refs.at("OutputPath").path.text(), "$.value");
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
  ASSERT_TRUE(r0.variable);
  EXPECT_EQ(r0.variable->text(), "$.a");
  EXPECT_EQ(r0.next, "X");

  const ChoiceRule& r1 = *c.choices[1];
  EXPECT_EQ(r1.op, ComparisonOp::kStringEquals);
  EXPECT_EQ(r1.op_name, "StringEqualsPath");
  ASSERT_TRUE(r1.operand_path);
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
  EXPECT_EQ(r3.children[0]->variable_var, "guess");
  EXPECT_EQ(r3.children[0]->operand_var, "answer");
  EXPECT_EQ(r3.assign, Json::parse(R"({"k": 1})"));
}

TEST(ParserTest, EveryComparisonOperatorParses) {
  const std::pair<const char*, const char*> ops[] = {
      {"StringEquals", R"("a")"},         {"StringLessThan", R"("a")"},
      {"StringGreaterThan", R"("a")"},    {"StringLessThanEquals", R"("a")"},
      {"StringGreaterThanEquals", R"("a")"}, {"StringMatches", R"("a*")"},
      {"NumericEquals", "1"},             {"NumericLessThan", "1.5"},
      {"NumericGreaterThan", "1"},        {"NumericLessThanEquals", "1"},
      {"NumericGreaterThanEquals", "1"},  {"BooleanEquals", "true"},
      {"TimestampEquals", R"("2020-01-01T00:00:00Z")"},
      {"TimestampLessThan", R"("2020-01-01T00:00:00Z")"},
      {"TimestampGreaterThan", R"("2020-01-01T00:00:00Z")"},
      {"TimestampLessThanEquals", R"("2020-01-01T00:00:00Z")"},
      {"TimestampGreaterThanEquals", R"("2020-01-01T00:00:00Z")"},
      {"IsNull", "true"},                 {"IsPresent", "false"},
      {"IsNumeric", "true"},              {"IsString", "true"},
      {"IsBoolean", "true"},              {"IsTimestamp", "true"},
      {"StringEqualsPath", R"("$.x")"},   {"NumericLessThanPath", R"("$.x")"},
      {"BooleanEqualsPath", R"("$.x")"},  {"TimestampGreaterThanEqualsPath", R"("$.x")"},
  };
  for (const auto& [op, operand] : ops) {
    std::string text = std::string(R"({"StartAt": "C", "States": {"C": {"Type": "Choice",
        "Choices": [{"Variable": "$.v", ")") + op + "\": " + operand +
                       R"(, "Next": "X"}]}, "X": {"Type": "Succeed"}}})";
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
  EXPECT_EQ(f1.error.literal, "E");
  EXPECT_EQ(f1.cause.literal, "C");
  const State& f2 = StateOf(def, "F2");
  EXPECT_FALSE(f2.error.literal);
  ASSERT_TRUE(f2.error.path);
  EXPECT_EQ(f2.error.path->text(), "$.e");
  ASSERT_TRUE(f2.cause.intrinsic);
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
  EXPECT_EQ(t.timeout_seconds, 10);
  EXPECT_EQ(t.heartbeat_seconds, 5);
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
  EXPECT_EQ(p.branches[1]->Find("B")->seconds, 1);
  const State& m = StateOf(def, "M");
  ASSERT_TRUE(m.item_processor);
  EXPECT_EQ(m.item_processor->start_at, "I");
  ASSERT_TRUE(m.items_path);
  EXPECT_EQ(m.items_path->text(), "$.items");
  EXPECT_EQ(m.max_concurrency, 2);
  EXPECT_TRUE(m.item_selector.has_value());
  EXPECT_EQ(m.processor_mode, "INLINE");
  const State& l = StateOf(def, "L");
  ASSERT_TRUE(l.item_processor);
  EXPECT_EQ(l.item_processor->Find("J")->type, StateType::kSucceed);
}

TEST(ParserTest, JsonataStatesKeepRawFields) {
  auto def = MustParse(R"({"QueryLanguage": "JSONata", "StartAt": "T", "States": {
      "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
            "Output": "{% $states.result.Payload %}", "Assign": {"x": "{% 1 %}"},
            "Next": "W"},
      "W": {"Type": "Wait", "Seconds": "{% $x %}", "Next": "C"},
      "C": {"Type": "Choice", "Choices": [{"Condition": "{% $x = 1 %}", "Next": "S",
                                           "Output": {"a": 1}}], "Default": "S"},
      "S": {"Type": "Succeed", "Output": "{% 'done' %}"}}})");
  ASSERT_TRUE(def);
  EXPECT_EQ(def->query_language, QueryLanguage::kJsonata);
  const State& t = StateOf(def, "T");
  EXPECT_EQ(t.query_language, QueryLanguage::kJsonata);
  ASSERT_TRUE(t.arguments);
  EXPECT_EQ(t.arguments->at("Payload"), "{% $states.input %}");
  EXPECT_EQ(t.output, Json("{% $states.result.Payload %}"));
  const State& w = StateOf(def, "W");
  EXPECT_FALSE(w.seconds);
  EXPECT_EQ(w.expressions.at("Seconds"), "{% $x %}");
  const State& c = StateOf(def, "C");
  ASSERT_EQ(c.choices.size(), 1u);
  EXPECT_EQ(c.choices[0]->kind, ChoiceRule::Kind::kCondition);
  EXPECT_EQ(c.choices[0]->condition, Json("{% $x = 1 %}"));
  EXPECT_EQ(c.choices[0]->output, Json::parse(R"({"a": 1})"));
}

TEST(ParserTest, StateQueryLanguageOverridesTopLevel) {
  auto def = MustParse(R"({"StartAt": "M", "QueryLanguage": "JSONPath", "States": {
      "M": {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {
          "StartAt": "P", "States": {"P": {"QueryLanguage": "JSONPath", "Type": "Pass",
          "End": true}}}, "End": true}}})");
  ASSERT_TRUE(def);
  EXPECT_EQ(StateOf(def, "M").query_language, QueryLanguage::kJsonata);
  EXPECT_EQ(StateOf(def, "M").item_processor->Find("P")->query_language,
            QueryLanguage::kJsonPath);
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
       "not support '.waitForTaskToken' service integration at /States/T/Resource'"},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.text, c.type);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidDefinition);
    EXPECT_EQ(parsed.status().message(), c.message);
  }
}

TEST(ParserTest, NeverThrowsOnOddInput) {
  const char* inputs[] = {"", "null", "[]", "{", "\"x\"", "{\"StartAt\": 1, \"States\": []}",
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
