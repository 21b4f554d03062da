// The seam between Task states and what they call (DESIGN.md, "Engine
// shape"; Step Functions developer guide, "Integrating services" and
// "Service integration patterns").
//
// A TaskIntegration is one entry of the registry: it says which Task
// resources it serves and with which integration patterns, turns a Task's
// effective parameters into a request, resolves its target once when the
// task is scheduled, sends the request off the engine thread, and maps the
// answer to the state's result or an AWS error name. The step loop keeps the
// planned task in the frame's typed record (persisted with the transition),
// so a dispatch repeated after a restart sends exactly what was scheduled.
// Only the registry (`emulator/integrations/registry.h`) knows which
// integrations exist.
//
// Integration patterns. A resource `arn:<partition>:states:::<service>:<action>`
// may end in a pattern suffix; the registry splits it off (SplitPattern),
// matches the entry on the rest (`Matches(base)`) and checks that the entry
// lists the pattern in `Patterns()` (request-response only by default):
//
//  - request-response (no suffix): the dispatch's answer is the result
//    (TaskSucceeded / TaskFailed).
//  - `.waitForTaskToken`: handled by the engine for every entry that lists
//    it, with no code of the entry's own. A token is issued when the task is
//    scheduled and is visible as `$$.Task.Token` (`$states.context.Task.Token`)
//    while the state evaluates its parameters; the dispatch's answer, once
//    Interpret accepts it, is written as TaskSubmitted and the task then
//    waits for SendTaskSuccess / SendTaskFailure (Driver::CompleteToken),
//    renewing HeartbeatSeconds with each SendTaskHeartbeat. The token is
//    kept in the frame's record and in the store's token index, so it finds
//    its execution after a restart.
//  - `.sync` and `.sync:2` (run a job): the dispatch's answer is written as
//    TaskSubmitted; then the engine calls `Await` (after that commit, and
//    again after a restart), whose answer Interpret turns into the result.
//    Only entries that know how to follow their job list these.
//
// An entry whose tasks are handed to workers (an activity: `HandsOutToken`)
// gets a token for every scheduling; its dispatch only queues the task and
// answers `Queued`; the worker's start (`WorkerStarted`) and its answers
// reach the frame through the driver like a callback's.
//
// Plan, Bind and Interpret run on the engine thread inside the step (Plan and
// Bind may read the entry's own registry, e.g. whether a function or an
// activity exists; they never block); Dispatch, Await and Cancel are called
// on the engine thread after the transition that asked for them is committed
// and must not block it. Implementations are immutable after construction
// and thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/executions_port.h"
#include "emulator/engine/http_port.h"
#include "emulator/engine/lambda_port.h"

namespace sfn::engine {

// Which events a Task writes while it runs (AWS API reference,
// "HistoryEvent"): TaskScheduled/TaskStarted/TaskSubmitted/TaskSucceeded/...
// for service integrations, LambdaFunctionScheduled/... for a bare Lambda
// function ARN, ActivityScheduled/ActivityStarted/... for an activity ARN.
enum class EventFamily { kTask, kLambdaFunction, kActivity };

// AWS "Service integration patterns".
enum class Pattern { kRequestResponse, kSync, kSync2, kWaitForTaskToken };

// "", ".sync", ".sync:2", ".waitForTaskToken".
std::string_view PatternSuffix(Pattern p);

// The patterns an entry serves.
class PatternSet {
 public:
  PatternSet(std::initializer_list<Pattern> patterns) {  // NOLINT(runtime/explicit)
    for (Pattern p : patterns) bits_ |= Bit(p);
  }
  bool Has(Pattern p) const { return (bits_ & Bit(p)) != 0; }

 private:
  static unsigned Bit(Pattern p) { return 1u << static_cast<unsigned>(p); }
  unsigned bits_ = 0;
};

// A Task resource without its pattern suffix, and the pattern.
struct SplitResource {
  std::string base;
  Pattern pattern = Pattern::kRequestResponse;
};
// Only `arn:<partition>:states:::` resources carry a suffix; any other
// resource (a function or activity ARN) is request-response as written.
SplitResource SplitPattern(std::string_view resource);

// A Task's call as the state asked for it.
struct TaskCall {
  std::string resource;  // as written in the definition (with its pattern suffix)
  Json parameters;       // the effective parameters (after InputPath/Parameters)
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
  Pattern pattern = Pattern::kRequestResponse;
  // The task token of this scheduling (.waitForTaskToken, and entries that
  // hand out tokens), else nullopt.
  std::optional<std::string> token;
};

// Where and when the step runs a task's pure parts (Plan, Bind, Interpret).
struct TaskEnv {
  std::string region;   // of the execution
  std::string account;  // of the execution
  TimePoint now;
  // Request ids for answers the integration makes up (e.g. a function that
  // cannot be resolved): the execution's seeded random source, or null.
  Random* random = nullptr;
  int64_t event_id = 0;  // without a random source, ids derive from this
  TaskRef origin;        // the Task's scheduling (its execution's ARN, frame, attempt)
  // The execution's (unqualified) state machine, for integrations that pass
  // it on (EventBridge's PutEvents adds it and the execution to each entry's
  // Resources).
  std::string state_machine_arn;
  std::string NewRequestId() const;
};

// A planned task: what the frame's record keeps while the task is in flight.
struct PlannedTask {
  std::string integration;  // the registry entry's id
  std::string resource;     // as written
  std::string request;      // what Dispatch sends (JSON text)
  Json target;              // what Bind resolved (the entry's own shape), e.g. a function version
  Pattern pattern = Pattern::kRequestResponse;
  // The parameters TaskScheduled shows when the entry changed them (an
  // optimised integration leaves out the ones it does not support); null:
  // the call's. Only read right after Plan; not persisted.
  Json parameters;
};

// --- Answers to a task in flight --------------------------------------------

// The dispatch was accepted and the answer comes later through the driver
// (an activity task waiting in its queue for a worker).
struct Queued {};

// SendTaskSuccess (`output`, JSON text), SendTaskFailure (`error`, `cause`)
// or SendTaskHeartbeat for the task's token.
struct TokenAnswer {
  enum class Kind { kSuccess, kFailure, kHeartbeat };
  Kind kind = Kind::kSuccess;
  std::string output;
  std::optional<std::string> error;
  std::optional<std::string> cause;

