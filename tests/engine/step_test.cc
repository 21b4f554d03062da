#include "emulator/engine/step.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

#include "emulator/asl/parser.h"

namespace sfn::engine {
namespace {

ExecutionInfo Info(std::string input) {
  ExecutionInfo info;
  info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
  info.name = "e";
  info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.role_arn = "arn:aws:iam::123456789012:role/r";
  info.input = std::move(input);
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

// Runs an execution to its end or first wait, collecting every event.
StepResult RunToRest(const asl::Definition& def, const ExecutionInfo& info,
                     std::vector<HistoryEvent>& all, TimePoint now) {
  StepResult r = StartExecution(def, info, now);
  all = r.events;
  while (r.run_again) {
    r = Step(def, info, r.state, StepInput{}, now);
    all.insert(all.end(), r.events.begin(), r.events.end());
  }
  return r;
}

TEST(StepTest, PassChainSucceedsWithAwsEventLinks) {
  auto def = Def(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","Next":"B"},
      "B":{"Type":"Pass","End":true}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, Info(R"({"in":true})"), events, FromEpochMillis(2000));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(r.terminal->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*r.terminal->output, R"({"in":true,"r":{"x":1}})");
  EXPECT_EQ(Types(events), (std::vector<std::string>{"ExecutionStarted", "PassStateEntered",
                                                     "PassStateExited", "PassStateEntered",
                                                     "PassStateExited", "ExecutionSucceeded"}));
  std::vector<int64_t> prev;
  for (size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, static_cast<int64_t>(i + 1));
    prev.push_back(events[i].previous_event_id);
  }
  EXPECT_EQ(prev, (std::vector<int64_t>{0, 0, 2, 3, 4, 5}));
}

TEST(StepTest, WaitReturnsDurableTimerAndResumesOnlyWhenDue) {
  auto def = Def(R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}})");
  ExecutionInfo info = Info("{}");
  std::vector<HistoryEvent> events;
  TimePoint t0 = FromEpochMillis(10'000);
  StepResult r = RunToRest(*def, info, events, t0);
  ASSERT_TRUE(r.timer.has_value());
  EXPECT_EQ(*r.timer, t0 + std::chrono::seconds(60));
  EXPECT_TRUE(std::holds_alternative<Waiting>(r.state.frames.at(0).phase));

  // The state survives serialisation, as after a restart.
  Result<ExecutionState> restored = ExecutionState::FromJson(r.state.ToJson());
  ASSERT_TRUE(restored.ok());

  StepResult early = Step(*def, info, *restored, {StepInput::Kind::kTimerFired}, t0);
  EXPECT_TRUE(early.events.empty());
  EXPECT_EQ(early.timer, r.timer);

  StepResult done = Step(*def, info, *restored, {StepInput::Kind::kTimerFired}, *r.timer);
  ASSERT_TRUE(done.terminal.has_value());
  EXPECT_EQ(Types(done.events),
            (std::vector<std::string>{"WaitStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(done.events[0].timestamp, *r.timer);
}

TEST(StepTest, StopAbortsWithErrorAndCause) {
  auto def = Def(R"({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"End":true}}})");
  ExecutionInfo info = Info("{}");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, info, events, FromEpochMillis(0));
  StepResult stopped =
      Step(*def, info, r.state, {StepInput::Kind::kStop, std::string("Err"), std::string("why")},
           FromEpochMillis(1));
  ASSERT_TRUE(stopped.terminal.has_value());
  EXPECT_EQ(stopped.terminal->status, ExecutionStatus::kAborted);
  ASSERT_EQ(stopped.events.size(), 1u);
  EXPECT_EQ(stopped.events[0].type, "ExecutionAborted");
  EXPECT_EQ(stopped.events[0].details["error"], "Err");
  EXPECT_EQ(stopped.events[0].details["cause"], "why");
}

TEST(StepTest, RuntimeFailureCarriesStatePrefix) {
  auto def = Def(R"({"StartAt":"WaitState","States":{
      "WaitState":{"Type":"Wait","SecondsPath":"$.s","End":true}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, Info(R"({"s":-1})"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(r.terminal->status, ExecutionStatus::kFailed);
  EXPECT_EQ(*r.terminal->error, "States.Runtime");
  EXPECT_EQ(*r.terminal->cause,
            "An error occurred while executing the state 'WaitState' (entered at the event id "
            "#2). The SecondsPath parameter references a negative value: $.s == -1");
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{"ExecutionStarted", "WaitStateEntered", "ExecutionFailed"}));
}

TEST(StepTest, EndlessLoopYieldsAfterBudget) {
  auto def = Def(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.stop","IsPresent":true,"Next":"D"}],
           "Default":"A"},
      "D":{"Type":"Succeed"}}})");
  ExecutionInfo info = Info("{}");
  StepResult r = StartExecution(*def, info, FromEpochMillis(0));
  StepResult next = Step(*def, info, r.state, StepInput{}, FromEpochMillis(0), /*budget=*/10);
  EXPECT_TRUE(next.run_again);
  EXPECT_FALSE(next.terminal.has_value());
  EXPECT_EQ(next.events.size(), 20u);  // 10 states entered and exited
}

