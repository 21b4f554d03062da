// Task states calling Lambda: the registry's Lambda entries over a fake
// LambdaPort, driven through the engine's pure step.
#include <gtest/gtest.h>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/integrations/registry.h"
#include "tests/integrations/fake_lambda.h"

namespace sfn::engine {
// The Lambda entries live in integrations/; the step is the engine's.
using integrations::MakeRegistry;
using integrations::Ports;

namespace {

// Resolves `fn`, `fn:N` and `fn:live` (-> 2); knows nothing else.
struct FakeLambda : testing::FakeLambda {
  FakeLambda() : testing::FakeLambda({"fn"}, {{"live", "2"}}) {}
};

ExecutionInfo Info(std::string input) {
  ExecutionInfo info;
  info.arn = "arn:aws:states:eu-west-1:123456789012:execution:sm:e";
  info.name = "e";
  info.state_machine_arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:sm";
  info.state_machine_name = "sm";
  info.input = std::move(input);
  return info;
}

std::vector<std::string> Types(const std::vector<HistoryEvent>& events) {
  std::vector<std::string> out;
  for (const HistoryEvent& e : events) out.push_back(e.type);
  return out;
}

struct TaskRun {
  asl::DefinitionPtr def;
  ExecutionInfo info;
  FakeLambda lambda;
  std::unique_ptr<integrations::Registry> registry = MakeRegistry(Ports{&lambda});
  StepEnv env{nullptr, registry.get()};
  StepResult r;
  std::vector<HistoryEvent> events;

  TaskRun(const char* definition, std::string input) : info(Info(std::move(input))) {
    auto parsed = asl::Parse(definition);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    r = StartExecution(*def, info, FromEpochMillis(0));
    events = r.events;
    Step(StepInput{}, FromEpochMillis(0));
  }
  void Step(StepInput in, TimePoint now) {
    r = engine::Step(*def, info, *ExecutionState::FromJson(r.state.ToJson()), in, now, 1000, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  void Answer(InvocationResult result, TimePoint now = FromEpochMillis(0)) {
    ASSERT_EQ(r.dispatch.size(), 1u);
    StepInput in;
    in.kind = StepInput::Kind::kTaskAnswer;
    in.completion =
        TaskCompletion{r.dispatch[0].frame_id, r.dispatch[0].task_attempt, std::move(result)};
    Step(in, now);
  }
};

InvocationResult Ok(std::string payload, std::string version = "$LATEST") {
  InvocationResult r;
  r.payload = std::move(payload);
  r.executed_version = std::move(version);
  r.request_id = "req-1";
  return r;
}

TEST(LambdaTaskTest, InvokeIntegrationSchedulesResolvedVersionAndWrapsTheResponse) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke",
      "Parameters":{"FunctionName":"fn:live","Payload":{"x.$":"$.x"}},
      "ResultSelector":{"p.$":"$.Payload","v.$":"$.ExecutedVersion"},"End":true}}})",
              R"({"x":1})");
  ASSERT_EQ(run.r.dispatch.size(), 1u);
  EXPECT_EQ(run.r.dispatch[0].task.target["version"], "2");
  EXPECT_EQ(run.r.dispatch[0].task.request, R"({"x":1})");
  EXPECT_EQ(Types(run.events), (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered",
                                                         "TaskScheduled", "TaskStarted"}));
  EXPECT_EQ(run.events[2].details["region"], "eu-west-1");
  EXPECT_EQ(run.events[2].details["parameters"], R"({"FunctionName":"fn:live","Payload":{"x":1}})");
  run.Answer(Ok(R"({"y":2})", "2"));
  ASSERT_TRUE(run.r.terminal.has_value());
  EXPECT_EQ(*run.r.terminal->output, R"({"p":{"y":2},"v":"2"})");
  Json succeeded = ParseJson(run.events[4].details["output"].get<std::string>()).value();
  EXPECT_EQ(succeeded["StatusCode"], 200);
  EXPECT_EQ(succeeded["SdkResponseMetadata"]["RequestId"], "req-1");
  EXPECT_EQ(succeeded["SdkHttpMetadata"]["HttpHeaders"]["X-Amz-Executed-Version"], "2");
}

