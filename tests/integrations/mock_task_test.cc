// Mocked Task states (engine/task_mocks.h) through the engine's pure step
// with the product's registry: the events of the real integration, Return and
// Throw through Retry and Catch, one counter per state across retries and Map
// iterations, exhausted responses, and unmocked states calling their
// integration.
#include <gtest/gtest.h>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/integrations/mock_config.h"
#include "emulator/integrations/registry.h"

namespace sfn::integrations {
namespace {

using engine::StepInput;

struct MockRun {
  std::unique_ptr<Registry> registry = MakeRegistry(Ports{});
  engine::StepEnv env{nullptr, registry.get()};
  asl::DefinitionPtr def;
  engine::ExecutionInfo info;
  engine::StepResult r;
  std::vector<engine::HistoryEvent> events;
  TimePoint now = FromEpochMillis(0);

  MockRun(const std::string& definition, const std::string& mock_file, const std::string& test_case,
          const std::string& input = "{}") {
    auto parsed = asl::Parse(definition);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    info.arn = "arn:aws:states:us-east-1:123456789012:execution:sm:e";
    info.state_machine_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:sm";
    info.state_machine_name = "sm";
    info.input = input;
    Result<MockFileContents> contents = ParseMockConfig(mock_file);
    EXPECT_TRUE(contents.ok()) << contents.status().ToString();
    Result<engine::MockCase> mock = ResolveMockCase(*contents, "sm", test_case);
    EXPECT_TRUE(mock.ok()) << mock.status().ToString();
    r = engine::StartExecution(*def, info, now);
    r.state.mock = *mock;
    events = r.events;
    Step(StepInput{});
    // Retry back-off: fire timers until the execution ends or waits on a task.
    while (!r.terminal && r.dispatch.empty() && r.timer) {
      now = *r.timer;
      Step(StepInput{StepInput::Kind::kTimerFired});
    }
  }
  void Step(const StepInput& in) {
    // Through the row, as the driver keeps it: the counters must survive it.
    r = engine::Step(*def, info, *engine::ExecutionState::FromJson(r.state.ToJson()), in, now, 1000,
                     env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
  Json Output() const { return ParseJson(*r.terminal->output).value(); }
};

constexpr char kGuideMachine[] = R"({
  "StartAt":"LambdaState",
  "States":{
    "LambdaState":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
      "Parameters":{"Payload.$":"$","FunctionName":"HelloWorldFunction"},
      "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":3,"BackoffRate":2}],
      "Next":"SQSState"},
    "SQSState":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage",
      "Parameters":{"QueueUrl":"https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
                    "MessageBody.$":"$"},"End":true}}})";

constexpr char kGuideMocks[] = R"({
  "StateMachines":{"sm":{"TestCases":{
    "HappyPath":{"LambdaState":"MockedLambdaSuccess","SQSState":"MockedSQSSuccess"},
    "RetryPath":{"LambdaState":"MockedLambdaRetry","SQSState":"MockedSQSSuccess"},
    "HybridPath":{"LambdaState":"MockedLambdaSuccess"},
    "ShortRetry":{"LambdaState":"TwoThrows","SQSState":"MockedSQSSuccess"}}}},
  "MockedResponses":{
    "MockedLambdaSuccess":{"0":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}},
    "MockedSQSSuccess":{"0":{"Return":{"MD5OfMessageBody":"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51","MessageId":"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}}},
    "MockedLambdaRetry":{
      "0":{"Throw":{"Error":"Lambda.ResourceNotReadyException","Cause":"Lambda resource is not ready."}},
      "1-2":{"Throw":{"Error":"Lambda.TimeoutException","Cause":"Lambda timed out."}},
      "3":{"Return":{"StatusCode":200,"Payload":{"StatusCode":200,"body":"Hello from Lambda!"}}}},
    "TwoThrows":{"0-1":{"Throw":{"Error":"Lambda.TimeoutException","Cause":"Lambda timed out."}}}}})";

TEST(MockedTasks, HappyPathReturnsTheMockedResultsWithTheIntegrationsEvents) {
  MockRun run(kGuideMachine, kGuideMocks, "HappyPath");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(run.r.terminal->status, engine::ExecutionStatus::kSucceeded);
  EXPECT_EQ(run.Output()["MessageId"], "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51");
  EXPECT_EQ(run.Types(),
            (std::vector<std::string>{"ExecutionStarted", "TaskStateEntered", "TaskScheduled",
                                      "TaskStarted", "TaskSucceeded", "TaskStateExited",
                                      "TaskStateEntered", "TaskScheduled", "TaskStarted",
                                      "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"}));
  EXPECT_EQ(run.events[2].details["resourceType"], "lambda");
  EXPECT_EQ(run.events[2].details["parameters"],
            R"({"Payload":{},"FunctionName":"HelloWorldFunction"})");
  EXPECT_EQ(run.events[9].details["resourceType"], "sqs");
}

