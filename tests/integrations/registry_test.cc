// Adding a Task integration is one registry entry: a trivial "echo" service
// (arn:aws:states:::echo:invoke answers with its Message parameter), added to
// a registry in this test only, runs through the engine's step like Lambda
// does: Task* events named after the resource, a result through
// ResultSelector/ResultPath, its errors through Retry and Catch, a missing
// parameter failing the state before any task event.
#include "emulator/integrations/registry.h"

#include <gtest/gtest.h>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"

namespace sfn::integrations {
namespace {

using engine::InvocationResult;
using engine::PlannedTask;
using engine::StepInput;
using engine::StepResult;
using engine::TaskAnswer;

// The whole integration: match, plan, bind, dispatch, interpret.
class Echo : public engine::TaskIntegration {
 public:
  std::string_view Id() const override { return "echo.invoke"; }
  bool Matches(std::string_view resource) const override {
    return resource == "arn:aws:states:::echo:invoke";
  }
  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  Outcome<PlannedTask> Plan(const engine::TaskCall& call, const engine::TaskEnv&) const override {
    if (!call.parameters.contains("Message")) {
      return Failure{errors::kRuntime, "The field 'Message' is required."};
    }
    return PlannedTask{std::string(Id()), call.resource, DumpJson(call.parameters["Message"]), {}};
  }
  std::optional<Failure> Bind(const engine::TaskCall&, const engine::TaskEnv&,
                              PlannedTask& task) const override {
    task.target = "echo-server";
    return std::nullopt;
  }
  void Dispatch(const PlannedTask& task, std::function<void(TaskAnswer)> done) const override {
    InvocationResult r;
    r.payload = task.request;
    done(std::move(r));
  }
  Outcome<Json> Interpret(const PlannedTask&, const TaskAnswer& answer,
                          const engine::TaskEnv&) const override {
    Json message = ParseJson(std::get<InvocationResult>(answer).payload).value();
    if (message == "boom") return Failure{"Echo.Boom", "asked to fail"};
    return Json{{"Echoed", message}};
  }
};

struct EchoRun {
  asl::DefinitionPtr def;
  engine::ExecutionInfo info;
  Registry registry;
  engine::StepEnv env{nullptr, &registry};
  StepResult r;
  std::vector<engine::HistoryEvent> events;
  TimePoint now = FromEpochMillis(0);

  EchoRun(const char* definition, const char* input) {
    registry.Add(std::make_unique<Echo>());
    auto parsed = asl::Parse(definition);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    info.arn = "arn:aws:states:us-west-2:123456789012:execution:sm:e";
    info.state_machine_arn = "arn:aws:states:us-west-2:123456789012:stateMachine:sm";
    info.input = input;
    r = engine::StartExecution(*def, info, FromEpochMillis(0));
    events = r.events;
    Step(StepInput{});
    // Dispatch what was scheduled, as the driver does after the commit;
    // fire timers (retry back-off) when nothing else is pending.
    while (!r.terminal && (!r.dispatch.empty() || r.timer)) {
      if (r.dispatch.empty()) {
        now = *r.timer;
        Step(StepInput{StepInput::Kind::kTimerFired});
        continue;
      }
      engine::TaskDispatch d = r.dispatch.front();
      TaskAnswer answer;
      registry.Find(d.task.integration)->Dispatch(d.task, [&](TaskAnswer a) { answer = a; });
      StepInput in;
      in.kind = StepInput::Kind::kTaskAnswer;
      in.completion = engine::TaskCompletion{d.frame_id, d.task_attempt, std::move(answer)};
      Step(in);
    }
  }
  void Step(const StepInput& in) {
    r = engine::Step(*def, info, r.state, in, now, 1000, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
};

TEST(RegistryTest, ANewEntryRunsThroughTheEngine) {
  EchoRun run(
      R"({"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::echo:invoke",
      "Parameters":{"Message.$":"$.m"},"ResultSelector":{"got.$":"$.Echoed"},
      "ResultPath":"$.r","End":true}}})",
      R"({"m":"hi"})");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->output, R"({"m":"hi","r":{"got":"hi"}})");
  EXPECT_EQ(run.Types(), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                                   "TaskScheduled", "TaskStarted", "TaskSucceeded",
                                                   "TaskStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(run.events[2].details["resourceType"], "echo");
  EXPECT_EQ(run.events[2].details["resource"], "invoke");
  EXPECT_EQ(run.events[2].details["region"], "us-west-2");
}

TEST(RegistryTest, ItsErrorsGoThroughRetryAndCatch) {
  EchoRun run(
      R"({"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::echo:invoke",
      "Parameters":{"Message":"boom"},
      "Retry":[{"ErrorEquals":["Echo.Boom"],"MaxAttempts":1,"IntervalSeconds":3}],
      "Catch":[{"ErrorEquals":["States.ALL"],"Next":"C"}],"End":true},
      "C":{"Type":"Pass","End":true}}})",
      "{}");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->output, R"({"Error":"Echo.Boom","Cause":"asked to fail"})");
  EXPECT_EQ(run.Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted",
                                      "TaskFailed", "TaskStateExited", "PassStateEntered",
                                      "PassStateExited", "ExecutionSucceeded"}));
}

TEST(RegistryTest, APlanFailureFailsTheStateBeforeAnyTaskEvent) {
  EchoRun run(
      R"({"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::echo:invoke",
      "End":true}}})",
      "{}");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->error, "States.Runtime");
  EXPECT_EQ(*run.r.terminal->cause,
            "An error occurred while executing the state 'E' (entered at the event id #2). The "
            "field 'Message' is required.");
  EXPECT_EQ(run.Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "ExecutionFailed"}));
}

TEST(RegistryTest, ResourcesNoEntryServesFailWithTheRegistrysCause) {
  EchoRun run(
      R"({"StartAt":"E","States":{"E":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
      "End":true}}})",
      "{}");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_NE(run.r.terminal->cause->find("'arn:aws:states:::sqs:sendMessage' is not emulated"),
            std::string::npos);
}

}  // namespace
}  // namespace sfn::integrations
