#include "emulator/states/event.h"

#include <cctype>

namespace sfn::states {
namespace {

Event Make(std::string type, std::string details_key, Json details, bool advances_link = true) {
  return Event{std::move(type), std::move(details_key), std::move(details), advances_link};
}

}  // namespace

std::string DetailsKeyOf(std::string_view type) {
  std::string key(type);
  if (!key.empty()) key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return key + "EventDetails";
}

Json NotTruncated() { return Json{{"truncated", false}}; }

namespace events {

Event StateEntered(std::string_view type_prefix, const std::string& name,
                   const std::string& input) {
  return Make(std::string(type_prefix) + "StateEntered", "stateEnteredEventDetails",
              {{"name", name}, {"input", input}, {"inputDetails", NotTruncated()}});
}

Event StateExited(std::string_view type_prefix, const std::string& name, const std::string& output,
                  const Json& assigned) {
  Json d = {{"name", name}, {"output", output}, {"outputDetails", NotTruncated()}};
  if (assigned.is_object() && !assigned.empty()) {
    // Each value as JSON text (API reference, "StateExitedEventDetails").
    Json vars = Json::object();
    for (auto it = assigned.begin(); it != assigned.end(); ++it) vars[it.key()] = DumpJson(*it);
    d["assignedVariables"] = std::move(vars);
    d["assignedVariablesDetails"] = NotTruncated();
  }
  return Make(std::string(type_prefix) + "StateExited", "stateExitedEventDetails", std::move(d));
}

Event Bare(std::string type, bool advances_link) {
  return Make(std::move(type), "", nullptr, advances_link);
}

Event MapStateStarted(int64_t length) {
  return Make("MapStateStarted", "mapStateStartedEventDetails", {{"length", length}});
}

Event MapIteration(const char* type, int64_t index, const std::string& map_state_name,
                   bool advances_link) {
  return Make(type, DetailsKeyOf(type), {{"name", map_state_name}, {"index", index}},
              advances_link);
}

Event MapRunStarted(const std::string& map_run_arn) {
  return Make("MapRunStarted", "mapRunStartedEventDetails", {{"mapRunArn", map_run_arn}});
}

Event EvaluationFailed(const std::string& error, const std::string& cause,
                       const std::string& location, const std::string& state_name) {
  Json d = {{"error", error}, {"cause", cause}};
  if (!location.empty()) d["location"] = location;
  d["state"] = state_name;
  return Make("EvaluationFailed", "evaluationFailedEventDetails", std::move(d));
}

Event MapRunRedriven(const std::string& map_run_arn, int64_t redrive_count) {
  return Make("MapRunRedriven", "mapRunRedrivenEventDetails",
              {{"mapRunArn", map_run_arn}, {"redriveCount", redrive_count}});
}

Event MapRunFailed(const Failure& failure) {
  return Make("MapRunFailed", "mapRunFailedEventDetails",
              {{"error", failure.error}, {"cause", failure.cause}});
}

}  // namespace events
}  // namespace sfn::states
