// Validation diagnostics, worded and located as AWS reports them.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "emulator/asl/parser.h"

namespace sfn::asl {
namespace {

struct Expected {
  std::string code;
  std::string message;
  std::optional<std::string> location;
};

struct Case {
  const char* name;
  std::string definition;
  MachineType type;
  std::vector<Expected> diagnostics;
};

constexpr char kSchema[] = "SCHEMA_VALIDATION_FAILED";
constexpr char kTarget[] = "MISSING_TRANSITION_TARGET";

std::string Machine(const std::string& states, const std::string& start = "A") {
  return R"({"StartAt": ")" + start + R"(", "States": {)" + states + "}}";
}

const Case kCases[] = {
    {"Valid", Machine(R"("A": {"Type": "Pass", "End": true})"), MachineType::kStandard, {}},
    {"EmptyObject",
     "{}",
     MachineType::kStandard,
     {{kSchema, "These fields are required: [States, StartAt]", "/"}}},
    {"Blank",
     " ",
     MachineType::kStandard,
     {{kSchema, "Definition must be a valid JSON object", std::nullopt}}},
    {"NotAnObject",
     "[1]",
     MachineType::kStandard,
     {{kSchema, "Definition must be a valid JSON object", std::nullopt}}},
    {"NotJson",
     "not a definition",
     MachineType::kStandard,
     {{"INVALID_JSON_DESCRIPTION",
       "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token "
       "'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, "
       "column: 4]",
       "[Source: (String)\"not a definition\"; line: 1, column: 4]"}}},
    {"UnknownTopLevelField",
     R"({"StartAt": "A", "Foo": 1, "States": {"A": {"Type": "Pass", "End": true}}})",
     MachineType::kStandard,
     {{kSchema, "Field 'Foo' is not supported", "/"}}},
    {"MissingType",
     Machine(R"("A": {"End": true})"),
     MachineType::kStandard,
     {{kSchema, "These fields are required: [Type]", "/States/A"}}},
    {"UnknownStateField",
     Machine(R"("A": {"Type": "Pass", "End": true, "Resource": "x"})"),
     MachineType::kStandard,
     {{kSchema, "Field 'Resource' is not supported", "/States/A"}}},
    {"TimeoutSecondsOnMap",
     Machine(R"("A": {"Type": "Map", "TimeoutSeconds": 5, "End": true, "ItemProcessor":
         {"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}})"),
     MachineType::kStandard,
     {{kSchema, "Field 'TimeoutSeconds' is not supported", "/States/A"}}},
    {"EndOnChoice",
     Machine(R"("A": {"Type": "Choice", "End": true, "Choices": [{"Variable": "$.x",
         "IsNull": true, "Next": "B"}]}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "Field 'End' is not supported", "/States/A"}}},
    {"JsonPathFieldInJsonataState",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
         "InputPath": "$.x", "End": true}}})",
     MachineType::kStandard,
     {{kSchema,
       "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the "
       "'JSONPath' QueryLanguage",
       "/States/A"}}},
    {"JsonataFieldInJsonPathState",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
         "Arguments": {}, "End": true})"),
     MachineType::kStandard,
     {{kSchema,
       "The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the "
       "'JSONata' QueryLanguage",
       "/States/A"}}},
    // JSONata expressions are parsed when the definition is: a syntax error
    // is INVALID_JSONATA_EXPRESSION with the parser's message (no code) at
    // the expression's place in the field.
    {"JsonataSyntaxError",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
         "Output": {"v": "{% $states.input.a[1,2) %}"}, "End": true}}})",
     MachineType::kStandard,
     {{"INVALID_JSONATA_EXPRESSION", "Expected \"]\", got \",\"", "/States/A/Output/v"}}},
    {"JsonataSyntaxErrorInAnArray",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
         "Assign": {"a": {"b": [1, "{% 1 + %}"]}}, "End": true}}})",
     MachineType::kStandard,
     {{"INVALID_JSONATA_EXPRESSION", "Unexpected end of expression", "/States/A/Assign/a/b[1]"}}},
    {"JsonataTopLevelReferences",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Wait",
         "Seconds": "{% aaa + $.bbb + $x.ccc %}", "End": true}}})",
     MachineType::kStandard,
     {{"UNSUPPORTED_JSONATA_EXPRESSION", "Reference to 'aaa' at the top level is not supported.",
       "/States/A/Seconds"},
      {"UNSUPPORTED_JSONATA_EXPRESSION", "Reference to '$' at the top level is not supported.",
       "/States/A/Seconds"}}},
    {"JsonataNamesBelowTheTopLevelAreFine",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
         "Output": "{% $states.input.items[price > 3].{'n': name} ~> $map(function($v){$v.n}) %}",
         "End": true}}})",
     MachineType::kStandard,
     {}},
    {"ErrorOutputOutsideCatch",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass",
         "Output": "{% $states.errorOutput %}", "End": true}}})",
     MachineType::kStandard,
     {{"UNSUPPORTED_JSONATA_EXPRESSION", "Field '$states.errorOutput' does not exist.",
       "/States/A/Output"}}},
    {"ResultInArguments",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task",
         "Resource": "arn:aws:states:::lambda:invoke",
         "Arguments": {"Payload": "{% $states.result %}"}, "End": true}}})",
     MachineType::kStandard,
     {{"UNSUPPORTED_JSONATA_EXPRESSION", "Field '$states.result' does not exist.",
       "/States/A/Arguments/Payload"}}},
    {"ResultAndErrorOutputWhereTheyExist",
     R"({"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task",
         "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "f"},
         "Output": "{% $states.result %}", "Assign": {"r": "{% $states.result.x %}"},
         "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}",
                    "Assign": {"e": "{% $states.errorOutput.Error %}"}, "Next": "B"}],
         "End": true}, "B": {"Type": "Succeed"}}})",
     MachineType::kStandard,
     {}},
    {"MissingNextAndEnd",
     Machine(R"("A": {"Type": "Pass"})"),
     MachineType::kStandard,
     {{kSchema, "Either 'Next' or 'End' must be set", "/States/A"}}},
    {"NextAndEnd",
     Machine(R"("A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "Only one of 'Next' or 'End' can be set", "/States/A"}}},
    {"MissingTarget",
     Machine(R"("A": {"Type": "Pass", "Next": "NOPE"})"),
     MachineType::kStandard,
     {{kTarget, "Missing 'Next' target: NOPE", "/States/A/Next"},
      {"MISSING_END_STATE", "Workflow has no terminal state", std::nullopt}}},
    {"MissingStartAtTarget",
     Machine(R"("A": {"Type": "Pass", "End": true})", "Z"),
     MachineType::kStandard,
     {{kTarget, "Missing 'Next' target: Z", "/StartAt"},
      {kTarget, "State \"A\" is not reachable.", "/States/A"}}},
    {"MissingChoiceDefaultAndCatchTargets",
     Machine(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true,
         "Next": "N1"}], "Default": "N2"},
         "B": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "End": true,
               "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "N3"}]})"),
     MachineType::kStandard,
     {{kTarget, "Missing 'Next' target: N1", "/States/A/Choices[0]/Next"},
      {kTarget, "Missing 'Next' target: N2", "/States/A/Default"},
      {kTarget, "Missing 'Next' target: N3", "/States/B/Catch[0]/Next"},
      {kTarget, "State \"B\" is not reachable.", "/States/B"}}},
    {"NoTerminalStateSuppressesUnreachable",
     Machine(R"("A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"},
         "C": {"Type": "Pass", "Next": "A"})"),
     MachineType::kStandard,
     {{"MISSING_END_STATE", "Workflow has no terminal state", std::nullopt}}},
    {"UnreachableInBranch",
     Machine(R"("A": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "X",
         "States": {"X": {"Type": "Pass", "End": true}, "Y": {"Type": "Succeed"}}}]})"),
     MachineType::kStandard,
     {{kTarget, "State \"Y\" is not reachable.", "/States/A/Branches[0]/States/Y"}}},
    {"QueryLanguageDowngrade",
     R"({"StartAt": "Pass", "States": {"Pass": {"Type": "Pass", "End": true,
         "QueryLanguage": "JSONPath"}}, "QueryLanguage": "JSONata"})",
     MachineType::kExpress,
     {{kSchema, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
       "/States/Pass"}}},
    {"ChoiceRuleWithoutNext",
     Machine(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$", "StringMatches": "T"}],
         "Default": "B"}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "These fields are required: [Next]", "/States/A/Choices[0]"}}},
    {"ChoiceRuleTwoOperators",
     Machine(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$", "IsNull": true,
         "IsString": true, "Next": "B"}]}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "A Choice Rule must not contain more than one comparison operator",
       "/States/A/Choices[0]"}}},
    {"ChoiceRuleNoOperator",
     Machine(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$", "Next": "B"}]},
         "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema,
       "A Choice Rule must contain exactly one comparison operator or one of [And, Or, Not]",
       "/States/A/Choices[0]"}}},
    {"ChoiceOperandType",
     Machine(R"("A": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": "abc",
         "Next": "B"}]}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "Expected value of type: Number", "/States/A/Choices[0]/NumericEquals"}}},
    {"WaitNeedsExactlyOne",
     Machine(R"("A": {"Type": "Wait", "Seconds": 1, "SecondsPath": "$.s",
         "End": true})"),
     MachineType::kStandard,
     {{kSchema,
       "Exactly one of these fields must be set: [Seconds, Timestamp, SecondsPath, "
       "TimestampPath]",
       "/States/A"}}},
    {"WaitBadTimestamp",
     Machine(R"("A": {"Type": "Wait", "Timestamp": "2016-12-05T21:29:29", "End": true})"),
     MachineType::kStandard,
     {{kSchema, "String does not match RFC3339 timestamp", "/States/A/Timestamp"}}},
    {"FailErrorAndErrorPath",
     Machine(R"("A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"})"),
     MachineType::kStandard,
     {{kSchema, "Fields 'Error' and 'ErrorPath' are mutually exclusive", "/States/A"}}},
    {"StatesAllNotAlone",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
         "End": true, "Retry": [{"ErrorEquals": ["States.ALL", "X"]}]})"),
     MachineType::kStandard,
     {{kSchema, "Error name 'States.ALL' must appear alone in ErrorEquals",
       "/States/A/Retry[0]/ErrorEquals"}}},
    {"StatesAllNotLast",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
         "End": true, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"},
         {"ErrorEquals": ["X"], "Next": "B"}]}, "B": {"Type": "Succeed"})"),
     MachineType::kStandard,
     {{kSchema, "A Retrier or Catcher with 'States.ALL' in ErrorEquals must be the last one",
       "/States/A/Catch[0]/ErrorEquals"}}},
    {"ExpressSync",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
         "End": true})"),
     MachineType::kExpress,
     {{kSchema, "Express state machine does not support '.sync' service integration",
       "/States/A/Resource"}}},
    {"StandardSyncIsFine",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync",
         "End": true})"),
     MachineType::kStandard,
     {}},
    {"UnknownIntegration",
     Machine(R"("A": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query",
         "End": true})"),
     MachineType::kStandard,
     {{kSchema,
       "The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is "
       "not a valid resource ARN, or the resource is not available in this region.",
       "/States/A/Resource"}}},
    {"CredentialsWithoutRoleArn",
     R"({"StartAt": "A", "QueryLanguage": "JSONata", "States": {"A": {"Type": "Task",
         "Resource": "arn:aws:states:::lambda:invoke", "Credentials": {}, "End": true}}})",
     MachineType::kStandard,
     {{kSchema, "The field 'RoleArn' is required but was missing", "/States/A/Credentials"}}},
    {"BadParametersPath",
     Machine(R"("A": {"Type": "Pass", "Parameters": {"x": {"y.$": "nope"}}, "End": true})"),
     MachineType::kStandard,
     {{kSchema,
       "The value for the field 'y.$' must be a valid JSONPath or a valid intrinsic function "
       "call",
       "/States/A/Parameters"}}},
    {"BadInputPath",
     Machine(R"("A": {"Type": "Pass", "InputPath": 3, "End": true})"),
     MachineType::kStandard,
     {{kSchema, "The value for the field 'InputPath' must be a valid JSONPath",
       "/States/A/InputPath"}}},
};

