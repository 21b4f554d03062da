// Choice rule evaluation (EvaluateRule / SelectChoice).
#include "emulator/states/choice_rules.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "emulator/asl/parser.h"

namespace sfn::states {
namespace {

// A definition whose Choice state "C" has `rule` (a JSON object without
// Next) as its only rule.
asl::DefinitionPtr ChoiceMachine(const std::string& rule) {
  Json rule_json = Json::parse(rule);
  rule_json["Next"] = "Yes";
  Json def = {
      {"StartAt", "C"},
      {"States",
       {{"C", {{"Type", "Choice"}, {"Choices", Json::array({rule_json})}, {"Default", "No"}}},
        {"Yes", {{"Type", "Succeed"}}},
        {"No", {{"Type", "Succeed"}}}}}};
  auto parsed = asl::Parse(def.dump());
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? parsed.value() : nullptr;
}

struct Case {
  std::string rule;
  std::string input;
  bool expected;
};

const Case kCases[] = {
    // Strings.
    {R"({"Variable": "$.v", "StringEquals": "Hello"})", R"({"v": "Hello"})", true},
    {R"({"Variable": "$.v", "StringEquals": "Hello"})", R"({"v": "hello"})", false},
    {R"({"Variable": "$.v", "StringEquals": "1"})", R"({"v": 1})", false},
    {R"({"Variable": "$.v", "StringLessThan": "AB"})", R"({"v": "A"})", true},
    {R"({"Variable": "$.v", "StringGreaterThan": "ABC"})", R"({"v": "AB"})", false},
    {R"({"Variable": "$.v", "StringLessThanEquals": ""})", R"({"v": ""})", true},
    {R"({"Variable": "$.v", "StringGreaterThanEquals": "A"})", R"({"v": "AB"})", true},
    {R"({"Variable": "$.v", "StringEqualsPath": "$.w"})", R"({"v": "x", "w": "x"})", true},
    {R"({"Variable": "$.v", "StringEqualsPath": "$.w"})", R"({"v": 1, "w": 1})", false},
    // StringMatches.
    {R"({"Variable": "$.v", "StringMatches": "log-*.txt"})", R"({"v": "log-12.txt"})", true},
    {R"({"Variable": "$.v", "StringMatches": "log-*.txt"})", R"({"v": "log-12.txt2"})", false},
    {R"({"Variable": "$.v", "StringMatches": "*"})", R"({"v": ""})", true},
    {R"({"Variable": "$.v", "StringMatches": "a*b*c"})", R"({"v": "aXbYbZc"})", true},
    {R"({"Variable": "$.v", "StringMatches": "a\\*"})", R"({"v": "a*"})", true},
    {R"({"Variable": "$.v", "StringMatches": "a\\*"})", R"({"v": "ab"})", false},
    {R"({"Variable": "$.v", "StringMatches": "a\\\\b"})", R"({"v": "a\\b"})", true},
    {R"({"Variable": "$.v", "StringMatches": "*"})", R"({"v": 3})", false},
    // Numbers: int and float compare by value; other types are false.
    {R"({"Variable": "$.v", "NumericEquals": 0})", R"({"v": 0.0})", true},
    {R"({"Variable": "$.v", "NumericEquals": 1})", R"({"v": 1.1})", false},
    {R"({"Variable": "$.v", "NumericEquals": 2.22})", R"({"v": 2.22})", true},
    {R"({"Variable": "$.v", "NumericEquals": 0})", R"({"v": false})", false},
    {R"({"Variable": "$.v", "NumericEquals": 0})", R"({"v": "0"})", false},
    {R"({"Variable": "$.v", "NumericEquals": 0})", R"({"v": null})", false},
    {R"({"Variable": "$.v", "NumericLessThan": 1})", R"({"v": 0})", true},
    {R"({"Variable": "$.v", "NumericGreaterThan": 0})", R"({"v": 0.0})", false},
    {R"({"Variable": "$.v", "NumericGreaterThanEquals": 0})", R"({"v": 0.0})", true},
    {R"({"Variable": "$.v", "NumericLessThanEquals": 1})", R"({"v": 1})", true},
    {R"({"Variable": "$.v", "NumericEqualsPath": "$.w"})", R"({"v": 1, "w": 1.0})", true},
    {R"({"Variable": "$.v", "NumericLessThanPath": "$.w"})", R"({"v": 0, "w": 1})", true},
    {R"({"Variable": "$.v", "NumericGreaterThan": 9007199254740992})", R"({"v": 9007199254740993})",
     true},
    // Booleans.
    {R"({"Variable": "$.v", "BooleanEquals": true})", R"({"v": true})", true},
    {R"({"Variable": "$.v", "BooleanEquals": false})", R"({"v": 0})", false},
    {R"({"Variable": "$.v", "BooleanEqualsPath": "$.w"})", R"({"v": false, "w": false})", true},
    {R"({"Variable": "$.v", "BooleanEqualsPath": "$.w"})", R"({"v": false, "w": 0})", false},
    // Timestamps.
    {R"({"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"})",
     R"({"v": "2012-10-09T19:00:55Z"})", true},
    {R"({"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"})",
     R"({"v": "2012-10-09T20:00:55+01:00"})", true},
    {R"({"Variable": "$.v", "TimestampEquals": "2012-10-09T19:00:55Z"})",
     R"({"v": "2012-10-09T19:00:55"})", false},
    {R"({"Variable": "$.v", "TimestampLessThan": "2012-10-09T19:00:56Z"})",
     R"({"v": "2012-10-09T19:00:55Z"})", true},
    {R"({"Variable": "$.v", "TimestampGreaterThanEquals": "2012-10-09T19:00:55Z"})",
     R"({"v": "2012-10-09T19:00:55Z"})", true},
    {R"({"Variable": "$.v", "TimestampGreaterThanPath": "$.w"})",
     R"({"v": "2012-10-09T19:00:55Z", "w": "2012-10-09T19:00:56Z"})", false},
    {R"({"Variable": "$.v", "TimestampLessThanEquals": "2012-10-09T19:00:55Z"})", R"({"v": 1})",
     false},
    // Type tests.
    {R"({"Variable": "$.v", "IsNull": true})", R"({"v": null})", true},
    {R"({"Variable": "$.v", "IsNull": false})", R"({"v": 0})", true},
    {R"({"Variable": "$.v", "IsPresent": true})", R"({"v": null})", true},
    {R"({"Variable": "$.v", "IsPresent": true})", R"({})", false},
    {R"({"Variable": "$.v", "IsPresent": false})", R"({})", true},
    {R"({"Variable": "$.v", "IsNumeric": true})", R"({"v": 1.1})", true},
    {R"({"Variable": "$.v", "IsNumeric": true})", R"({"v": "1"})", false},
    {R"({"Variable": "$.v", "IsString": true})", R"({"v": ""})", true},
    {R"({"Variable": "$.v", "IsString": false})", R"({"v": []})", true},
    {R"({"Variable": "$.v", "IsBoolean": true})", R"({"v": false})", true},
    {R"({"Variable": "$.v", "IsBoolean": false})", R"({"v": "true"})", true},
    {R"({"Variable": "$.v", "IsTimestamp": true})", R"({"v": "2012-10-09T19:00:55Z"})", true},
    {R"({"Variable": "$.v", "IsTimestamp": true})", R"({"v": "2023-02-24"})", false},
    // And / Or / Not.
    {R"({"And": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.a",
         "NumericEquals": 3}]})",
     R"({"a": 3})", true},
    {R"({"And": [{"Variable": "$.a", "IsPresent": true}, {"Variable": "$.a",
         "NumericEquals": 3}]})",
     R"({})", false},  // short-circuits before the missing path fails
    {R"({"Or": [{"Variable": "$.a", "NumericEquals": 1}, {"Variable": "$.a",
         "NumericEquals": 3}]})",
     R"({"a": 3})", true},
    {R"({"Not": {"Variable": "$.a", "StringEquals": "x"}})", R"({"a": "y"})", true},
    {R"({"Not": {"Variable": "$.a", "StringEquals": "x"}})", R"({"a": "x"})", false},
};

