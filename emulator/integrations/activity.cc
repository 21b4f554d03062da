#include "emulator/integrations/activity.h"

#include "emulator/core/arn.h"

namespace sfn::integrations {

bool ActivityTaskEntry::Matches(std::string_view r) const {
  // arn:<partition>:states:<region>:<account>:activity:<name> (core/arn.h)
  return ParseStatesArn(r, kActivityArn).ok();
}

Outcome<engine::PlannedTask> ActivityTaskEntry::Plan(const engine::TaskCall& call,
                                                     const engine::TaskEnv& env) const {
  // A missing activity fails the execution before ActivityScheduled (our
  // reading of AWS, which no recording shows; States.Runtime is neither
  // retried nor caught).
  if (activities_ == nullptr || !activities_->Exists(call.resource)) {
    return Failure{errors::kRuntime, "The activity " + call.resource + " does not exist."};
  }
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(call.parameters);
  task.target = Json{{"execution", env.origin.execution_arn}, {"token", call.token.value_or("")}};
  return task;
}

std::optional<Failure> ActivityTaskEntry::Bind(const engine::TaskCall&, const engine::TaskEnv&,
                                               engine::PlannedTask&) const {
  return std::nullopt;
}

void ActivityTaskEntry::Dispatch(const engine::PlannedTask& task,
                                 std::function<void(engine::TaskAnswer)> done) const {
  if (activities_ != nullptr) {
    activities_->Enqueue(engine::ActivityTask{task.resource, task.target.value("execution", ""),
                                              task.target.value("token", ""), task.request});
  }
  done(engine::Queued{});
}

void ActivityTaskEntry::Cancel(const engine::PlannedTask& task, const engine::TaskRef&) const {
  if (activities_ != nullptr) activities_->Withdraw(task.target.value("token", ""));
}

Outcome<Json> ActivityTaskEntry::Interpret(const engine::PlannedTask&, const engine::TaskAnswer&,
                                           const engine::TaskEnv&) const {
  // Activities are answered through their token, which the engine handles.
  return Failure{errors::kRuntime, "An activity task received an answer of another integration."};
}

}  // namespace sfn::integrations
