// The field table: which fields each state type (and each nested object)
// accepts per query language, and that validation reports the others.
#include "emulator/asl/field_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "emulator/asl/parser.h"

namespace sfn::asl {
namespace {

using Names = std::set<std::string>;

Names Allowed(FieldOwner owner, StateType type, QueryLanguage language) {
  Names out;
  for (std::string_view name : AllowedFields(owner, type, language)) out.emplace(name);
  return out;
}

struct StateCase {
  StateType type;
  QueryLanguage language;
  Names fields;
};

constexpr QueryLanguage kPath = QueryLanguage::kJsonPath;
constexpr QueryLanguage kAta = QueryLanguage::kJsonata;

// AWS's lists, per state page and "Transforming data with JSONata".
const StateCase kStateCases[] = {
    {StateType::kPass,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath", "ResultPath",
      "Parameters", "Result", "Assign"}},
    {StateType::kPass,
     kAta,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Output", "Assign"}},
    {StateType::kWait,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "InputPath", "OutputPath", "Assign",
      "Seconds", "Timestamp", "SecondsPath", "TimestampPath"}},
    {StateType::kWait,
     kAta,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Output", "Assign", "Seconds",
      "Timestamp"}},
    {StateType::kChoice,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Choices", "Default", "InputPath", "OutputPath",
      "Assign"}},
    {StateType::kChoice,
     kAta,
     {"Type", "Comment", "QueryLanguage", "Choices", "Default", "Output", "Assign"}},
    {StateType::kSucceed, kPath, {"Type", "Comment", "QueryLanguage", "InputPath", "OutputPath"}},
    {StateType::kSucceed, kAta, {"Type", "Comment", "QueryLanguage", "Output"}},
    {StateType::kFail,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Error", "ErrorPath", "Cause", "CausePath"}},
    {StateType::kFail, kAta, {"Type", "Comment", "QueryLanguage", "Error", "Cause"}},
    {StateType::kTask,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Resource", "InputPath", "OutputPath",
      "ResultPath", "Parameters", "ResultSelector", "Assign", "Retry", "Catch", "TimeoutSeconds",
      "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"}},
    {StateType::kTask,
     kAta,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Resource", "Arguments", "Output",
      "Assign", "Retry", "Catch", "TimeoutSeconds", "HeartbeatSeconds", "Credentials"}},
    {StateType::kParallel,
     kPath,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Branches", "InputPath", "OutputPath",
      "ResultPath", "Parameters", "ResultSelector", "Assign", "Retry", "Catch"}},
    {StateType::kParallel,
     kAta,
     {"Type", "Comment", "QueryLanguage", "Next", "End", "Branches", "Arguments", "Output",
      "Assign", "Retry", "Catch"}},
    {StateType::kMap,
     kPath,
     {"Type",
      "Comment",
      "QueryLanguage",
      "Next",
      "End",
      "ItemProcessor",
      "Iterator",
      "ItemsPath",
      "ItemSelector",
      "Parameters",
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "MaxConcurrency",
      "MaxConcurrencyPath",
      "ToleratedFailurePercentage",
      "ToleratedFailurePercentagePath",
      "ToleratedFailureCount",
      "ToleratedFailureCountPath",
      "Label",
      "InputPath",
      "OutputPath",
      "ResultPath",
      "ResultSelector",
      "Assign",
      "Retry",
      "Catch"}},
    {StateType::kMap,
     kAta,
     {"Type",
      "Comment",
      "QueryLanguage",
      "Next",
      "End",
      "ItemProcessor",
      "Iterator",
      "Items",
      "ItemSelector",
      "ItemReader",
      "ItemBatcher",
      "ResultWriter",
      "MaxConcurrency",
      "ToleratedFailurePercentage",
      "ToleratedFailureCount",
      "Label",
      "Output",
      "Assign",
      "Retry",
      "Catch"}},
};

class StateFieldsTest : public ::testing::TestWithParam<StateCase> {};