class ChoiceRulesTest : public testing::TestWithParam<Case> {};

TEST_P(ChoiceRulesTest, Evaluates) {
  const Case& c = GetParam();
  auto def = ChoiceMachine(c.rule);
  ASSERT_TRUE(def);
  const asl::State& state = *def->body.Find("C");
  Json input = Json::parse(c.input);
  Json context = Json::object();
  dataflow::Scope scope{input, context};
  Outcome<bool> result = EvaluateRule(*state.choices[0], scope);
  ASSERT_TRUE(result.ok()) << result.failure().cause;
  EXPECT_EQ(result.value(), c.expected) << c.rule << " on " << c.input;
  auto next = SelectChoice(state, scope);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next.value() ? std::optional<std::string>(next.value()->next) : std::nullopt,
            c.expected ? std::optional<std::string>("Yes") : std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Operators, ChoiceRulesTest, testing::ValuesIn(kCases));

TEST(ChoiceRulesFailureTest, MissingVariableIsRuntimeError) {
  struct FailCase {
    std::string rule;
    std::string input;
    std::string cause;
  };
  const FailCase cases[] = {
      {R"({"Variable": "$.missing", "NumericEquals": 1})", R"({})",
       "Invalid path '$.missing': The choice state's condition path references an invalid "
       "value."},
      {R"({"Variable": "$.missing", "IsNull": true})", R"({})",
       "Invalid path '$.missing': The choice state's condition path references an invalid "
       "value."},
      {R"({"Variable": "$.num", "NumericEqualsPath": "$.missing"})", R"({"num": 1})",
       "Invalid path '$.missing': The choice state's condition path references an invalid "
       "value."},
      {R"({"Variable": "$nope", "StringEquals": "x"})", R"({})",
       "Invalid path '$nope': The choice state's condition path references an invalid "
       "value."},
  };
  for (const FailCase& c : cases) {
    auto def = ChoiceMachine(c.rule);
    ASSERT_TRUE(def);
    Json input = Json::parse(c.input);
    Json context = Json::object();
    Json variables = Json::object();
    dataflow::Scope scope{input, context, &variables};
    auto result = SelectChoice(*def->body.Find("C"), scope);
    ASSERT_FALSE(result.ok()) << c.rule;
    EXPECT_EQ(result.failure().error, "States.Runtime");
    EXPECT_EQ(result.failure().cause, c.cause);
  }
}