TEST(LambdaTaskTest, FunctionErrorBecomesErrorTypeWithPayloadAsCauseAndIsRetried) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:lambda:eu-west-1:123456789012:function:fn:1",
      "Retry":[{"ErrorEquals":["States.TaskFailed"],"MaxAttempts":1,"IntervalSeconds":2}],
      "End":true}}})",
              "{}");
  ASSERT_EQ(run.r.dispatch.size(), 1u);
  EXPECT_EQ(run.r.dispatch[0].task.target["version"], "1");
  InvocationResult err = Ok(R"({"errorMessage":"boom","errorType":"ValueError"})");
  err.function_error = "Unhandled";
  run.Answer(err);
  ASSERT_TRUE(run.r.timer.has_value());
  EXPECT_EQ(*run.r.timer, FromEpochMillis(2000));
  run.Step({StepInput::Kind::kTimerFired}, FromEpochMillis(2000));
  run.Answer(err, FromEpochMillis(2000));
  ASSERT_TRUE(run.r.terminal.has_value());
  EXPECT_EQ(*run.r.terminal->error, "ValueError");
  EXPECT_EQ(*run.r.terminal->cause, R"({"errorMessage":"boom","errorType":"ValueError"})");
  EXPECT_EQ(Types(run.events),
            (std::vector<std::string>{
                "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "LambdaFunctionScheduled",
                "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed"}));
}

TEST(LambdaTaskTest, MissingFunctionFailsWithLambdaResourceNotFound) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"nope"},
      "End":true}}})",
              "{}");
  ASSERT_TRUE(run.r.terminal.has_value());
  EXPECT_EQ(*run.r.terminal->error, "Lambda.ResourceNotFoundException");
  EXPECT_EQ(run.r.terminal->cause->rfind(
                "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:nope:$LATEST "
                "(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; "
                "Request ID: ",
                0),
            0u)
      << *run.r.terminal->cause;
}

TEST(LambdaTaskTest, TimeoutFiresAsStatesTimeoutAndCanBeCaught) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task","TimeoutSeconds":5,
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fn"},
      "Catch":[{"ErrorEquals":["States.Timeout"],"Next":"C"}],"End":true},
      "C":{"Type":"Pass","End":true}}})",
              "{}");
  ASSERT_TRUE(run.r.timer.has_value());
  EXPECT_EQ(*run.r.timer, FromEpochMillis(5000));
  run.Step({StepInput::Kind::kTimerFired}, FromEpochMillis(5000));
  ASSERT_TRUE(run.r.terminal.has_value());
  EXPECT_EQ(*run.r.terminal->output, R"({"Error":"States.Timeout","Cause":""})");
  EXPECT_EQ(run.events[4].type, "TaskTimedOut");
  EXPECT_EQ(run.events[4].details["error"], "States.Timeout");
}

TEST(LambdaTaskTest, ResumeDispatchesInFlightInvocationsAgainWithTheSameVersion) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"fn:3"},
      "End":true}}})",
              "{}");
  run.Step({StepInput::Kind::kResume}, FromEpochMillis(10));
  ASSERT_EQ(run.r.dispatch.size(), 1u);
  EXPECT_EQ(run.r.dispatch[0].task.target["version"], "3");
  EXPECT_TRUE(run.r.events.empty());
}

TEST(LambdaTaskTest, OtherResourcesFailClearly) {
  TaskRun run(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::glue:startJobRun.sync","Parameters":{"JobName":"j"},"End":true}}})",
              "{}");
  ASSERT_TRUE(run.r.terminal.has_value());
  EXPECT_EQ(*run.r.terminal->error, "States.Runtime");
}

}  // namespace
}  // namespace sfn::engine
