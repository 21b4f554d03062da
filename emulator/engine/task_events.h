// The history events of a Task state's call, by event family (AWS API
// reference, "HistoryEvent": TaskScheduled, TaskStarted, TaskSubmitted,
// TaskSucceeded, TaskFailed, TaskTimedOut; LambdaFunctionScheduled, ...;
// ActivityScheduled, ActivityStarted, ...). The one place that maps a family
// to event names and details. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/engine/history_event.h"
#include "emulator/engine/task_integration.h"

namespace sfn::engine::task_events {

// Task* events name the service and the action of an optimised or SDK
// integration: arn:aws:states:::sqs:sendMessage.waitForTaskToken ->
// ("sqs", "sendMessage.waitForTaskToken"); aws-sdk:s3:getObject ->
// ("aws-sdk:s3", "getObject").
struct ResourceNames {
  std::string type;
  std::string name;
};
ResourceNames NamesOf(const std::string& resource);

// What a family writes when the task is scheduled, in order: Scheduled and
// Started (an activity's ActivityStarted waits for its worker: Started()).
std::vector<HistoryEvent> Scheduled(EventFamily family, const TaskCall& call, const TaskEnv& env,
                                    const PlannedTask& task);
// An activity worker took the task.
std::optional<HistoryEvent> Started(EventFamily family,
                                    const std::optional<std::string>& worker_name);
// The submission of a callback or job-run task (TaskSubmitted); nothing for
// the other families.
std::optional<HistoryEvent> Submitted(EventFamily family, const std::string& resource,
                                      const std::string& output);
HistoryEvent Succeeded(EventFamily family, const std::string& resource, const std::string& output);
HistoryEvent Failed(EventFamily family, const std::string& resource, const Failure& failure);
// A failure whose error or cause may be absent (SendTaskFailure without
// them): absent members are left out, as AWS does.
HistoryEvent Failed(EventFamily family, const std::string& resource,
                    const std::optional<std::string>& error,
                    const std::optional<std::string>& cause);
// States.Timeout (TimeoutSeconds, and HeartbeatSeconds as AWS records it).
HistoryEvent TimedOut(EventFamily family, const std::string& resource, const std::string& error);

}  // namespace sfn::engine::task_events
