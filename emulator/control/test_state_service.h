// The TestState use case (AWS API reference, "TestState"; developer guide,
// "Using TestState API to test a state"): checks a request as AWS does
// (the definition, the mock, the context object, the state configuration),
// then runs the state with engine::TestStateRun and, for a Task without a
// mock, dispatches its call through the task-integration registry (real
// local Lambda functions) without holding a thread while it runs.
//
// Runs on the engine thread; answers through `done` there (posted back with
// the poster when a task's answer comes from another thread).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "emulator/control/context.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/core/status.h"
#include "emulator/engine/task_integration.h"
#include "emulator/engine/test_state.h"

namespace sfn::control {

struct TestStateRequest {
  std::string definition;
  std::optional<std::string> role_arn;
  std::optional<std::string> input;
  std::string inspection_level = "INFO";  // INFO | DEBUG | TRACE
  bool reveal_secrets = false;
  std::optional<std::string> variables;   // a JSON object's text
  std::optional<std::string> state_name;  // the state of a whole machine's definition
  std::optional<std::string> context;     // a context object's text
  // mock.
  bool mock = false;
  std::optional<std::string> mock_result;  // JSON text
  bool mock_error = false;                 // errorOutput given
  std::optional<std::string> mock_error_name;
  std::optional<std::string> mock_error_cause;
  std::string field_validation_mode = "STRICT";  // STRICT | PRESENT | NONE
  // stateConfiguration.
  std::optional<int> retrier_retry_count;
  std::optional<std::string> error_caused_by_state;
  std::optional<int> map_iteration_failure_count;
  std::optional<std::string> map_item_reader_data;
};

class TestStateService {
 public:
  // Runs `f` on the engine thread later.
  using Poster = std::function<void(std::function<void()>)>;
  using Done = std::function<void(Result<engine::TestStateAnswer>)>;

  // `integrations` (may be null) must outlive the service.
  TestStateService(Clock& clock, Random& random, const engine::TaskIntegrations* integrations,
                   Poster post)
      : clock_(clock), random_(random), integrations_(integrations), post_(std::move(post)) {}

  // Calls `done` exactly once: at once with the request's error or the
  // answer, or when the state's task answered.
  void Run(const RequestContext& ctx, const TestStateRequest& req, Done done);

 private:
  Result<engine::TestStateSpec> Prepare(const RequestContext& ctx, const TestStateRequest& req);

  Clock& clock_;
  Random& random_;
  const engine::TaskIntegrations* integrations_;
  Poster post_;
};

}  // namespace sfn::control
