// The history events of a Task state's call, by event family (AWS API
// reference, "HistoryEvent": TaskScheduled, TaskStarted, TaskSucceeded,
// TaskFailed, TaskTimedOut; LambdaFunctionScheduled, ...). The one place
// that maps a family to event names and details. Pure functions.
#pragma once

#include <optional>
#include <string>

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

// Scheduled and Started, in that order.
std::vector<HistoryEvent> Scheduled(EventFamily family, const TaskCall& call, const TaskEnv& env,
                                    const PlannedTask& task);
HistoryEvent Succeeded(EventFamily family, const std::string& resource, const std::string& output);
HistoryEvent Failed(EventFamily family, const std::string& resource, const Failure& failure);
// States.Timeout (TimeoutSeconds) or States.HeartbeatTimeout.
HistoryEvent TimedOut(EventFamily family, const std::string& resource, const std::string& error);

}  // namespace sfn::engine::task_events