TEST_P(StateFieldsTest, ListsAwsFields) {
  const StateCase& c = GetParam();
  EXPECT_EQ(Allowed(FieldOwner::kState, c.type, c.language), c.fields);
  for (const std::string& name : c.fields) {
    EXPECT_TRUE(FieldAllowed(FieldOwner::kState, c.type, c.language, name)) << name;
  }
  EXPECT_FALSE(FieldAllowed(FieldOwner::kState, c.type, c.language, "Foo"));
}

INSTANTIATE_TEST_SUITE_P(EveryStateType, StateFieldsTest, ::testing::ValuesIn(kStateCases));

struct OwnerCase {
  FieldOwner owner;
  QueryLanguage language;
  Names fields;
};

const OwnerCase kOwnerCases[] = {
    {FieldOwner::kTopLevel,
     kPath,
     {"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage"}},
    {FieldOwner::kBody, kPath, {"StartAt", "States", "Comment"}},
    {FieldOwner::kProcessor, kPath, {"StartAt", "States", "Comment", "ProcessorConfig"}},
    {FieldOwner::kProcessorConfig, kAta, {"Mode", "ExecutionType"}},
    {FieldOwner::kRetrier,
     kPath,
     {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
      "JitterStrategy", "Comment"}},
    {FieldOwner::kRetrier,
     kAta,
     {"ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
      "JitterStrategy", "Comment"}},
    {FieldOwner::kCatcher, kPath, {"ErrorEquals", "Next", "ResultPath", "Assign", "Comment"}},
    {FieldOwner::kCatcher, kAta, {"ErrorEquals", "Next", "Output", "Assign", "Comment"}},
    {FieldOwner::kCredentials, kPath, {"RoleArn", "RoleArn.$"}},
    {FieldOwner::kCredentials, kAta, {"RoleArn"}},
    {FieldOwner::kJsonataChoiceRule, kAta, {"Condition", "Next", "Assign", "Output", "Comment"}},
};

class OwnerFieldsTest : public ::testing::TestWithParam<OwnerCase> {};

TEST_P(OwnerFieldsTest, ListsAwsFields) {
  const OwnerCase& c = GetParam();
  EXPECT_EQ(Allowed(c.owner, StateType::kPass, c.language), c.fields);
}

INSTANTIATE_TEST_SUITE_P(NestedObjects, OwnerFieldsTest, ::testing::ValuesIn(kOwnerCases));

// Every field the table gives one query language only is refused, with AWS's
// message at the state, in a state of the other language ("The QueryLanguage
// is set to 'JSONata', but field 'InputPath' is only supported for the
// 'JSONPath' QueryLanguage").
TEST(FieldTableTest, OtherLanguageFieldsAreNotSupported) {
  int checked = 0;
  for (const FieldRule& rule : FieldRules()) {
    if (rule.owner != FieldOwner::kState) continue;
    for (QueryLanguage language : {kPath, kAta}) {
      if (rule.languages & LanguageBit(language)) continue;
      // The first state type the rule is for.
      for (int t = 0; t < 8; ++t) {
        auto type = static_cast<StateType>(t);
        if (!(rule.state_types & StateTypeBit(type))) continue;
        std::string ql = language == kAta ? "JSONata" : "JSONPath";
        std::string text =
            R"({"QueryLanguage": ")" + ql + R"(", "StartAt": "A", "States": {"A": {"Type": ")" +
            std::string(StateTypeName(type)) + R"(", ")" + std::string(rule.name) + R"(": 1}}})";
        std::vector<Diagnostic> diags = Validate(text, MachineType::kStandard);
        std::string other = language == kAta ? "JSONPath" : "JSONata";
        std::string message = "The QueryLanguage is set to '" + ql + "', but field '" +
                              std::string(rule.name) + "' is only supported for the '" + other +
                              "' QueryLanguage";
        bool found = std::any_of(diags.begin(), diags.end(), [&](const Diagnostic& d) {
          return d.message == message && d.location == "/States/A";
        });
        EXPECT_TRUE(found) << rule.name << " in a " << ql << " " << StateTypeName(type);
        ++checked;
        break;
      }
    }
  }
  EXPECT_EQ(checked, 19);  // the JSONPath-only and JSONata-only state fields
}

}  // namespace
}  // namespace sfn::asl