TEST(MockedTasks, RetriesConsumeInvocationNumbers) {
  MockRun run(kGuideMachine, kGuideMocks, "RetryPath");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(run.r.terminal->status, engine::ExecutionStatus::kSucceeded);
  std::vector<std::string> failed;
  for (const auto& e : run.events) {
    if (e.type == "TaskFailed") failed.push_back(e.details["error"].get<std::string>());
  }
  EXPECT_EQ(failed,
            (std::vector<std::string>{"Lambda.ResourceNotReadyException", "Lambda.TimeoutException",
                                      "Lambda.TimeoutException"}));
}

TEST(MockedTasks, AnExhaustedResponseFailsTheExecution) {
  // Retry asks for invocation 2; TwoThrows covers 0-1 only.
  MockRun run(kGuideMachine, kGuideMocks, "ShortRetry");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(run.r.terminal->status, engine::ExecutionStatus::kFailed);
  EXPECT_EQ(*run.r.terminal->error, "States.Runtime");
  EXPECT_EQ(*run.r.terminal->cause,
            "An error occurred while executing the state 'LambdaState' (entered at the event id "
            "#2). The mocked response 'TwoThrows' of test case 'ShortRetry' has no response for "
            "invocation 2 of state 'LambdaState' (invocations are numbered from 0, retries and "
            "Map iterations included).");
}

TEST(MockedTasks, HybridPathCallsTheRealIntegrationOfUnmockedStates) {
  MockRun run(kGuideMachine, kGuideMocks, "HybridPath");
  // No SQS endpoint in this registry: the real integration fails, catchably.
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(*run.r.terminal->error, "SQS.SdkClientException");
}

TEST(MockedTasks, ThrowGoesThroughCatchAndFunctionArnsWriteLambdaEvents) {
  MockRun run(R"({"StartAt":"F","States":{"F":{"Type":"Task",
      "Resource":"arn:aws:lambda:us-east-1:123456789012:function:f",
      "Catch":[{"ErrorEquals":["Custom.Error"],"ResultPath":"$.err","Next":"C"}],"End":true},
      "C":{"Type":"Pass","End":true}}})",
              R"({"StateMachines":{"sm":{"TestCases":{"t":{"F":"Boom"}}}},
      "MockedResponses":{"Boom":{"0":{"Throw":{"Error":"Custom.Error","Cause":"bad"}}}}})",
              "t", R"({"in":1})");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(run.Output(), Json::parse(R"({"in":1,"err":{"Error":"Custom.Error","Cause":"bad"}})"));
  EXPECT_EQ(run.Types(), (std::vector<std::string>{
                             "ExecutionStarted", "TaskStateEntered", "LambdaFunctionScheduled",
                             "LambdaFunctionStarted", "LambdaFunctionFailed", "TaskStateExited",
                             "PassStateEntered", "PassStateExited", "ExecutionSucceeded"}));
}

TEST(MockedTasks, MapIterationsShareTheStatesCounter) {
  MockRun run(R"({"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,
      "ItemProcessor":{"StartAt":"Call","States":{"Call":{"Type":"Task",
        "Resource":"arn:aws:states:::apigateway:invoke",
        "Retry":[{"ErrorEquals":["Boom"],"IntervalSeconds":1,"MaxAttempts":2}],"End":true}}},
      "End":true}}})",
              R"({"StateMachines":{"sm":{"TestCases":{"t":{"Call":"Seq"}}}},
      "MockedResponses":{"Seq":{"0":{"Throw":{"Error":"Boom","Cause":"attempt0"}},
        "1":{"Return":"idx1"},"2":{"Return":"idx2"},"3":{"Return":"idx3"}}}})",
              "t", R"([1,2])");
  ASSERT_TRUE(run.r.terminal);
  EXPECT_EQ(run.r.terminal->status, engine::ExecutionStatus::kSucceeded);
  // Step Functions Local: iteration 1 takes 0 (Throw) then 1; iteration 2 continues with 2.
  EXPECT_EQ(run.Output(), Json::parse(R"(["idx1","idx2"])"));
}

TEST(MockedTasks, AbsentAndActivityMocksFailAtRunTime) {
  MockRun absent(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::sns:publish","End":true}}})",
                 R"({"StateMachines":{"sm":{"TestCases":{"t":{"T":"Nowhere"}}}},
      "MockedResponses":{}})",
                 "t");
  ASSERT_TRUE(absent.r.terminal);
  EXPECT_EQ(*absent.r.terminal->error, "States.Runtime");
  EXPECT_NE(absent.r.terminal->cause->find(
                "The mocked response 'Nowhere' of test case 't' is not defined in "
                "MockedResponses."),
            std::string::npos);
  MockRun activity(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:us-east-1:123456789012:activity:a","End":true}}})",
                   R"({"StateMachines":{"sm":{"TestCases":{"t":{"T":"R"}}}},
      "MockedResponses":{"R":{"0":{"Return":1}}}})",
                   "t");
  ASSERT_TRUE(activity.r.terminal);
  EXPECT_NE(activity.r.terminal->cause->find("Activity state cannot be mocked."),
            std::string::npos);
}

}  // namespace
}  // namespace sfn::integrations