class ValidatorTest : public testing::TestWithParam<Case> {};

TEST_P(ValidatorTest, ReportsAwsDiagnostics) {
  const Case& c = GetParam();
  std::vector<Diagnostic> got = Validate(c.definition, c.type);
  ASSERT_EQ(got.size(), c.diagnostics.size()) << c.definition << "\nfirst: "
                                              << (got.empty() ? "" : got[0].message);
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].severity, "ERROR");
    EXPECT_EQ(got[i].code, c.diagnostics[i].code);
    EXPECT_EQ(got[i].message, c.diagnostics[i].message);
    EXPECT_EQ(got[i].location, c.diagnostics[i].location);
  }
  EXPECT_EQ(Parse(c.definition, c.type).ok(), c.diagnostics.empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, ValidatorTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

// The recorded AWS answers in ../shared/conformance: validate and
// create_error cases must match exactly; execution cases must be accepted.
// Skipped (ctest shows it) when the folder is absent; SFN_SHARED_DIR names
// another `shared`, as for the conformance test.
std::filesystem::path ConformanceDir() {
  if (const char* env = std::getenv("SFN_CONFORMANCE_CASES")) return env;
  if (const char* shared = std::getenv("SFN_SHARED_DIR")) {
    return std::filesystem::path(shared) / "conformance" / "cases";
  }
  auto from_source = std::filesystem::path(__FILE__).parent_path() / ".." / ".." / ".." /
                     "shared" / "conformance" / "cases";
  if (std::filesystem::exists(from_source)) return from_source;
  return "/work/shared/conformance/cases";
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
  return s;
}

TEST(ValidatorConformanceTest, MatchesRecordedAwsAnswers) {
  std::filesystem::path dir = ConformanceDir();
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no conformance cases at " << dir;
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    Json c = Json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!c.is_object() || !c.contains("definition")) continue;
    std::string definition = c.at("definition").get<std::string>();
    MachineType type = c.value("state_machine_type", "STANDARD") == "EXPRESS"
                           ? MachineType::kExpress
                           : MachineType::kStandard;
    std::string kind = c.value("kind", "");
    std::string file = entry.path().filename().string();
    if (kind == "execution") {
      std::vector<Diagnostic> got = Validate(definition, type);
      EXPECT_TRUE(got.empty()) << file << ": " << got.front().message;
    } else if (kind == "create_error") {
      auto parsed = Parse(definition, type);
      ASSERT_FALSE(parsed.ok()) << file;
      EXPECT_EQ(ReplaceAll(parsed.status().message(), "arn:aws:", "arn:<partition>:"),
                c.at("expected").at("message").get<std::string>())
          << file;
    } else if (kind == "validate") {
      Json got = Json::array();
      for (const Diagnostic& d : Validate(definition, type)) {
        Json j;
        j["code"] = d.code;
        if (d.location) j["location"] = *d.location;
        j["message"] = d.message;
        j["severity"] = d.severity;
        got.push_back(j);
      }
      EXPECT_EQ(got, c.at("expected").at("response").at("diagnostics")) << file;
    }
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

}  // namespace
}  // namespace sfn::asl
