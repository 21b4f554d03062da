#include "emulator/engine/task_events.h"

namespace sfn::engine::task_events {

ResourceNames NamesOf(const std::string& resource) {
  // arn:<partition>:states:::<service>:<action>[.<pattern>]
  constexpr std::string_view kStates = ":states:::";
  size_t at = resource.find(kStates);
  if (at == std::string::npos) return {resource, resource};
  std::string rest = resource.substr(at + kStates.size());
  size_t dot = rest.find('.');
  size_t colon = rest.rfind(':', dot == std::string::npos ? std::string::npos : dot);
  if (colon == std::string::npos) return {rest, rest};
  return {rest.substr(0, colon), rest.substr(colon + 1)};
}

std::vector<HistoryEvent> Scheduled(EventFamily family, const TaskCall& call, const TaskEnv& env,
                                    const PlannedTask& task) {
  switch (family) {
    case EventFamily::kLambdaFunction:
      return {events::LambdaFunctionScheduled(call.resource, task.request, call.timeout_seconds),
              events::Bare("LambdaFunctionStarted")};
    case EventFamily::kActivity:
      return {events::ActivityScheduled(call.resource, task.request, call.timeout_seconds,
                                        call.heartbeat_seconds)};
    case EventFamily::kTask:
      break;
  }
  ResourceNames n = NamesOf(call.resource);
  const Json& shown = task.parameters.is_null() ? call.parameters : task.parameters;
  return {events::TaskScheduled(n.type, n.name, env.region, DumpJson(shown), call.timeout_seconds,
                                call.heartbeat_seconds),
          events::TaskStarted(n.type, n.name)};
}

std::optional<HistoryEvent> Started(EventFamily family,
                                    const std::optional<std::string>& worker_name) {
  if (family != EventFamily::kActivity) return std::nullopt;
  return events::ActivityStarted(worker_name);
}

std::optional<HistoryEvent> Submitted(EventFamily family, const std::string& resource,
                                      const std::string& output) {
  if (family != EventFamily::kTask) return std::nullopt;
  ResourceNames n = NamesOf(resource);
  return events::TaskSubmitted(n.type, n.name, output);
}

HistoryEvent Succeeded(EventFamily family, const std::string& resource, const std::string& output) {
  if (family == EventFamily::kLambdaFunction) return events::LambdaFunctionSucceeded(output);
  if (family == EventFamily::kActivity) return events::ActivitySucceeded(output);
  ResourceNames n = NamesOf(resource);
  return events::TaskSucceeded(n.type, n.name, output);
}

HistoryEvent Failed(EventFamily family, const std::string& resource, const Failure& failure) {
  return Failed(family, resource, failure.error, failure.cause);
}

HistoryEvent Failed(EventFamily family, const std::string& resource,
                    const std::optional<std::string>& error,
                    const std::optional<std::string>& cause) {
  if (family == EventFamily::kLambdaFunction) {
    return events::LambdaFunctionEnded("LambdaFunctionFailed", error, cause);
  }
  if (family == EventFamily::kActivity)
    return events::ActivityEnded("ActivityFailed", error, cause);
  ResourceNames n = NamesOf(resource);
  return events::TaskEnded("TaskFailed", n.type, n.name, error, cause);
}

HistoryEvent TimedOut(EventFamily family, const std::string& resource, const std::string& error) {
  if (family == EventFamily::kLambdaFunction) {
    return events::LambdaFunctionEnded("LambdaFunctionTimedOut", error, std::nullopt);
  }
  if (family == EventFamily::kActivity) {
    return events::ActivityEnded("ActivityTimedOut", error, std::nullopt);
  }
  ResourceNames n = NamesOf(resource);
  return events::TaskEnded("TaskTimedOut", n.type, n.name, error, std::nullopt);
}

}  // namespace sfn::engine::task_events
