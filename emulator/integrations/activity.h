// Task states whose resource is an activity ARN (AWS "Activities in Step
// Functions"): the effective input is queued for the activity's workers
// (GetActivityTask), which answer with the task token they were handed
// (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat). Activity* events:
// ActivityScheduled when scheduled, ActivityStarted when a worker takes it
// (its workerName), then ActivitySucceeded, ActivityFailed or
// ActivityTimedOut; HeartbeatSeconds counts from the worker's start.
//
// The engine issues the token (HandsOutToken); this entry only queues the
// task through the engine's ActivityPort. Immutable; thread-safe.
#pragma once

#include "emulator/engine/activity_port.h"
#include "emulator/engine/task_integration.h"

namespace sfn::integrations {

class ActivityTaskEntry : public engine::TaskIntegration {
 public:
  explicit ActivityTaskEntry(engine::ActivityPort* activities) : activities_(activities) {}

  std::string_view Id() const override { return "activity"; }
  bool Matches(std::string_view resource) const override;
  engine::EventFamily Events() const override { return engine::EventFamily::kActivity; }
  bool HandsOutToken() const override { return true; }
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall& call, const engine::TaskEnv& env,
                              engine::PlannedTask& task) const override;
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  void Cancel(const engine::PlannedTask& task, const engine::TaskRef& origin) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 private:
  engine::ActivityPort* activities_;  // may be null: every activity is missing
};

}  // namespace sfn::integrations