// Runs to the end, firing every timer at its due time (a virtual clock).
StepResult RunToEnd(const asl::Definition& def, const ExecutionInfo& info,
                    std::vector<HistoryEvent>& all, TimePoint now) {
  StepResult r = RunToRest(def, info, all, now);
  for (int guard = 0; !r.terminal && guard < 100; ++guard) {
    if (r.run_again) {
      r = Step(def, info, r.state, StepInput{}, now);
    } else {
      if (!r.timer) break;
      now = *r.timer;
      // Through serialisation every time, as if the process restarted.
      r = Step(def, info, *ExecutionState::FromJson(r.state.ToJson()),
               {StepInput::Kind::kTimerFired}, now);
    }
    all.insert(all.end(), r.events.begin(), r.events.end());
  }
  return r;
}

TEST(StepTest, ParallelBranchesJoinInBranchOrder) {
  auto def = Def(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,
      "Branches":[
        {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"A"},
                                 "A":{"Type":"Pass","Result":1,"End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Pass","Result":2,"End":true}}}]}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToEnd(*def, Info("{}"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(*r.terminal->output, "[1,2]");
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{
                "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                "WaitStateEntered", "PassStateEntered", "PassStateExited", "WaitStateExited",
                "PassStateEntered", "PassStateExited", "ParallelStateSucceeded",
                "ParallelStateExited", "ExecutionSucceeded"}));
  for (size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].id, static_cast<int64_t>(i + 1));
}

