// Task states that start another state machine's execution (Step Functions
// developer guide, "Start a new AWS Step Functions state machine from a
// running execution"): `arn:aws:states:::states:startExecution`, with every
// integration pattern AWS offers for it:
//
//  - request-response: the result is StartExecution's answer (ExecutionArn,
//    StartDate and the SDK's metadata);
//  - `.sync`: that answer is the submission (TaskSubmitted) and the result
//    is the child's DescribeExecution once it ends, its Input and Output as
//    JSON text; `.sync:2`: the same with Input and Output as JSON. A child
//    that does not succeed fails the task with States.TaskFailed and that
//    description (with its Error and Cause) as the cause;
//  - `.waitForTaskToken`: the engine's callback pattern (the child gets the
//    token through its Input and answers with SendTaskSuccess).
//
// The child's name (the `Name` parameter, else a generated UUID) is fixed
// when the task is scheduled, and the child records the Task that started
// it, so a start repeated after a restart finds the child instead of
// starting another. When the parent execution ends while a `.sync` child
// runs, the child is stopped, as AWS does. The child's input carries
// `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID` when the definition passes it
// (`"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"`, AWS
// "Start workflow executions from a task state"); AWS adds nothing itself.
// Immutable; thread-safe.
#pragma once

#include "emulator/engine/executions_port.h"
#include "emulator/engine/task_integration.h"

namespace sfn::integrations {

class StartExecutionTask : public engine::TaskIntegration {
 public:
  explicit StartExecutionTask(engine::ExecutionsPort* executions) : executions_(executions) {}

  std::string_view Id() const override { return "states.startExecution"; }
  bool Matches(std::string_view resource) const override;
  engine::PatternSet Patterns() const override;
  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall& call, const engine::TaskEnv& env,
                              engine::PlannedTask& task) const override;
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  void Await(const engine::PlannedTask& task,
             std::function<void(engine::TaskAnswer)> done) const override;
  void Cancel(const engine::PlannedTask& task, const engine::TaskRef& origin) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 private:
  engine::ExecutionsPort* executions_;  // may be null: every start fails
};

}  // namespace sfn::integrations
