// engine::TestStateRun: one state through its runner, answered as TestState
// answers (status, output, nextState, error, cause, inspectionData).
#include "emulator/engine/test_state.h"

#include <gtest/gtest.h>

#include "emulator/asl/parser.h"

namespace sfn::engine {
namespace {

struct Case {
  const char* name;
  const char* state;  // one state's definition
  const char* input;
  std::optional<const char*> mock_result;
  std::optional<Failure> mock_error;
  std::optional<int> retry_count;  // stateConfiguration.retrierRetryCount
  // Expected.
  const char* status;
  std::optional<std::string> output;
  std::optional<std::string> next_state;
  std::optional<std::string> error;
  Json inspection;  // members expected in inspectionData (DEBUG)
};

class TestStateRunTest : public ::testing::TestWithParam<Case> {};

TEST_P(TestStateRunTest, AnswersAsTestState) {
  const Case& c = GetParam();
  Result<asl::DefinitionPtr> def = asl::ParseSingleState(c.state);
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  TestStateSpec spec;
  spec.definition = *def;
  spec.state = spec.definition->body.Find(asl::kSingleStateName);
  ASSERT_NE(spec.state, nullptr);
  spec.input = Json::parse(c.input);
  spec.input_text = c.input;
  spec.context_object = Json{{"Execution", {{"Id", "x"}}}, {"State", {{"Name", "StateName"}}}};
  spec.level = InspectionLevel::kDebug;
  if (c.mock_result) {
    spec.mock_result = Json::parse(*c.mock_result);
    spec.mock_result_text = *c.mock_result;
  }
  spec.mock_error = c.mock_error;
  spec.retrier_retry_count = c.retry_count;
  TestStateRun run(std::move(spec), nullptr, nullptr, FromEpochMillis(1'000'000));
  std::optional<TestStateAnswer> a = run.Start();
  ASSERT_TRUE(a.has_value()) << "no dispatch is expected without integrations";
  EXPECT_EQ(a->status, c.status);
  EXPECT_EQ(a->next_state, c.next_state);
  EXPECT_EQ(a->error, c.error);
  if (c.output) {
    ASSERT_TRUE(a->output.has_value());
    EXPECT_EQ(Json::parse(*a->output), Json::parse(*c.output));
  } else {
    EXPECT_FALSE(a->output.has_value()) << *a->output;
  }
  ASSERT_TRUE(a->inspection_data.has_value());
  for (auto it = c.inspection.begin(); it != c.inspection.end(); ++it) {
    ASSERT_TRUE(a->inspection_data->contains(it.key()))
        << it.key() << " in " << a->inspection_data->dump();
    EXPECT_EQ(a->inspection_data->at(it.key()), *it) << it.key();
  }
}

INSTANTIATE_TEST_SUITE_P(
    States, TestStateRunTest,
    ::testing::Values(
        Case{"PassWithParameters",
             R"({"Type":"Pass","InputPath":"$.a","Parameters":{"b.$":"$.b"},"Next":"N"})",
             R"({"a":{"b":1}})", std::nullopt, std::nullopt, std::nullopt, "SUCCEEDED",
             R"({"b":1})", "N", std::nullopt,
             Json{{"input", R"({"a":{"b":1}})"},
                  {"afterInputPath", R"({"b":1})"},
                  {"afterParameters", R"({"b":1})"}}},
        Case{"ChoiceNamesItsNextState",
             R"({"Type":"Choice","Choices":[{"Variable":"$.x","NumericGreaterThan":1,
                 "Next":"Big"}],"Default":"Small"})",
             R"({"x":2})", std::nullopt, std::nullopt, std::nullopt, "SUCCEEDED", R"({"x":2})",
             "Big", std::nullopt, Json::object()},
        Case{"FailState", R"({"Type":"Fail","Error":"E","Cause":"C"})", "{}", std::nullopt,
             std::nullopt, std::nullopt, "FAILED", std::nullopt, std::nullopt, "E",
             Json{{"afterInputPath", "{}"}}},
        Case{"MockedTaskResult",
             R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                 "Parameters":{"FunctionName":"f"},
                 "ResultSelector":{"v.$":"$.Payload"},"ResultPath":"$.r"})",
             R"({"in":1})", R"({"Payload":7})", std::nullopt, std::nullopt, "SUCCEEDED",
             R"({"in":1,"r":{"v":7}})", std::nullopt, std::nullopt,
             Json{{"result", R"({"Payload":7})"},
                  {"afterResultSelector", R"({"v":7})"},
                  {"afterResultPath", R"({"in":1,"r":{"v":7}})"}}},
        Case{"MockedErrorIsRetriable",
             R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                 "Parameters":{"FunctionName":"f"},
                 "Retry":[{"ErrorEquals":["Other"]},{"ErrorEquals":["Boom"],"MaxAttempts":2,
                 "IntervalSeconds":3}]})",
             "{}", std::nullopt, Failure{"Boom", "bad"}, std::nullopt, "RETRIABLE", std::nullopt,
             std::nullopt, "Boom",
             Json{{"errorDetails", {{"retryIndex", 1}, {"retryBackoffIntervalSeconds", 3}}}}},
        Case{"RetriesSpentThenCaught",
             R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                 "Parameters":{"FunctionName":"f"},
                 "Retry":[{"ErrorEquals":["Boom"],"MaxAttempts":2}],
                 "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.e","Next":"Handle"}]})",
             R"({"in":1})", std::nullopt, Failure{"Boom", "bad"}, 2, "CAUGHT_ERROR",
             R"({"in":1,"e":{"Error":"Boom","Cause":"bad"}})", "Handle", "Boom",
             Json{{"errorDetails", {{"catchIndex", 0}}}}},
        Case{"TaskWithoutIntegrationFails",
             R"({"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true,
                 "Parameters":{"FunctionName":"f"}})",
             "{}", std::nullopt, std::nullopt, std::nullopt, "FAILED", std::nullopt, std::nullopt,
             "States.Runtime", Json::object()}),
    [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace sfn::engine
