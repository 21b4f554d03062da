// The step loop's Task calls (DESIGN.md, "Engine shape"): a runner's Invoke
// goes through the task-integration registry: Plan, the family's Scheduled
// and Started events, Bind (the target fixed once), then the frame awaits
// the answer (or its TimeoutSeconds / HeartbeatSeconds). A request-response
// answer is interpreted by the same entry and handed back to the state's
// runner; a callback's or job's first answer is its submission
// (TaskSubmitted), after which the task token's answer (SendTaskSuccess,
// SendTaskFailure) or the job's end (Await) completes it. The integration
// patterns are described in task_integration.h.
#include "emulator/core/arn.h"
#include "emulator/engine/interpreter.h"
#include "emulator/engine/task_events.h"
#include "emulator/engine/task_token.h"
#include "emulator/states/pipeline.h"

namespace sfn::engine {
namespace internal {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool IsJobRun(Pattern p) { return p == Pattern::kSync || p == Pattern::kSync2; }

}  // namespace

// An answer to a task; ignored unless it answers the frame's current
// scheduling (a timed-out or stopped task's late answer).
void Interpreter::Answer(const TaskCompletion& c) {
  Frame* f = Get(c.frame_id);
  if (f == nullptr || f->task_attempt != c.task_attempt) return;
  if (auto* forked = std::get_if<Forked>(&f->phase); forked != nullptr && forked->call) {
    // A call of the fork's own (a Map's ItemReader or ResultWriter).
    const asl::State* st = StateOf(*f);
    if (st == nullptr) return;
    PlannedTask task = std::move(*forked->call);
    forked->call.reset();
    const TaskIntegration* integration = IntegrationOf(task);
    Outcome<Json> out = integration ? integration->Interpret(task, c.answer, Env(*f))
                                    : Outcome<Json>(UnknownIntegration(task));
    ForkCallAnswered(*f, *st, std::move(out));
    return;
  }
  auto* awaiting = std::get_if<AwaitingTask>(&f->phase);
  if (awaiting == nullptr) return;
  const asl::State* st = StateOf(*f);
  if (st == nullptr) return;
  std::visit(Overloaded{
                 [&](const TokenAnswer& t) { TokenAnswered(*f, *st, t); },
                 [&](const WorkerStarted& w) {
                   if (awaiting->submitted) return;
                   awaiting->submitted = true;
                   if (auto e = task_events::Started(FamilyOf(awaiting->task), w.worker_name)) {
                     Emit(*f, std::move(*e));
                   }
                   // An activity's heartbeats are due from its worker's start.
                   if (awaiting->heartbeat_seconds) {
                     awaiting->heartbeat = AddSeconds(now_, *awaiting->heartbeat_seconds);
                   }
                 },
                 [&](const Queued&) {},
                 [&](const auto&) { CallAnswered(*f, *st, c.answer); },
             },
             c.answer);
}

void Interpreter::CallAnswered(Frame& f, const asl::State& st, const TaskAnswer& answer) {
  auto& awaiting = std::get<AwaitingTask>(f.phase);
  const TaskIntegration* integration = IntegrationOf(awaiting.task);
  if (integration == nullptr) {
    PlannedTask task = std::move(awaiting.task);
    f.phase = Running{};
    HandleFailure(f, st, UnknownIntegration(task));
    return;
  }
  Outcome<Json> output = integration->Interpret(awaiting.task, answer, Env(f));
  EventFamily family = integration->Events();
  // The result: a request-response call's answer, or a job's end.
  bool final_answer = awaiting.task.pattern == Pattern::kRequestResponse || awaiting.submitted;
  if (!output.ok()) {
    PlannedTask task = std::move(awaiting.task);
    f.phase = Running{};
    Emit(f, task_events::Failed(family, task.resource, output.failure()));
    HandleFailure(f, st, output.failure());
    return;
  }
  if (final_answer) {
    PlannedTask task = std::move(awaiting.task);
    f.phase = Running{};
    TaskSucceeded(f, st, family, task, DumpJson(output.value()), output.value());
    return;
  }
  // The submission of a callback or a job: the task waits on.
  awaiting.submitted = true;
  if (auto e = task_events::Submitted(family, awaiting.task.resource, DumpJson(output.value()))) {
    Emit(f, std::move(*e));
  }
  if (IsJobRun(awaiting.task.pattern)) {
    r_.awaits.push_back(TaskDispatch{f.id, f.task_attempt, awaiting.task});
  }
  if (awaiting.early) {
    TokenAnswer early = std::move(*awaiting.early);
    awaiting.early.reset();
    TokenAnswered(f, st, early);
  }
}

void Interpreter::TokenAnswered(Frame& f, const asl::State& st, const TokenAnswer& answer) {
  auto& awaiting = std::get<AwaitingTask>(f.phase);
  if (answer.kind == TokenAnswer::Kind::kHeartbeat) {
    // AWS SendTaskHeartbeat: "This action resets the Heartbeat clock."
    if (awaiting.heartbeat && awaiting.heartbeat_seconds) {
      awaiting.heartbeat = AddSeconds(now_, *awaiting.heartbeat_seconds);
      r_.state_changed = true;
    }
    return;
  }
  if (!awaiting.submitted && awaiting.task.pattern == Pattern::kWaitForTaskToken) {
    // Answered before the call's own answer came back: kept until then, so
    // the history shows the submission first, as AWS writes it.
    awaiting.early = answer;
    r_.state_changed = true;
    return;
  }
  PlannedTask task = std::move(awaiting.task);
  f.phase = Running{};
  EventFamily family = FamilyOf(task);
  if (answer.kind == TokenAnswer::Kind::kSuccess) {
    Result<Json> output = ParseJson(answer.output);
    if (!output.ok()) {  // the API checks outputs; only a corrupt row gets here
      Failure bad{errors::kRuntime, "The task's output is not valid JSON."};
      Emit(f, task_events::Failed(family, task.resource, bad));
      HandleFailure(f, st, bad);
      return;
    }
    TaskSucceeded(f, st, family, task, answer.output, output.value());
    return;
  }
  Emit(f, task_events::Failed(family, task.resource, answer.error, answer.cause));
  FrameFailure shape{{answer.error.value_or(""), answer.cause.value_or("")},
                     !answer.error.has_value(),
                     !answer.cause.has_value()};
  HandleFailure(f, st, shape.failure, {}, &shape);
}

void Interpreter::TaskSucceeded(Frame& f, const asl::State& st, EventFamily family,
                                const PlannedTask& task, const std::string& output_text,
                                const Json& output) {
  Emit(f, task_events::Succeeded(family, task.resource, output_text));
  auto c = MakeCtx(f, st);
  Apply(f, st, RunnerFor(st).OnTaskResult(c->ctx, f.input, output));
}

// After a restart: every task in flight is sent again exactly as planned
// (a Lambda task with the version resolved when it was scheduled), unless it
// is out of the engine's hands (submitted): then a job is followed again
// and a callback or activity waits on for its token.
void Interpreter::Redispatch() {
  for (auto& [id, f] : s_.frames) {
    if (const auto* t = std::get_if<AwaitingTask>(&f.phase)) {
      if (!t->submitted) {
        r_.dispatch.push_back(TaskDispatch{id, f.task_attempt, t->task});
      } else if (IsJobRun(t->task.pattern)) {
        r_.awaits.push_back(TaskDispatch{id, f.task_attempt, t->task});
      }
    } else if (const auto* k = std::get_if<Forked>(&f.phase); k != nullptr && k->call) {
      r_.dispatch.push_back(TaskDispatch{id, f.task_attempt, *k->call});
    }
  }
}

// Where and when a task's pure parts run.
TaskEnv Interpreter::Env(const Frame& f) const {
  // arn:<partition>:states:<region>:<account>:execution:...
  TaskEnv env{"us-east-1", "123456789012",   now_,
              env_.random, s_.last_event_id, TaskRef{info_.arn, f.id, f.task_attempt}};
  env.state_machine_arn = info_.state_machine_arn;
  if (Result<Arn> arn = ParseArn(info_.arn); arn.ok()) {
    env.region = arn->region;
    env.account = arn->account;
  }
  return env;
}

std::string Interpreter::NewToken(const Frame& f) {
  return MakeTaskToken(env_.random, static_cast<uint64_t>(s_.last_event_id) * 1000003u +
                                        static_cast<uint64_t>(f.id) * 7919u +
                                        static_cast<uint64_t>(f.task_attempt));
}

const TaskIntegration* Interpreter::IntegrationOf(const PlannedTask& task) const {
  return env_.integrations ? env_.integrations->Find(task.integration) : nullptr;
}

EventFamily Interpreter::FamilyOf(const PlannedTask& task) const {
  const TaskIntegration* integration = IntegrationOf(task);
  return integration ? integration->Events() : EventFamily::kTask;
}

// Only possible with a state row written by a build that had it.
Failure Interpreter::UnknownIntegration(const PlannedTask& task) {
  return {errors::kRuntime,
          "The task integration '" + task.integration + "' is not available in this build."};
}

void Interpreter::Schedule(Frame& f, const asl::State& st, states::Invoke invoke) {
  std::optional<std::string> token = std::exchange(pending_token_, std::nullopt);
  // An ARN resource of another partition than the execution's (an
  // arn:aws:... resource run in cn-north-1): States.Runtime with AWS's cause.
  Result<Arn> resource_arn = ParseArn(invoke.resource);
  if (resource_arn.ok() && resource_arn->partition != PartitionOf(Env(f).region)) {
    auto c = MakeCtx(f, st);
    HandleFailure(f, st,
                  states::InState(c->ctx, {errors::kRuntime,
                                           "The resource belongs to a different partition from "
                                           "the running execution."}));
    return;
  }
  if (s_.mock) {
    if (const StateMock* mock = s_.mock->Find(st.name)) {
      ScheduleMocked(f, st, std::move(invoke), *mock);
      return;
    }
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
  Pattern pattern = SplitPattern(invoke.resource).pattern;
  TaskCall call{std::move(invoke.resource),
                std::move(invoke.parameters),
                invoke.timeout_seconds,
                invoke.heartbeat_seconds,
                pattern,
                std::move(token)};
  // This scheduling's number: answers to an earlier one are stale from now.
  ++f.task_attempt;
  if (!call.token && integration->HandsOutToken()) call.token = NewToken(f);
  Outcome<PlannedTask> planned = integration->Plan(call, Env(f));
  if (!planned.ok()) {
    auto c = MakeCtx(f, st);
    HandleFailure(f, st, states::InState(c->ctx, planned.failure()));
    return;
  }
  PlannedTask task = std::move(planned).value();
  task.pattern = pattern;
  for (HistoryEvent& e : task_events::Scheduled(integration->Events(), call, Env(f), task)) {
    Emit(f, std::move(e));
  }
  task.parameters = Json();  // shown once; the frame keeps what is sent
  // The target is fixed now, so a dispatch repeated after a restart runs
  // exactly what was scheduled (an alias drawing now, $LATEST as it is now).
  if (std::optional<Failure> unbound = integration->Bind(call, Env(f), task)) {
    Emit(f, task_events::Failed(integration->Events(), call.resource, *unbound));
    HandleFailure(f, st, *unbound);
    return;
  }
  AwaitingTask awaiting;
  if (call.timeout_seconds) awaiting.deadline = AddSeconds(now_, *call.timeout_seconds);
  if (call.token) {
    awaiting.token = call.token;
    r_.task_tokens.push_back(*call.token);
    awaiting.heartbeat_seconds = call.heartbeat_seconds;
    // A callback's heartbeats are due from its scheduling; an activity's
    // from its worker's start (WorkerStarted).
    if (call.heartbeat_seconds && !integration->HandsOutToken()) {
      awaiting.heartbeat = AddSeconds(now_, *call.heartbeat_seconds);
    }
  }
  awaiting.task = task;
  f.phase = std::move(awaiting);
  r_.dispatch.push_back(TaskDispatch{f.id, f.task_attempt, std::move(task)});
}

// Step Functions Local's mocked responses: the state's next invocation
// number picks its response; a mocked Task never calls its service, and
// answers at once (also with .waitForTaskToken, whose token it makes up).
void Interpreter::ScheduleMocked(Frame& f, const asl::State& st, states::Invoke invoke,
                                 const StateMock& mock) {
  auto fail = [&](std::string cause) {
    auto c = MakeCtx(f, st);
    HandleFailure(f, st, states::InState(c->ctx, {errors::kRuntime, std::move(cause)}));
  };
  if (invoke.resource.find(":activity:") != std::string::npos) {
    // Step Functions Local's answer for a mocked Activity state.
    fail(
        "Activity state cannot be mocked. Please remove mocks mapped for all activity state in "
        "the mock config file.");
    return;
  }
  int64_t n = s_.mock->invocations[st.name]++;
  const MockedResponse* response = mock.At(n);
  if (response == nullptr) {
    std::string where = "The mocked response '" + mock.response_name + "' of test case '" +
                        s_.mock->test_case + "'";
    fail(mock.defined ? where + " has no response for invocation " + std::to_string(n) +
                            " of state '" + st.name +
                            "' (invocations are numbered from 0, retries and Map iterations "
                            "included)."
                      : where + " is not defined in MockedResponses.");
    return;
  }
  // The events of the integration the resource names (a Lambda function ARN:
  // LambdaFunction*; anything else: Task*), also for resources no entry serves.
  const TaskIntegration* integration =
      env_.integrations ? env_.integrations->Match(invoke.resource) : nullptr;
  EventFamily family = integration ? integration->Events() : EventFamily::kTask;
  TaskCall call{std::move(invoke.resource), std::move(invoke.parameters), invoke.timeout_seconds,
                invoke.heartbeat_seconds};
  PlannedTask task;
  task.integration = "mock";
  task.resource = call.resource;
  task.request = DumpJson(call.parameters);
  for (HistoryEvent& e : task_events::Scheduled(family, call, Env(f), task)) Emit(f, std::move(e));
  ++f.task_attempt;
  if (response->error) {
    Emit(f, task_events::Failed(family, call.resource, *response->error));
    HandleFailure(f, st, *response->error);
    return;
  }
  Json result = response->result.value_or(Json());
  Emit(f, task_events::Succeeded(family, call.resource, DumpJson(result)));
  auto c = MakeCtx(f, st);
  Apply(f, st, RunnerFor(st).OnTaskResult(c->ctx, f.input, std::move(result)));
}

void Interpreter::TaskTimedOut(Frame& f, const asl::State& st) {
  const AwaitingTask& t = std::get<AwaitingTask>(f.phase);
  // HeartbeatSeconds elapsed without a heartbeat, unless the whole task's
  // time is up too. AWS's histories record both as States.Timeout
  // (TaskTimedOut, then ExecutionFailed); Retry and Catch match a heartbeat
  // timeout as States.HeartbeatTimeout (AWS "Error names").
  bool heartbeat = t.heartbeat && *t.heartbeat <= now_ && !(t.deadline && *t.deadline <= now_);
  Emit(f, task_events::TimedOut(FamilyOf(t.task), t.task.resource, errors::kTimeout));
  f.phase = Running{};
  ++f.task_attempt;  // a late answer is stale
  HandleFailure(f, st, {errors::kTimeout, ""}, {}, nullptr,
                heartbeat ? errors::kHeartbeatTimeout : nullptr);
}

void Interpreter::Abandon(const Frame& f) {
  if (const auto* t = std::get_if<AwaitingTask>(&f.phase)) {
    r_.cancels.push_back(TaskDispatch{f.id, f.task_attempt, t->task});
  }
}

}  // namespace internal

bool Awaits(const ExecutionState& state, const TaskCompletion& c) {
  auto it = state.frames.find(c.frame_id);
  if (state.done || it == state.frames.end() || it->second.task_attempt != c.task_attempt) {
    return false;
  }
  const auto* awaiting = std::get_if<AwaitingTask>(&it->second.phase);
  if (awaiting == nullptr) return false;
  if (const auto* t = std::get_if<TokenAnswer>(&c.answer)) {
    if (!awaiting->token) return false;
    // A success or failure already taken (before the submission) is final.
    return t->kind == TokenAnswer::Kind::kHeartbeat || !awaiting->early;
  }
  if (std::holds_alternative<WorkerStarted>(c.answer)) return !awaiting->submitted;
  return true;
}

std::optional<TaskCompletion> CompletionForToken(const ExecutionState& state,
                                                 const std::string& token, TaskAnswer answer) {
  for (const auto& [id, f] : state.frames) {
    const auto* awaiting = std::get_if<AwaitingTask>(&f.phase);
    if (awaiting != nullptr && awaiting->token == token) {
      return TaskCompletion{id, f.task_attempt, std::move(answer)};
    }
  }
  return std::nullopt;
}

bool AwaitsOutside(const ExecutionState& state) {
  for (const auto& [id, f] : state.frames) {
    const auto* awaiting = std::get_if<AwaitingTask>(&f.phase);
    if (awaiting != nullptr && awaiting->token) return true;
  }
  return false;
}

}  // namespace sfn::engine
