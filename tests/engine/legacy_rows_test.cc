// Execution-state rows written by sfn-emulator before the engine seams
// (format 2: numbered phases, a Task's in-flight call as untyped JSON) load
// into the typed frames and finish exactly as the old engine finished them.
//
// testdata/v2_rows.json was recorded with the old engine: for each scenario
// the row it committed mid-execution, the inputs it then received (timers,
// Lambda answers, budget continuations) and every event it wrote up to the
// end. Here the new engine replays the same inputs from the same row.
#include <gtest/gtest.h>

#include <fstream>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/integrations/registry.h"
#include "tests/integrations/fake_lambda.h"

namespace sfn::engine {
namespace {

// Resolves any function, keeping the qualifier as its version (as the
// recording's fake did).
using testing::FakeLambda;

Json Recorded() {
  std::ifstream in(std::string(SFN_SOURCE_DIR) + "/tests/engine/testdata/v2_rows.json");
  return Json::parse(in);
}

Json EventJson(const HistoryEvent& e) {
  return Json{{"id", e.id},     {"prev", e.previous_event_id}, {"ts", ToEpochMillis(e.timestamp)},
              {"type", e.type}, {"key", e.details_key},        {"details", e.details}};
}

class LegacyRowTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LegacyRowTest, FinishesAsTheOldEngineDid) {
  Json scenario;
  for (const Json& s : Recorded()) {
    if (s["name"] == GetParam()) scenario = s;
  }
  ASSERT_FALSE(scenario.is_null());
  auto def = asl::Parse(scenario["definition"].dump());
  ASSERT_TRUE(def.ok()) << def.status().ToString();
  ExecutionInfo info;
  info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
  info.name = "e";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.input = scenario["input"].get<std::string>();
  info.start_time = FromEpochMillis(1700000000000);
  Random random(42);
  // The recording's random draws before the row are not replayed; ids the
  // new engine draws differ from the old ones only where none are recorded.
  FakeLambda lambda;
  auto registry = integrations::MakeRegistry({&lambda});
  StepEnv env{&random, registry.get()};

  Result<ExecutionState> loaded = ExecutionState::FromJson(scenario["row"]);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  // A task in flight is dispatched again after a restart exactly as planned.
  StepResult r;
  r.state = *loaded;
  StepInput resume;
  resume.kind = StepInput::Kind::kResume;
  StepResult resumed = Step(**def, info, r.state, resume, info.start_time, 0, env);
  const Json& pending = scenario["pending"]["dispatch"];
  ASSERT_EQ(resumed.dispatch.size(), pending.size());
  for (size_t i = 0; i < pending.size(); ++i) {
    EXPECT_EQ(resumed.dispatch[i].frame_id, pending[i]["frame"]);
    EXPECT_EQ(resumed.dispatch[i].task_attempt, pending[i]["attempt"]);
    EXPECT_EQ(resumed.dispatch[i].task.target["version"], pending[i]["version"]);
    EXPECT_EQ(resumed.dispatch[i].task.target["arn"], pending[i]["arn"]);
    EXPECT_EQ(resumed.dispatch[i].task.request, pending[i]["payload"]);
  }

  std::vector<HistoryEvent> events;
  for (const Json& in : scenario["inputs"]) {
    ASSERT_FALSE(r.terminal);
    TimePoint now = FromEpochMillis(in["now"].get<int64_t>());
    StepInput step;
    if (in["kind"] == "run") {
      step.kind = StepInput::Kind::kRun;
    } else if (in["kind"] == "timer") {
      step.kind = StepInput::Kind::kTimerFired;
    } else {
      InvocationResult answer;
      answer.executed_version = in["version"].get<std::string>();
      answer.request_id = "req-" + std::to_string(in["no"].get<int>());
      if (in["fail"].get<bool>()) {
        answer.function_error = "Unhandled";
        answer.payload = R"({"errorType":"Boom","errorMessage":"first call fails"})";
      } else {
        answer.payload = R"({"answer":)" + std::to_string(in["no"].get<int>()) + "}";
      }
      step.kind = StepInput::Kind::kTaskAnswer;
      step.completion = TaskCompletion{in["frame"].get<int64_t>(), in["attempt"].get<int64_t>(),
                                       std::move(answer)};
    }
    Result<ExecutionState> state = ExecutionState::FromJson(r.state.ToJson());
    ASSERT_TRUE(state.ok());
    r = Step(**def, info, *state, step, now, 7, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  ASSERT_TRUE(r.terminal);
  EXPECT_EQ(StatusName(r.terminal->status), scenario["status"].get<std::string>());
  if (!scenario["output"].is_null()) {
    EXPECT_EQ(*r.terminal->output, scenario["output"]);
  }
  const Json& expected = scenario["events_after"];
  ASSERT_EQ(events.size(), expected.size());
  for (size_t i = 0; i < events.size(); ++i) {
    Json got = EventJson(events[i]);
    // Map run ids are drawn from the random source, which is not replayed.
    if (got["details"].is_object() && got["details"].contains("mapRunArn")) continue;
    EXPECT_EQ(got, expected[i]) << "event " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Recorded, LegacyRowTest,
                         ::testing::Values("wait_with_assign", "task_retrying",
                                           "task_in_flight_arn", "inline_map_waiting",
                                           "distributed_map_waiting", "parallel_waiting",
                                           "entering_after_budget"));

TEST(LegacyRowTest, ARowOfANewerFormatIsRefused) {
  Result<ExecutionState> s = ExecutionState::FromJson(
      Json{{"v", 99}, {"frames", Json::array()}, {"next_frame", 1}, {"last", 1}, {"done", false}});
  EXPECT_FALSE(s.ok());
}

TEST(LegacyRowTest, TypedFramesRoundTrip) {
  for (const Json& s : Recorded()) {
    Result<ExecutionState> loaded = ExecutionState::FromJson(s["row"]);
    ASSERT_TRUE(loaded.ok()) << s["name"];
    Json v3 = loaded->ToJson();
    EXPECT_EQ(v3["v"], 3);
    Result<ExecutionState> again = ExecutionState::FromJson(v3);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->ToJson(), v3) << s["name"];
  }
}

}  // namespace
}  // namespace sfn::engine
