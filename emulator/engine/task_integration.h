// The seam between Task states and what they call (DESIGN.md, "Engine
// shape"; Step Functions developer guide, "Integrating services").
//
// A TaskIntegration is one entry of the registry: it says which Task
// resources it serves, turns a Task's effective parameters into a request,
// resolves its target once when the task is scheduled, sends the request off
// the engine thread, and maps the answer to the state's result or an AWS
// error name. The step loop keeps the planned task in the frame's typed
// record (persisted with the transition), so a dispatch repeated after a
// restart sends exactly what was scheduled. Only the registry
// (`emulator/integrations/registry.h`) knows which integrations exist.
//
// Plan, Bind and Interpret are pure and run on the engine thread inside the
// step; Dispatch is called on the engine thread after the transition that
// scheduled the task is committed and must not block it. Implementations are
// immutable after construction and thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/http_port.h"
#include "emulator/engine/lambda_port.h"

namespace sfn::engine {

// Which events a Task writes while it runs (AWS API reference,
// "HistoryEvent"): TaskScheduled/TaskStarted/TaskSucceeded/... for service
// integrations, LambdaFunctionScheduled/... for a bare Lambda function ARN.
enum class EventFamily { kTask, kLambdaFunction };

// A Task's call as the state asked for it.
struct TaskCall {
  std::string resource;  // as written in the definition
  Json parameters;       // the effective parameters (after InputPath/Parameters)
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
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
  std::string NewRequestId() const;
};

// A planned task: what the frame's record keeps while the task is in flight.
struct PlannedTask {
  std::string integration;  // the registry entry's id
  std::string resource;     // as written
  std::string request;      // what Dispatch sends (JSON text)
  Json target;              // what Bind resolved (the entry's own shape), e.g. a function version
};

// What an entry computed off the engine thread (a Map's items read and
// parsed, its results written): the state's result or its failure, as is.
struct ComputedAnswer {
  Outcome<Json> outcome = Json();
};

// An answer to a dispatched task: a Lambda invocation's result; what an HTTP
// endpoint answered (the HTTP Task), any status included, or the Status of a
// call that got none (engine/http_port.h); or what an entry computed.
using TaskAnswer = std::variant<InvocationResult, Result<HttpAnswer>, ComputedAnswer>;

class TaskIntegration {
 public:
  virtual ~TaskIntegration() = default;
  // The entry's stable id, persisted in frames ("lambda.invoke", ...).
  virtual std::string_view Id() const = 0;
  virtual bool Matches(std::string_view resource) const = 0;
  virtual EventFamily Events() const = 0;
  // Before TaskScheduled: checks the parameters and builds the request. A
  // failure fails the state without task events; the loop prefixes its
  // cause with the state's name ("An error occurred while executing the
  // state ...").
  virtual Outcome<PlannedTask> Plan(const TaskCall& call, const TaskEnv& env) const = 0;
  // After TaskStarted: resolves the target once (a Lambda alias draws its
  // version now). A failure is the task's failure (TaskFailed, then Retry
  // and Catch).
  virtual std::optional<Failure> Bind(const TaskCall& call, const TaskEnv& env,
                                      PlannedTask& task) const = 0;
  // Sends the request; `done` is called exactly once, from any thread.
  virtual void Dispatch(const PlannedTask& task, std::function<void(TaskAnswer)> done) const = 0;
  // The state's result, or the task's failure with AWS's error name.
  virtual Outcome<Json> Interpret(const PlannedTask& task, const TaskAnswer& answer,
                                  const TaskEnv& env) const = 0;
};

// The registry as the engine sees it.
class TaskIntegrations {
 public:
  virtual ~TaskIntegrations() = default;
  // The entry serving `resource`, or null.
  virtual const TaskIntegration* Match(std::string_view resource) const = 0;
  // The entry with this id (a planned task's), or null.
  virtual const TaskIntegration* Find(std::string_view id) const = 0;
  // The cause a Task fails with when no entry serves its resource
  // (States.Runtime, after the state's prefix).
  virtual std::string Unmatched(std::string_view resource) const = 0;
};

}  // namespace sfn::engine
