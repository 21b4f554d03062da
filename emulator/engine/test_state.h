// TestState (AWS API reference, "TestState"; developer guide, "Using
// TestState API to test a state"): one state run alone on an input, through
// its runner (`emulator/states/runner.h`) and, for a Task, the task-
// integration registry, exactly as an execution runs it, but once: a Retry
// that would apply answers RETRIABLE instead of waiting, a Catch answers
// CAUGHT_ERROR with the catcher's output and next state, a Wait does not
// wait. A `mock` replaces what a Task, Parallel or Map would get from its
// work (a result, or an error).
//
// The run is pure apart from the call of a Task without a mock: Start()
// returns the answer, or nullopt when the task must be dispatched (pending())
// and its answer handed to OnAnswer(). The caller owns the dispatch and the
// thread (control/test_state_service.h). Not thread-safe; one object per
// call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/asl/definition.h"
#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"
#include "emulator/engine/task_integration.h"
#include "emulator/states/command.h"
#include "emulator/states/state_run.h"

namespace sfn::engine {

enum class InspectionLevel { kInfo, kDebug, kTrace };

// A TestState request, checked (the service validates what the API
// reference rules out before building this).
struct TestStateSpec {
  asl::DefinitionPtr definition;      // keeps `state` alive
  const asl::State* state = nullptr;  // the state run
  Json input = Json::object();
  std::string input_text = "{}";    // as sent: answers show unchanged values so
  Json context_object;              // $$ (and JSONata's $states.context)
  Json variables = Json::object();  // the visible workflow variables
  InspectionLevel level = InspectionLevel::kInfo;
  // mock.result (JSON text, checked) or mock.errorOutput.
  std::optional<Json> mock_result;
  std::string mock_result_text;
  std::optional<Failure> mock_error;
  // stateConfiguration.
  std::optional<int> retrier_retry_count;
  std::optional<int64_t> map_iteration_failure_count;
  std::optional<Json> map_item_reader_data;
  std::string region = "us-east-1";
  std::string account = "123456789012";
};

// TestStateOutput.
struct TestStateAnswer {
  std::string status;                 // SUCCEEDED | FAILED | RETRIABLE | CAUGHT_ERROR
  std::optional<std::string> output;  // JSON text
  std::optional<std::string> error;
  std::optional<std::string> cause;
  std::optional<std::string> next_state;
  std::optional<Json> inspection_data;  // DEBUG and TRACE: members as AWS names them
};

class TestStateRun {
 public:
  // `integrations` (may be null: every Task without a mock fails as not
  // emulated) and `random` (may be null) must outlive the run.
  TestStateRun(TestStateSpec spec, const TaskIntegrations* integrations, Random* random,
               TimePoint now);

  // Runs the state: its answer, or nullopt when pending() must be dispatched.
  std::optional<TestStateAnswer> Start();

  // The task to dispatch and its registry entry, after Start() returned
  // nullopt.
  const PlannedTask& pending() const { return *pending_; }
  const TaskIntegration& integration() const { return *integration_; }

  // The dispatched task's answer: the run's answer.
  TestStateAnswer OnAnswer(const TaskAnswer& answer);

 private:
  states::StateContext Ctx();
  TaskEnv Env() const;
  // Carries out a runner's decision: an answer, or nullopt with a dispatch
  // pending.
  std::optional<TestStateAnswer> Apply(states::Decision d);
  std::optional<TestStateAnswer> Invoke(states::Invoke invoke);
  std::optional<TestStateAnswer> Fork(states::ForkRecord fork);
  // The task's result (or failure) through the state's runner.
  TestStateAnswer Result(const Outcome<Json>& result);
  // Retry (RETRIABLE), else Catch (CAUGHT_ERROR), else FAILED.
  TestStateAnswer HandleFailure(const Failure& failure);
  TestStateAnswer Answer(std::string status);
  // A value's JSON text: the text it was sent as when it is the input or the
  // mocked result unchanged (AWS answers those verbatim).
  std::string TextOf(const Json& value) const;

  TestStateSpec spec_;
  const asl::State& state_;
  const TaskIntegrations* integrations_;
  Random* random_;
  TimePoint now_;
  states::Inspection inspection_;
  Json error_details_ = Json::object();
  Json map_settings_ = Json::object();  // maxConcurrency, toleratedFailure*
  std::optional<PlannedTask> pending_;
  const TaskIntegration* integration_ = nullptr;
};

}  // namespace sfn::engine
