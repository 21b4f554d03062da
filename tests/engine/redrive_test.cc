// The step loop's redrive (step_redrive.cc): what a failed execution keeps,
// and that a redrive re-runs only what did not succeed, from the state that
// failed. The Gate state below fails until $$.Execution.RedriveCount is 1,
// so the redrive succeeds.
#include <gtest/gtest.h>

#include <algorithm>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"

namespace sfn::engine {
namespace {

ExecutionInfo Info() {
  ExecutionInfo info;
  info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
  info.name = "e";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.input = R"({"items":[{"offset":0},{"offset":-1},{"offset":0}]})";
  info.start_time = FromEpochMillis(1'000'000);
  return info;
}

asl::DefinitionPtr Def(const char* text) {
  Result<asl::DefinitionPtr> d = asl::Parse(text);
  EXPECT_TRUE(d.ok()) << d.status().ToString();
  return d.ok() ? *d : nullptr;
}

std::vector<std::string> Types(const std::vector<HistoryEvent>& events) {
  std::vector<std::string> out;
  for (const HistoryEvent& e : events) out.push_back(e.type);
  return out;
}

int Count(const std::vector<std::string>& types, const std::string& type) {
  return static_cast<int>(std::count(types.begin(), types.end(), type));
}

// Steps until the execution ends or waits, collecting its events.
StepResult Drain(const asl::Definition& def, const ExecutionInfo& info, StepResult r,
                 std::vector<HistoryEvent>& all, TimePoint now) {
  all.insert(all.end(), r.events.begin(), r.events.end());
  while (r.run_again) {
    r = Step(def, info, std::move(r.state), StepInput{}, now);
    all.insert(all.end(), r.events.begin(), r.events.end());
  }
  return r;
}

// A state that fails before the first redrive and passes after it when its
// input's offset is -1 (there is no item -1), and always passes with 0.
constexpr char kGate[] = R"js("Gate":{"Type":"Pass","End":true,"Parameters":{"v.$":
    "States.ArrayGetItem(States.Array(1, 1), States.MathAdd($$.Execution.RedriveCount, $.offset))"}})js";

struct Case {
  const char* name;
  std::string definition;
  const char* output;      // after the redrive
  const char* rerun_type;  // an event type counted in both runs
  int first_count, redrive_count;
};

class RedriveTest : public ::testing::TestWithParam<Case> {};

TEST_P(RedriveTest, OnlyWhatDidNotSucceedRunsAgain) {
  const Case& c = GetParam();
  auto def = Def(c.definition.c_str());
  ASSERT_NE(def, nullptr);
  ExecutionInfo info = Info();
  TimePoint now = FromEpochMillis(2'000'000);
  std::vector<HistoryEvent> first;
  StepResult r = Drain(*def, info, StartExecution(*def, info, now), first, now);
  ASSERT_TRUE(r.terminal.has_value());
  ASSERT_EQ(r.terminal->status, ExecutionStatus::kFailed);
  EXPECT_FALSE(r.terminal->not_redrivable.has_value());
  EXPECT_FALSE(r.state.redrive.empty());

  // The plan survives serialisation, as after a restart.
  Result<ExecutionState> restored = ExecutionState::FromJson(r.state.ToJson());
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();

  ++info.redrive_count;
  std::vector<HistoryEvent> second;
  StepResult again =
      Drain(*def, info, Step(*def, info, *std::move(restored), {StepInput::Kind::kRedrive}, now),
            second, now);
  ASSERT_TRUE(again.terminal.has_value());
  std::string seen;
  for (const std::string& t : Types(second)) seen += t + " ";
  ASSERT_EQ(again.terminal->status, ExecutionStatus::kSucceeded)
      << seen << again.terminal->error.value_or("") << ": " << again.terminal->cause.value_or("");
  EXPECT_EQ(*again.terminal->output, c.output);
  ASSERT_FALSE(second.empty());
  EXPECT_EQ(second.front().type, "ExecutionRedriven");
  EXPECT_EQ(second.front().details.at("redriveCount"), 1);
  // The history goes on: ids continue from the first run's last event.
  EXPECT_EQ(second.front().id, first.back().id + 1);
  EXPECT_EQ(Count(Types(first), c.rerun_type), c.first_count);
  EXPECT_EQ(Count(Types(second), c.rerun_type), c.redrive_count);
  EXPECT_TRUE(again.state.redrive.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Steps, RedriveTest,
    ::testing::Values(
        // The Pass before the failed state is not run again.
        Case{"TopLevel",
             std::string(R"({"StartAt":"Before","States":{
                 "Before":{"Type":"Pass","Result":{"offset":-1},"Next":"Gate"},)") +
                 kGate + "}}",
             R"({"v":1})", "PassStateEntered", 2, 1},
        // One at a time: the first iteration succeeded, the second failed, the third never
        // started; the redrive runs the second and the third.
        Case{"MapIterations",
             std::string(R"({"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items",
                 "MaxConcurrency":1,
                 "Iterator":{"StartAt":"Gate","States":{)") +
                 kGate + R"(}},"End":true}}})",
             R"([{"v":1},{"v":1},{"v":1}])", "MapIterationStarted", 2, 2},
        // The first branch succeeded: only the second runs again.
        Case{"ParallelBranches",
             std::string(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
                 "Branches":[{"StartAt":"One","States":{"One":{"Type":"Pass","Result":1,"End":true}}},
                             {"StartAt":"Set","States":{
                                 "Set":{"Type":"Pass","Result":{"offset":-1},"Next":"Gate"},)") +
                 kGate + "}}]}}}",
             R"([1,{"v":1}])", "PassStateEntered", 3, 1}),
    [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(RedriveTest, SucceededExecutionKeepsNoPlan) {
  auto def = Def(R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})");
  ExecutionInfo info = Info();
  TimePoint now = FromEpochMillis(2'000'000);
  std::vector<HistoryEvent> events;
  StepResult r = Drain(*def, info, StartExecution(*def, info, now), events, now);
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_TRUE(r.state.redrive.empty());
  // A redrive step of it does nothing.
  StepResult again = Step(*def, info, r.state, {StepInput::Kind::kRedrive}, now);
  EXPECT_TRUE(again.events.empty());
}

}  // namespace
}  // namespace sfn::engine
