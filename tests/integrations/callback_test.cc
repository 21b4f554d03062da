// The callback pattern (.waitForTaskToken) is the engine's, for every entry
// that lists it: a trivial "echo" entry (its answer is its Message
// parameter) gets the token in $$.Task.Token, TaskSubmitted, the token's
// answers, HeartbeatSeconds and the late/early/repeated-answer rules with no
// code of its own. Also: an entry that does not list a pattern is not
// matched for it.
#include <gtest/gtest.h>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/engine/task_token.h"
#include "emulator/integrations/registry.h"

namespace sfn::integrations {
namespace {

using engine::InvocationResult;
using engine::PlannedTask;
using engine::StepInput;
using engine::TaskAnswer;
using engine::TokenAnswer;

class Echo : public engine::TaskIntegration {
 public:
  std::string_view Id() const override { return "echo.invoke"; }
  bool Matches(std::string_view resource) const override {
    return resource == "arn:aws:states:::echo:invoke";
  }
  engine::PatternSet Patterns() const override {
    return {engine::Pattern::kRequestResponse, engine::Pattern::kWaitForTaskToken};
  }
  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  Outcome<PlannedTask> Plan(const engine::TaskCall& call, const engine::TaskEnv&) const override {
    return PlannedTask{std::string(Id()), call.resource, DumpJson(call.parameters), {}};
  }
  std::optional<Failure> Bind(const engine::TaskCall&, const engine::TaskEnv&,
                              PlannedTask&) const override {
    return std::nullopt;
  }
  void Dispatch(const PlannedTask& task, std::function<void(TaskAnswer)> done) const override {
    InvocationResult r;
    r.payload = task.request;
    done(std::move(r));
  }
  Outcome<Json> Interpret(const PlannedTask&, const TaskAnswer& answer,
                          const engine::TaskEnv&) const override {
    return Json{{"Sent", ParseJson(std::get<InvocationResult>(answer).payload).value()}};
  }
};

struct CallbackRun {
  asl::DefinitionPtr def;
  engine::ExecutionInfo info;
  Registry registry;
  Random random{7};
  engine::StepEnv env{&random, &registry};
  engine::StepResult r;
  std::vector<engine::HistoryEvent> events;
  std::vector<engine::TaskDispatch> pending;
  TimePoint now = FromEpochMillis(1000000);

  explicit CallbackRun(const std::string& definition) {
    registry.Add(std::make_unique<Echo>());
    auto parsed = asl::Parse(definition);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
    info.input = "{}";
    r = engine::StartExecution(*def, info, now);
    events = r.events;
    Step(StepInput{});
  }
  void Step(const StepInput& in) {
    r = engine::Step(*def, info, r.state, in, now, 1000, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
    pending.insert(pending.end(), r.dispatch.begin(), r.dispatch.end());
  }
  // Sends what was dispatched and steps its answer.
  void AnswerDispatch() {
    ASSERT_FALSE(pending.empty());
    engine::TaskDispatch d = pending.front();
    pending.erase(pending.begin());
    TaskAnswer answer;
    registry.Find(d.task.integration)->Dispatch(d.task, [&](TaskAnswer a) { answer = a; });
    Answer(engine::TaskCompletion{d.frame_id, d.task_attempt, std::move(answer)});
  }
  void Answer(engine::TaskCompletion c) {
    StepInput in;
    in.kind = StepInput::Kind::kTaskAnswer;
    in.completion = std::move(c);
    Step(in);
  }
  std::string Token() const {
    for (const auto& [id, f] : r.state.frames) {
      if (const auto* a = std::get_if<engine::AwaitingTask>(&f.phase)) return a->token.value_or("");
    }
    return "";
  }
  // Answers the token as SendTask* would; false when the engine refuses it.
  bool Send(TokenAnswer answer, const std::string& token) {
    auto c = engine::CompletionForToken(r.state, token, std::move(answer));
    if (!c || !engine::Awaits(r.state, *c)) return false;
    Answer(std::move(*c));
    return true;
  }
  static TokenAnswer Success(std::string output) {
    TokenAnswer a;
    a.output = std::move(output);
    return a;
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
};

constexpr char kCallback[] = R"({"StartAt":"T","States":{"T":{"Type":"Task",
    "Resource":"arn:aws:states:::echo:invoke.waitForTaskToken",
    "Parameters":{"Token.$":"$$.Task.Token"},%EXTRA% "End":true}}})";

std::string Callback(const std::string& extra = "") {
  std::string d = kCallback;
  d.replace(d.find("%EXTRA%"), 7, extra);
  return d;
}

TEST(CallbackTest, TheTokenIsInTheParametersAndItsSuccessIsTheResult) {
  CallbackRun run(Callback());
  std::string token = run.Token();
  ASSERT_TRUE(engine::IsTaskToken(token)) << token;
  EXPECT_EQ(run.r.task_tokens, std::vector<std::string>{token});
  EXPECT_EQ(run.events[2].details["parameters"], DumpJson(Json{{"Token", token}}));
  EXPECT_EQ(run.events[2].details["resource"], "invoke.waitForTaskToken");
  run.AnswerDispatch();
  ASSERT_EQ(run.events.back().type, "TaskSubmitted");
  EXPECT_EQ(run.events.back().details["output"], DumpJson(Json{{"Sent", {{"Token", token}}}}));
  EXPECT_FALSE(run.r.terminal);
  EXPECT_TRUE(engine::AwaitsOutside(run.r.state));
  ASSERT_TRUE(run.Send(CallbackRun::Success(R"({"ok": true})"), token));
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->output, R"({"ok":true})");
  // The output is recorded as the worker wrote it.
  EXPECT_EQ(run.events[run.events.size() - 3].details["output"], R"({"ok": true})");
  EXPECT_EQ(run.Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSubmitted", "TaskSucceeded",
                                      "TaskStateExited", "ExecutionSucceeded"}));
}

