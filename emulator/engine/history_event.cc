#include "emulator/engine/history_event.h"

#include "emulator/states/event.h"

namespace sfn::engine {
namespace {

HistoryEvent Make(std::string type, std::string details_key, Json details) {
  HistoryEvent e;
  e.type = std::move(type);
  e.details_key = std::move(details_key);
  e.details = std::move(details);
  return e;
}

void SetIf(Json& obj, const char* key, const std::optional<std::string>& value) {
  if (value) obj[key] = *value;
}

// Events whose details are an optional error and cause; absent ones are left
// out, as AWS does.
HistoryEvent ErrorEvent(const char* type, const char* key, const std::optional<std::string>& error,
                        const std::optional<std::string>& cause) {
  Json d = Json::object();
  SetIf(d, "error", error);
  SetIf(d, "cause", cause);
  return Make(type, key, std::move(d));
}

}  // namespace

namespace events {

HistoryEvent ExecutionStarted(const std::string& input, const std::string& role_arn,
                              const std::optional<std::string>& version_arn,
                              const std::optional<std::string>& alias_arn) {
  Json d = {{"input", input}, {"inputDetails", states::NotTruncated()}, {"roleArn", role_arn}};
  SetIf(d, "stateMachineAliasArn", alias_arn);
  SetIf(d, "stateMachineVersionArn", version_arn);
  return Make("ExecutionStarted", "executionStartedEventDetails", std::move(d));
}

HistoryEvent ExecutionSucceeded(const std::string& output) {
  return Make("ExecutionSucceeded", "executionSucceededEventDetails",
              {{"output", output}, {"outputDetails", states::NotTruncated()}});
}

HistoryEvent ExecutionFailed(const std::optional<std::string>& error,
                             const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionFailed", "executionFailedEventDetails", error, cause);
}

HistoryEvent ExecutionAborted(const std::optional<std::string>& error,
                              const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionAborted", "executionAbortedEventDetails", error, cause);
}

HistoryEvent ExecutionRedriven(int64_t redrive_count) {
  return Make("ExecutionRedriven", "executionRedrivenEventDetails",
              {{"redriveCount", redrive_count}});
}

HistoryEvent ExecutionTimedOut(const std::optional<std::string>& error,
                               const std::optional<std::string>& cause) {
  return ErrorEvent("ExecutionTimedOut", "executionTimedOutEventDetails", error, cause);
}

HistoryEvent Bare(std::string type) { return Make(std::move(type), "", nullptr); }

HistoryEvent TaskScheduled(const std::string& resource_type, const std::string& resource,
                           const std::string& region, const std::string& parameters,
                           const std::optional<int64_t>& timeout_seconds,
                           const std::optional<int64_t>& heartbeat_seconds) {
  Json d = {{"resourceType", resource_type},
            {"resource", resource},
            {"region", region},
            {"parameters", parameters}};
  if (timeout_seconds) d["timeoutInSeconds"] = *timeout_seconds;
  if (heartbeat_seconds) d["heartbeatInSeconds"] = *heartbeat_seconds;
  return Make("TaskScheduled", "taskScheduledEventDetails", std::move(d));
}

HistoryEvent TaskStarted(const std::string& resource_type, const std::string& resource) {
  return Make("TaskStarted", "taskStartedEventDetails",
              {{"resourceType", resource_type}, {"resource", resource}});
}

HistoryEvent TaskSucceeded(const std::string& resource_type, const std::string& resource,
                           const std::string& output) {
  return Make("TaskSucceeded", "taskSucceededEventDetails",
              {{"resourceType", resource_type},
               {"resource", resource},
               {"output", output},
               {"outputDetails", states::NotTruncated()}});
}

HistoryEvent TaskSubmitted(const std::string& resource_type, const std::string& resource,
                           const std::string& output) {
  return Make("TaskSubmitted", "taskSubmittedEventDetails",
              {{"resourceType", resource_type},
               {"resource", resource},
               {"output", output},
               {"outputDetails", states::NotTruncated()}});
}

HistoryEvent TaskEnded(const char* type, const std::string& resource_type,
                       const std::string& resource, const std::optional<std::string>& error,
                       const std::optional<std::string>& cause) {
  HistoryEvent e = ErrorEvent(type, states::DetailsKeyOf(type).c_str(), error, cause);
  e.details["resourceType"] = resource_type;
  e.details["resource"] = resource;
  return e;
}

HistoryEvent LambdaFunctionScheduled(const std::string& resource, const std::string& input,
                                     const std::optional<int64_t>& timeout_seconds) {
  Json d = {{"resource", resource}, {"input", input}, {"inputDetails", states::NotTruncated()}};
  if (timeout_seconds) d["timeoutInSeconds"] = *timeout_seconds;
  return Make("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", std::move(d));
}

HistoryEvent LambdaFunctionSucceeded(const std::string& output) {
  return Make("LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
              {{"output", output}, {"outputDetails", states::NotTruncated()}});
}

HistoryEvent LambdaFunctionEnded(const char* type, const std::optional<std::string>& error,
                                 const std::optional<std::string>& cause) {
  return ErrorEvent(type, states::DetailsKeyOf(type).c_str(), error, cause);
}

HistoryEvent ActivityScheduled(const std::string& resource, const std::string& input,
                               const std::optional<int64_t>& timeout_seconds,
                               const std::optional<int64_t>& heartbeat_seconds) {
  Json d = {{"resource", resource}, {"input", input}, {"inputDetails", states::NotTruncated()}};
  if (timeout_seconds) d["timeoutInSeconds"] = *timeout_seconds;
  if (heartbeat_seconds) d["heartbeatInSeconds"] = *heartbeat_seconds;
  return Make("ActivityScheduled", "activityScheduledEventDetails", std::move(d));
}

HistoryEvent ActivityStarted(const std::optional<std::string>& worker_name) {
  Json d = Json::object();
  SetIf(d, "workerName", worker_name);
  return Make("ActivityStarted", "activityStartedEventDetails", std::move(d));
}

HistoryEvent ActivitySucceeded(const std::string& output) {
  return Make("ActivitySucceeded", "activitySucceededEventDetails",
              {{"output", output}, {"outputDetails", states::NotTruncated()}});
}

HistoryEvent ActivityEnded(const char* type, const std::optional<std::string>& error,
                           const std::optional<std::string>& cause) {
  return ErrorEvent(type, states::DetailsKeyOf(type).c_str(), error, cause);
}

}  // namespace events
}  // namespace sfn::engine