  Json ToJson() const;
  static TokenAnswer FromJson(const Json& j);  // throws Json::exception on a bad shape
};

// An activity worker took the task (GetActivityTask).
struct WorkerStarted {
  std::optional<std::string> worker_name;
};

// What an entry computed off the engine thread (a Map's items read and
// parsed, its results written): the state's result or its failure, as is.
struct ComputedAnswer {
  Outcome<Json> outcome = Json();
};

// An answer to a dispatched or awaited task: a Lambda invocation's result;
// what an HTTP endpoint answered (AWS service integrations, the HTTP Task),
// any status included, or the Status of a call that got none
// (engine/http_port.h); what an entry computed; or one of the answers above.
using TaskAnswer = std::variant<InvocationResult, Result<HttpAnswer>, ComputedAnswer, Queued,
                                TokenAnswer, WorkerStarted, ExecutionStarted, ExecutionEnded>;

class TaskIntegration {
 public:
  virtual ~TaskIntegration() = default;
  // The entry's stable id, persisted in frames ("lambda.invoke", ...).
  virtual std::string_view Id() const = 0;
  // Whether the entry serves `resource` (without its pattern suffix).
  virtual bool Matches(std::string_view resource) const = 0;
  // The integration patterns the entry serves (see the top of this file).
  virtual PatternSet Patterns() const { return {Pattern::kRequestResponse}; }
  virtual EventFamily Events() const = 0;
  // True for an entry whose tasks are handed to workers with their token
  // (activities): see the top of this file.
  virtual bool HandsOutToken() const { return false; }
  // Before the Scheduled event: checks the parameters and builds the
  // request. A failure fails the state without task events; the loop
  // prefixes its cause with the state's name ("An error occurred while
  // executing the state ...").
  virtual Outcome<PlannedTask> Plan(const TaskCall& call, const TaskEnv& env) const = 0;
  // After the Started event: resolves the target once (a Lambda alias draws
  // its version now, a child execution gets its name). A failure is the
  // task's failure (TaskFailed, then Retry and Catch).
  virtual std::optional<Failure> Bind(const TaskCall& call, const TaskEnv& env,
                                      PlannedTask& task) const = 0;
  // Sends the request; `done` is called exactly once, from any thread.
  virtual void Dispatch(const PlannedTask& task, std::function<void(TaskAnswer)> done) const = 0;
  // `.sync`/`.sync:2` only: once the submission is committed (and again
  // after a restart), calls `done` once, from any thread, when the job ends.
  virtual void Await(const PlannedTask& /*task*/, std::function<void(TaskAnswer)> /*done*/) const {}
  // The execution stopped caring about `task` while it was in flight (the
  // execution ended, or the task's branch was cancelled): undo what can be
  // undone (AWS stops a `.sync` child execution; an activity task is
  // withdrawn from its queue). Best effort; the default does nothing.
  virtual void Cancel(const PlannedTask& /*task*/, const TaskRef& /*origin*/) const {}
  // The state's result, or the task's failure with AWS's error name, for the
  // dispatch's answer (for a callback or .sync pattern: the submission's
  // output, written as TaskSubmitted) and for Await's.
  virtual Outcome<Json> Interpret(const PlannedTask& task, const TaskAnswer& answer,
                                  const TaskEnv& env) const = 0;
};

// The registry as the engine sees it.
class TaskIntegrations {
 public:
  virtual ~TaskIntegrations() = default;
  // The entry serving `resource` (with its pattern suffix), or null.
  virtual const TaskIntegration* Match(std::string_view resource) const = 0;
  // The entry with this id (a planned task's), or null.
  virtual const TaskIntegration* Find(std::string_view id) const = 0;
  // The cause a Task fails with when no entry serves its resource
  // (States.Runtime, after the state's prefix).
  virtual std::string Unmatched(std::string_view resource) const = 0;
};

}  // namespace sfn::engine