TEST(StepTest, MapRespectsMaxConcurrency) {
  auto def = Def(R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":2,"End":true,
      "ItemProcessor":{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":10,"End":true}}}}}})");
  ExecutionInfo info = Info("[1,2,3,4,5]");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, info, events, FromEpochMillis(0));
  int started = 0;
  for (const HistoryEvent& e : events) started += e.type == "MapIterationStarted";
  EXPECT_EQ(started, 2) << "only MaxConcurrency iterations run at once";
  std::vector<HistoryEvent> rest;
  StepResult end = RunToEnd(*def, info, rest, FromEpochMillis(0));
  ASSERT_TRUE(end.terminal.has_value());
  EXPECT_EQ(*end.terminal->output, "[1,2,3,4,5]");
  EXPECT_EQ(rest.back().timestamp, FromEpochMillis(30'000)) << "three rounds of 10 s";
}

TEST(StepTest, MapRetryReRunsWithoutEnteringAgainThenCatches) {
  auto def = Def(R"({"StartAt":"M","States":{"M":{"Type":"Map","Next":"Done","ItemsPath":"$.i",
      "ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"c"}}},
      "Retry":[{"ErrorEquals":["E"],"MaxAttempts":1,"IntervalSeconds":3}],
      "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Done"}]},
      "Done":{"Type":"Pass","End":true}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToEnd(*def, Info(R"({"i":[7]})"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(r.terminal->status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(*r.terminal->output, R"({"i":[7],"error":{"Error":"E","Cause":"c"}})");
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{
                "ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapIterationStarted",
                "FailStateEntered", "MapIterationFailed", "MapStateStarted", "MapIterationStarted",
                "FailStateEntered", "MapIterationFailed", "MapStateFailed", "MapStateExited",
                "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(events[6].timestamp, FromEpochMillis(3000));
}

TEST(StepTest, VariablesAreScopedPerIteration) {
  auto def = Def(R"json({"StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"base":10},"Next":"M"},
      "M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"I","States":{
        "I":{"Type":"Pass","Assign":{"mine.$":"$"},"Next":"J"},
        "J":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($mine, $base)"},"End":true}}}}}})json");
  std::vector<HistoryEvent> events;
  StepResult r = RunToEnd(*def, Info("[1,2]"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(*r.terminal->output, R"([{"sum":11},{"sum":12}])");
}

TEST(StepTest, HistoryQuotaOf25000EventsFailsTheExecution) {
  auto def = Def(R"({"StartAt":"A","States":{
      "A":{"Type":"Pass","Next":"C"},
      "C":{"Type":"Choice","Choices":[{"Variable":"$.never","IsPresent":true,"Next":"D"}],
           "Default":"A"},
      "D":{"Type":"Succeed"}}})");
  std::vector<HistoryEvent> all;
  StepResult r = RunToRest(*def, Info("{}"), all, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value()) << all.size() << " events, last id " << all.back().id;
  EXPECT_EQ(r.terminal->status, ExecutionStatus::kFailed);
  EXPECT_EQ(*r.terminal->error, "States.Runtime");
  ASSERT_EQ(all.size(), 25000u);
  EXPECT_EQ(all.back().id, 25000);
  EXPECT_EQ(all.back().type, "ExecutionFailed");
}

TEST(StepTest, WaitReadsSecondsAndTimestampFromVariables) {
  auto def = Def(R"({"StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"w":30,"at":"1970-01-01T00:01:40Z"},"Next":"W"},
      "W":{"Type":"Wait","SecondsPath":"$w","Next":"T"},
      "T":{"Type":"Wait","TimestampPath":"$at","End":true}}})");
  ExecutionInfo info = Info("{}");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, info, events, FromEpochMillis(0));
  ASSERT_TRUE(r.timer.has_value());
  EXPECT_EQ(*r.timer, FromEpochMillis(30'000));
  r = Step(*def, info, r.state, {StepInput::Kind::kTimerFired}, *r.timer);
  ASSERT_TRUE(r.timer.has_value());
  EXPECT_EQ(*r.timer, FromEpochMillis(100'000));
}

std::vector<int64_t> Links(const std::vector<HistoryEvent>& events) {
  std::vector<int64_t> out;
  for (const HistoryEvent& e : events) out.push_back(e.previous_event_id);
  return out;
}

// A JSONata state's evaluation failure: EvaluationFailed, linked as AWS links
// it (to what the state's entry linked to), then the execution fails.
TEST(StepTest, JsonataEvaluationFailureWritesEvaluationFailed) {
  auto def = Def(R"({"QueryLanguage":"JSONata","StartAt":"S","States":{
      "S":{"Type":"Pass","Assign":{"result":"{% $doesNotExist %}"},"End":true}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, Info("{}"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(*r.terminal->error, "States.QueryEvaluationError");
  const std::string cause =
      "An error occurred while executing the state 'S' (entered at the event id #2). The JSONata "
      "expression '$doesNotExist' specified for the field 'Assign/result' returned nothing "
      "(undefined).";
  EXPECT_EQ(*r.terminal->cause, cause);
  EXPECT_EQ(Types(events), (std::vector<std::string>{"ExecutionStarted", "PassStateEntered",
                                                     "EvaluationFailed", "ExecutionFailed"}));
  EXPECT_EQ(Links(events), (std::vector<int64_t>{0, 0, 0, 3}));
  EXPECT_EQ(events[2].details_key, "evaluationFailedEventDetails");
  EXPECT_EQ(events[2].details, (Json{{"error", "States.QueryEvaluationError"},
                                     {"cause", cause},
                                     {"location", "Assign/result"},
                                     {"state", "S"}}));
}

// A JSONata Map whose Items is not an array: EvaluationFailed, MapStateFailed.
TEST(StepTest, JsonataMapItemsFailure) {
  auto def = Def(R"({"QueryLanguage":"JSONata","StartAt":"P","States":{
      "P":{"Type":"Pass","Next":"M"},
      "M":{"Type":"Map","Items":"{% $states.input.n %}","End":true,
           "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}}}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, Info(R"({"n":1})"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{"ExecutionStarted", "PassStateEntered", "PassStateExited",
                                      "MapStateEntered", "EvaluationFailed", "MapStateFailed",
                                      "ExecutionFailed"}));
  EXPECT_EQ(Links(events), (std::vector<int64_t>{0, 0, 2, 3, 3, 5, 6}));
  EXPECT_EQ(events[4].details["location"], "Items");
}

// States.QueryEvaluationError is retried and caught like any other error;
// each attempt writes its EvaluationFailed, and the Catch sees the error
// output. A Wait's EvaluationFailed follows its WaitStateEntered.
TEST(StepTest, JsonataEvaluationErrorsAreRetriedAndCaught) {
  auto def = Def(R"({"QueryLanguage":"JSONata","StartAt":"M","States":{
      "M":{"Type":"Map","Items":"{% $states.input.n %}","Next":"W",
           "ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","End":true}}},
           "Retry":[{"ErrorEquals":["States.QueryEvaluationError"],"MaxAttempts":1}],
           "Catch":[{"ErrorEquals":["States.ALL"],"Next":"W",
                     "Output":{"error":"{% $states.errorOutput.Error %}"}}]},
      "W":{"Type":"Wait","Seconds":"{% $states.input.error %}","End":true}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToEnd(*def, Info(R"({"n":1})"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(*r.terminal->error, "States.QueryEvaluationError");
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{"ExecutionStarted", "MapStateEntered", "EvaluationFailed",
                                      "EvaluationFailed", "MapStateFailed", "MapStateExited",
                                      "WaitStateEntered", "EvaluationFailed", "ExecutionFailed"}));
  EXPECT_EQ(events[6].details["input"], R"({"error":"States.QueryEvaluationError"})");
  EXPECT_EQ(events[7].previous_event_id, 7);
  EXPECT_EQ(events[7].details["location"], "Seconds");
}

// A state whose uncaught failure ends a Parallel branch is aborted, as AWS
// records it; a Fail state is not.
TEST(StepTest, FailingBranchStateIsAborted) {
  auto def = Def(R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
      {"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}]}}})");
  std::vector<HistoryEvent> events;
  StepResult r = RunToRest(*def, Info(R"({"s":-1})"), events, FromEpochMillis(0));
  ASSERT_TRUE(r.terminal.has_value());
  EXPECT_EQ(Types(events),
            (std::vector<std::string>{
                "ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted",
                "WaitStateEntered", "WaitStateAborted", "ParallelStateFailed", "ExecutionFailed"}));
  EXPECT_EQ(Links(events), (std::vector<int64_t>{0, 0, 2, 3, 4, 5, 6}));
}

TEST(StepTest, ContextObjectHasAwsMembers) {
  Json ctx = MakeContextObject(Info(R"({"a":1})"), "S", FromEpochMillis(1'000'000));
  EXPECT_EQ(ctx["Execution"]["Name"], "e");
  EXPECT_EQ(ctx["Execution"]["Input"]["a"], 1);
  EXPECT_EQ(ctx["Execution"]["StartTime"], "1970-01-01T00:16:40.000Z");
  EXPECT_EQ(ctx["State"]["Name"], "S");
  EXPECT_EQ(ctx["StateMachine"]["Name"], "sm");
  EXPECT_EQ(ctx["Execution"]["RedriveCount"], 0);
}

// The frames a store keeps in rows of their own, updated only with each
// step's touched_frames, must equal the state's frames after every step
// (issue 16: a commit writes only what its step changed; kill -9 recovery
// reads these rows back).
class FrameRows {
 public:
  explicit FrameRows(const ExecutionState& s) { Rewrite(s); }
  void Apply(const StepResult& r) {
    if (!r.touched_frames) {
      Rewrite(r.state);
      return;
    }
    for (int64_t id : *r.touched_frames) {
      auto it = r.state.frames.find(id);
      if (it == r.state.frames.end()) {
        rows_.erase(id);
      } else {
        rows_[id] = DumpJson(it->second.ToJson());
      }
    }
  }
  void ExpectMatches(const ExecutionState& s, int step) const {
    std::map<int64_t, std::string> want;
    for (const auto& [id, f] : s.frames) want[id] = DumpJson(f.ToJson());
    EXPECT_EQ(rows_, want) << "after step " << step;
  }

 private:
  void Rewrite(const ExecutionState& s) {
    rows_.clear();
    for (const auto& [id, f] : s.frames) rows_[id] = DumpJson(f.ToJson());
  }
  std::map<int64_t, std::string> rows_;
};

struct TouchedCase {
  const char* name;
  const char* definition;
  const char* input;
  std::optional<int> stop_at_step;  // a StopExecution then
};

class TouchedFramesTest : public ::testing::TestWithParam<TouchedCase> {};

TEST_P(TouchedFramesTest, RowsUpdatedWithTouchedFramesEqualTheState) {
  const TouchedCase& c = GetParam();
  auto def = Def(c.definition);
  ASSERT_NE(def, nullptr);
  ExecutionInfo info = Info(c.input);
  TimePoint now = FromEpochMillis(0);
  StepResult r = StartExecution(*def, info, now);
  FrameRows rows(r.state);
  for (int step = 0; step < 500 && !r.terminal; ++step) {
    StepInput in;
    if (c.stop_at_step && step == *c.stop_at_step) {
      in.kind = StepInput::Kind::kStop;
    } else if (!r.run_again) {
      if (!r.timer) break;
      now = *r.timer;
      in.kind = StepInput::Kind::kTimerFired;
    }
    r = Step(*def, info, r.state, in, now, /*budget=*/3);
    rows.Apply(r);
    rows.ExpectMatches(r.state, step);
  }
  EXPECT_TRUE(r.terminal.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    Forks, TouchedFramesTest,
    ::testing::Values(
        TouchedCase{"map_waits",
                    R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,"End":true,
                        "ItemProcessor":{"StartAt":"W","States":{
                          "W":{"Type":"Wait","SecondsPath":"$","Next":"P"},
                          "P":{"Type":"Pass","End":true}}}}}})",
                    "[3,1,2,5,4,1,1,2]", std::nullopt},
        TouchedCase{"map_failures_tolerated_and_caught",
                    R"({"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":1,
                        "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"End":true,
                        "ItemProcessor":{"StartAt":"C","States":{
                          "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,
                               "Next":"F"}],"Default":"W"},
                          "W":{"Type":"Wait","Seconds":1,"End":true},
                          "F":{"Type":"Fail","Error":"E"}}}},
                        "Done":{"Type":"Pass","End":true}}})",
                    "[1,0,2,0,3,4]", std::nullopt},
        TouchedCase{"parallel_nested_map_stopped",
                    R"({"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
                        {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
                          "ItemProcessor":{"StartAt":"W","States":{
                            "W":{"Type":"Wait","Seconds":2,"End":true}}}}}},
                        {"StartAt":"W2","States":{"W2":{"Type":"Wait","Seconds":100,"End":true}}}]}}})",
                    "[1,2,3,4,5]", 4}),
    [](const ::testing::TestParamInfo<TouchedCase>& i) { return std::string(i.param.name); });

}  // namespace
}  // namespace sfn::engine