TEST(CallbackTest, AnAnswerBeforeTheSubmissionIsAppliedAfterIt) {
  CallbackRun run(Callback());
  std::string token = run.Token();
  ASSERT_TRUE(run.Send(CallbackRun::Success("1"), token));
  EXPECT_TRUE(run.r.state_changed);
  EXPECT_FALSE(run.r.terminal);
  // A second answer is refused (TaskTimedOut at the API); a heartbeat is not.
  EXPECT_FALSE(run.Send(CallbackRun::Success("2"), token));
  TokenAnswer beat;
  beat.kind = TokenAnswer::Kind::kHeartbeat;
  EXPECT_TRUE(run.Send(beat, token));
  run.AnswerDispatch();
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->output, "1");
  EXPECT_EQ(run.Types()[4], "TaskSubmitted");
  EXPECT_EQ(run.Types()[5], "TaskSucceeded");
}

TEST(CallbackTest, ALateOrRepeatedAnswerIsRefused) {
  CallbackRun run(Callback());
  std::string token = run.Token();
  run.AnswerDispatch();
  ASSERT_TRUE(run.Send(CallbackRun::Success("{}"), token));
  ASSERT_TRUE(run.r.terminal);
  EXPECT_FALSE(run.Send(CallbackRun::Success("{}"), token));
}

TEST(CallbackTest, AFailureWithoutCauseLeavesTheCauseOut) {
  CallbackRun run(Callback());
  std::string token = run.Token();
  run.AnswerDispatch();
  TokenAnswer fail;
  fail.kind = TokenAnswer::Kind::kFailure;
  fail.error = "Rejected";
  ASSERT_TRUE(run.Send(fail, token));
  ASSERT_TRUE(run.r.terminal);
  const engine::HistoryEvent& failed = run.events[run.events.size() - 2];
  EXPECT_EQ(failed.type, "TaskFailed");
  EXPECT_EQ(failed.details, (Json{{"error", "Rejected"},
                                  {"resourceType", "echo"},
                                  {"resource", "invoke.waitForTaskToken"}}));
  EXPECT_EQ(run.events.back().details, (Json{{"error", "Rejected"}}));
}

TEST(CallbackTest, AHeartbeatTimeoutIsRecordedAsStatesTimeoutAndCaughtAsHeartbeatTimeout) {
  CallbackRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::echo:invoke.waitForTaskToken",
      "Parameters":{"Token.$":"$$.Task.Token"},"HeartbeatSeconds":10,"TimeoutSeconds":100,
      "Catch":[{"ErrorEquals":["States.HeartbeatTimeout"],"ResultPath":"$.e","Next":"C"}],
      "Next":"C"},"C":{"Type":"Pass","End":true}}})");
  std::string token = run.Token();
  run.AnswerDispatch();
  ASSERT_EQ(run.r.timer, run.now + std::chrono::seconds(10));
  run.now += std::chrono::seconds(8);
  TokenAnswer beat;
  beat.kind = TokenAnswer::Kind::kHeartbeat;
  ASSERT_TRUE(run.Send(beat, token));
  EXPECT_TRUE(run.r.state_changed);
  EXPECT_EQ(run.r.timer, run.now + std::chrono::seconds(10));
  run.now += std::chrono::seconds(10);
  run.Step(StepInput{StepInput::Kind::kTimerFired});
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->output, R"({"e":{"Error":"States.Timeout","Cause":""}})");
  EXPECT_EQ(run.events[5].type, "TaskTimedOut");
  EXPECT_EQ(run.events[5].details["error"], "States.Timeout");
  EXPECT_FALSE(run.Send(CallbackRun::Success("{}"), token));
}

TEST(CallbackTest, AnEntryIsOnlyMatchedForThePatternsItLists) {
  Registry registry;
  registry.Add(std::make_unique<Echo>());
  EXPECT_NE(registry.Match("arn:aws:states:::echo:invoke"), nullptr);
  EXPECT_NE(registry.Match("arn:aws:states:::echo:invoke.waitForTaskToken"), nullptr);
  EXPECT_EQ(registry.Match("arn:aws:states:::echo:invoke.sync"), nullptr);
  EXPECT_NE(registry.Unmatched("arn:aws:states:::echo:invoke.sync")
                .find("does not offer the integration pattern '.sync'"),
            std::string::npos);
}

TEST(CallbackTest, TokensAreRecognisable) {
  Random random(1);
  std::string token = engine::MakeTaskToken(&random, 0);
  EXPECT_TRUE(engine::IsTaskToken(token));
  EXPECT_NE(token, engine::MakeTaskToken(&random, 0));
  EXPECT_FALSE(engine::IsTaskToken("not-a-token"));
  EXPECT_FALSE(engine::IsTaskToken(""));
}

}  // namespace
}  // namespace sfn::integrations
