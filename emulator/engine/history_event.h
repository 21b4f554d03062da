// One entry of an execution's history (GetExecutionHistory's HistoryEvent).
//
// Events are append-only: once committed they never change. `details_key` is
// the member name AWS uses for the details ("stateEnteredEventDetails", ...),
// `details` its typed content rendered once as Json. Factories below are the
// only way the engine makes events, so each event type's shape lives in one
// place; api/sfn_shapes.cc writes an event on the wire (epoch-second
// timestamp, includeExecutionData). Values; thread-safe as values are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/json.h"
#include "emulator/core/time.h"

namespace sfn::engine {

struct HistoryEvent {
  int64_t id = 0;
  int64_t previous_event_id = 0;
  TimePoint timestamp;
  std::string type;         // "PassStateEntered", "ExecutionSucceeded", ...
  std::string details_key;  // "" when the event has no details
  Json details;
};

// Details factories (AWS API reference, "HistoryEvent") for the execution's
// own events and a Task's call; the events of a state type are its runner's
// (emulator/states/event.h).
namespace events {

HistoryEvent ExecutionStarted(const std::string& input, const std::string& role_arn,
                              const std::optional<std::string>& version_arn,
                              const std::optional<std::string>& alias_arn);
HistoryEvent ExecutionSucceeded(const std::string& output);
HistoryEvent ExecutionFailed(const std::optional<std::string>& error,
                             const std::optional<std::string>& cause);
HistoryEvent ExecutionAborted(const std::optional<std::string>& error,
                              const std::optional<std::string>& cause);
HistoryEvent ExecutionTimedOut(const std::optional<std::string>& error,
                               const std::optional<std::string>& cause);
// RedriveExecution restarted the execution (its `redrive_count`-th redrive).
HistoryEvent ExecutionRedriven(int64_t redrive_count);
// An event without details ("LambdaFunctionStarted").
HistoryEvent Bare(std::string type);

// Task states calling a service integration ("TaskScheduled", ...): the
// resource type and resource as AWS names them ("lambda", "invoke").
HistoryEvent TaskScheduled(const std::string& resource_type, const std::string& resource,
                           const std::string& region, const std::string& parameters,
                           const std::optional<int64_t>& timeout_seconds,
                           const std::optional<int64_t>& heartbeat_seconds);
HistoryEvent TaskStarted(const std::string& resource_type, const std::string& resource);
HistoryEvent TaskSucceeded(const std::string& resource_type, const std::string& resource,
                           const std::string& output);
// A callback or job-run task's submission (its dispatch's answer).
HistoryEvent TaskSubmitted(const std::string& resource_type, const std::string& resource,
                           const std::string& output);
// "TaskFailed" or "TaskTimedOut".
HistoryEvent TaskEnded(const char* type, const std::string& resource_type,
                       const std::string& resource, const std::optional<std::string>& error,
                       const std::optional<std::string>& cause);

// Task states whose Resource is a Lambda function ARN.
HistoryEvent LambdaFunctionScheduled(const std::string& resource, const std::string& input,
                                     const std::optional<int64_t>& timeout_seconds);
HistoryEvent LambdaFunctionSucceeded(const std::string& output);
// "LambdaFunctionFailed" or "LambdaFunctionTimedOut".
HistoryEvent LambdaFunctionEnded(const char* type, const std::optional<std::string>& error,
                                 const std::optional<std::string>& cause);
// Task states whose Resource is an activity ARN.
HistoryEvent ActivityScheduled(const std::string& resource, const std::string& input,
                               const std::optional<int64_t>& timeout_seconds,
                               const std::optional<int64_t>& heartbeat_seconds);
HistoryEvent ActivityStarted(const std::optional<std::string>& worker_name);
HistoryEvent ActivitySucceeded(const std::string& output);
// "ActivityFailed" or "ActivityTimedOut".
HistoryEvent ActivityEnded(const char* type, const std::optional<std::string>& error,
                           const std::optional<std::string>& cause);
}  // namespace events
}  // namespace sfn::engine
