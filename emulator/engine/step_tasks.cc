// The step loop's Task calls (DESIGN.md, "Engine shape"): a runner's Invoke
// goes through the task-integration registry: Plan, the family's Scheduled
// and Started events, Bind (the target fixed once), then the frame awaits
// the answer (or its TimeoutSeconds); the answer is interpreted by the same
// entry and handed back to the state's runner.
#include "emulator/core/arn.h"
#include "emulator/engine/interpreter.h"
#include "emulator/engine/task_events.h"
#include "emulator/states/pipeline.h"

namespace sfn::engine::internal {

// An answer to a task; ignored unless it answers the frame's current
// scheduling (a timed-out or stopped task's late answer).
void Interpreter::Answer(const TaskCompletion& c) {
  Frame* f = Get(c.frame_id);
  if (f == nullptr || f->task_attempt != c.task_attempt) return;
  auto* awaiting = std::get_if<AwaitingTask>(&f->phase);
  if (awaiting == nullptr) return;
  const asl::State* st = StateOf(*f);
  if (st == nullptr) return;
  PlannedTask task = std::move(awaiting->task);
  f->phase = Running{};
  const TaskIntegration* integration = IntegrationOf(task);
  if (integration == nullptr) {
    HandleFailure(*f, *st, UnknownIntegration(task));
    return;
  }
  Outcome<Json> output = integration->Interpret(task, c.answer, Env());
  if (!output.ok()) {
    Emit(*f, task_events::Failed(integration->Events(), task.resource, output.failure()));
    HandleFailure(*f, *st, output.failure());
    return;
  }
  Emit(*f, task_events::Succeeded(integration->Events(), task.resource, DumpJson(output.value())));
  auto c2 = MakeCtx(*f, *st);
  Apply(*f, *st, RunnerFor(*st).OnTaskResult(c2->ctx, f->input, output.value()));
}

// After a restart: every task in flight is sent again exactly as planned
// (a Lambda task with the version resolved when it was scheduled).
void Interpreter::Redispatch() {
  for (auto& [id, f] : s_.frames) {
    if (const auto* t = std::get_if<AwaitingTask>(&f.phase)) {
      r_.dispatch.push_back(TaskDispatch{id, f.task_attempt, t->task});
    }
  }
}

// Where and when a task's pure parts run.
TaskEnv Interpreter::Env() const {
  // arn:<partition>:states:<region>:<account>:execution:...
  TaskEnv env{"us-east-1", "123456789012", now_, env_.random, s_.last_event_id};
  if (Result<Arn> arn = ParseArn(info_.arn); arn.ok()) {
    env.region = arn->region;
    env.account = arn->account;
  }
  return env;
}

const TaskIntegration* Interpreter::IntegrationOf(const PlannedTask& task) const {
  return env_.integrations ? env_.integrations->Find(task.integration) : nullptr;
}

// Only possible with a state row written by a build that had it.
Failure Interpreter::UnknownIntegration(const PlannedTask& task) {
  return {errors::kRuntime,
          "The task integration '" + task.integration + "' is not available in this build."};
}

void Interpreter::Schedule(Frame& f, const asl::State& st, states::Invoke invoke) {
  // An ARN resource of another partition than the execution's (an
  // arn:aws:... resource run in cn-north-1): States.Runtime with AWS's cause.
  Result<Arn> resource_arn = ParseArn(invoke.resource);
  if (resource_arn.ok() && resource_arn->partition != PartitionOf(Env().region)) {
    auto c = MakeCtx(f, st);
    HandleFailure(f, st,
                  states::InState(c->ctx, {errors::kRuntime,
                                           "The resource belongs to a different partition from "
                                           "the running execution."}));
    return;
  }
  const TaskIntegration* integration =
      env_.integrations ? env_.integrations->Match(invoke.resource) : nullptr;
  if (integration == nullptr) {
    auto c = MakeCtx(f, st);
    std::string cause = env_.integrations ? env_.integrations->Unmatched(invoke.resource)
                                          : "The resource '" + invoke.resource +
                                                "' is not emulated by sfn-emulator.";
    HandleFailure(f, st, states::InState(c->ctx, {errors::kRuntime, std::move(cause)}));
    return;
  }
  TaskCall call{std::move(invoke.resource), std::move(invoke.parameters), invoke.timeout_seconds,
                invoke.heartbeat_seconds};
  Outcome<PlannedTask> planned = integration->Plan(call, Env());
  if (!planned.ok()) {
    auto c = MakeCtx(f, st);
    HandleFailure(f, st, states::InState(c->ctx, planned.failure()));
    return;
  }
  PlannedTask task = std::move(planned).value();
  for (HistoryEvent& e : task_events::Scheduled(integration->Events(), call, Env(), task)) {
    Emit(f, std::move(e));
  }
  ++f.task_attempt;
  // The target is fixed now, so a dispatch repeated after a restart runs
  // exactly what was scheduled (an alias drawing now, $LATEST as it is now).
  if (std::optional<Failure> unbound = integration->Bind(call, Env(), task)) {
    Emit(f, task_events::Failed(integration->Events(), call.resource, *unbound));
    HandleFailure(f, st, *unbound);
    return;
  }
  AwaitingTask awaiting;
  if (call.timeout_seconds) awaiting.deadline = now_ + std::chrono::seconds(*call.timeout_seconds);
  awaiting.task = task;
  f.phase = std::move(awaiting);
  r_.dispatch.push_back(TaskDispatch{f.id, f.task_attempt, std::move(task)});
}

void Interpreter::TaskTimedOut(Frame& f, const asl::State& st) {
  const AwaitingTask& t = std::get<AwaitingTask>(f.phase);
  // HeartbeatSeconds elapsed without a heartbeat, unless the whole task's
  // time is up too.
  bool heartbeat = t.heartbeat && *t.heartbeat <= now_ && !(t.deadline && *t.deadline <= now_);
  std::string error = heartbeat ? "States.HeartbeatTimeout" : errors::kTimeout;
  const TaskIntegration* integration = IntegrationOf(t.task);
  EventFamily family = integration ? integration->Events() : EventFamily::kTask;
  Emit(f, task_events::TimedOut(family, t.task.resource, error));
  f.phase = Running{};
  ++f.task_attempt;  // a late answer is stale
  HandleFailure(f, st, {error, ""});
}

}  // namespace sfn::engine::internal