TEST(ChoiceRulesScopeTest, ReadsVariablesAndContext) {
  auto def = ChoiceMachine(
      R"({"And": [{"Variable": "$guess", "StringEqualsPath": "$answer.text"},
                  {"Variable": "$$.Execution.Input.n", "NumericLessThanEquals": 0}]})");
  ASSERT_TRUE(def);
  Json input = Json::object();
  Json context = Json::parse(R"({"Execution": {"Input": {"n": 0}}})");
  Json variables = Json::parse(R"({"guess": "a", "answer": {"text": "a"}})");
  dataflow::Scope scope{input, context, &variables};
  auto result = EvaluateRule(*def->body.Find("C")->choices[0], scope);
  ASSERT_TRUE(result.ok()) << result.failure().cause;
  EXPECT_TRUE(result.value());
  variables["answer"]["text"] = "b";
  result = EvaluateRule(*def->body.Find("C")->choices[0], scope);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.value());
}

TEST(ChoiceRulesScopeTest, JsonataLiteralCondition) {
  auto parsed = asl::Parse(R"({"StartAt": "C", "QueryLanguage": "JSONata", "States": {
      "C": {"Type": "Choice", "Choices": [{"Condition": false, "Next": "A"},
                                          {"Condition": true, "Next": "B"}]},
      "A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  Json input = Json::object();
  Json context = Json::object();
  dataflow::Scope scope{input, context};
  auto next = SelectChoice(*parsed.value()->body.Find("C"), scope);
  ASSERT_TRUE(next.ok());
  ASSERT_NE(next.value(), nullptr);
  EXPECT_EQ(next.value()->next, "B");
}

// The recorded `choice_operators` cases: a Choice whose first rule leads to
// "ConditionTrue" and whose Default is "ConditionFalse".
std::filesystem::path ConformanceDir() {
  if (const char* env = std::getenv("SFN_CONFORMANCE_CASES")) return env;
  auto from_source = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." / "shared" /
                     "conformance" / "cases";
  if (std::filesystem::exists(from_source)) return from_source;
  return "/work/shared/conformance/cases";
}

TEST(ChoiceRulesConformanceTest, RecordedChoiceOperatorCases) {
  std::filesystem::path dir = ConformanceDir();
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no conformance cases at " << dir;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::string file = entry.path().filename().string();
    if (file.rfind("choice_operators__", 0) != 0) continue;
    std::ifstream in(entry.path());
    Json c = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!c.is_object() || c.value("kind", "") != "execution") continue;
    const Json& expected = c.at("expected");
    if (expected.value("status", "") != "SUCCEEDED" || !expected.at("output").is_object() ||
        !expected.at("output").contains("TestResult.$")) {
      continue;
    }
    auto parsed = asl::Parse(c.at("definition").get<std::string>());
    ASSERT_TRUE(parsed.ok()) << file << ": " << parsed.status().message();
    const asl::State* choice = parsed.value()->body.Find(parsed.value()->body.start_at);
    ASSERT_NE(choice, nullptr);
    ASSERT_EQ(choice->type, asl::StateType::kChoice) << file;
    Json input =
        c.at("input").is_null() ? Json::object() : Json::parse(c.at("input").get<std::string>());
    Json context = {{"Execution", {{"Input", input}}}};
    dataflow::Scope scope{input, context};
    auto next = SelectChoice(*choice, scope);
    ASSERT_TRUE(next.ok()) << file << ": " << next.failure().cause;
    std::string taken = next.value() ? next.value()->next : choice->default_next.value_or("");
    EXPECT_EQ(taken, expected.at("output").at("TestResult.$").get<std::string>())
        << file << "\n"
        << c.at("definition").get<std::string>() << "\ninput " << input.dump();
    ++checked;
  }
  if (checked == 0) GTEST_SKIP() << "no choice_operators cases in " << dir;
}

}  // namespace
}  // namespace sfn::states
