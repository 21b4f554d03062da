// Checks of a Task's Resource: known service integrations and what Express
// state machines may use.
#include <string>
#include <string_view>

#include "emulator/asl/parse_context.h"

namespace sfn::asl::internal {
namespace {

struct Integration {
  const char* service;
  std::initializer_list<const char*> actions;
};

// Optimized integrations whose actions are checked; other services (and
// aws-sdk:*) are accepted as written.
const Integration kIntegrations[] = {
    {"lambda", {"invoke"}},
    {"sns", {"publish"}},
    {"sqs", {"sendMessage"}},
    {"dynamodb", {"getItem", "putItem", "updateItem", "deleteItem"}},
    {"states", {"startExecution"}},
    {"events", {"putEvents"}},
    {"http", {"invoke"}},
    {"apigateway", {"invoke"}},
};

}  // namespace

void CheckResource(const std::string& resource, const std::string& location, ParseContext& ctx) {
  const std::string not_recognized =
      "The resource provided " + resource +
      " is not recognized. The value is not a valid resource ARN, or the resource is not "
      "available in this region.";
  if (resource.rfind("arn:", 0) != 0) {
    ctx.Error(not_recognized, location);
    return;
  }
  // arn:<partition>:states:::<service>:<action>[.<pattern>]
  size_t partition_end = resource.find(':', 4);
  if (partition_end == std::string::npos) {
    ctx.Error(not_recognized, location);
    return;
  }
  std::string_view rest = std::string_view(resource).substr(partition_end + 1);
  if (ctx.machine_type == MachineType::kExpress && rest.rfind("states:", 0) == 0 &&
      rest.find(":activity:") != std::string_view::npos) {
    ctx.Error("Express state machine does not support Activity ARN", location);
    return;
  }
  constexpr std::string_view kStatesPrefix = "states:::";
  if (rest.substr(0, kStatesPrefix.size()) != kStatesPrefix) return;  // lambda, activity, ...
  std::string_view integration = rest.substr(kStatesPrefix.size());

  std::string_view pattern;
  size_t dot = integration.find('.');
  std::string_view service_action = integration.substr(0, dot);
  if (dot != std::string_view::npos) pattern = integration.substr(dot);

  if (ctx.machine_type == MachineType::kExpress) {
    if (pattern == ".sync" || pattern.rfind(".sync:", 0) == 0) {
      // AWS's texts: this one ends without a space, the next one with one
      // (CreateStateMachine then shows "integration  at /States/...").
      ctx.Error("Express state machine does not support '.sync' service integration", location);
      return;
    }
    if (pattern == ".waitForTaskToken") {
      ctx.Error("Express state machine does not support '.waitForTaskToken' service integration ",
                location);
      return;
    }
  }
  if (!pattern.empty() && pattern != ".sync" && pattern != ".waitForTaskToken" &&
      !(pattern.rfind(".sync:", 0) == 0)) {
    ctx.Error(not_recognized, location);
    return;
  }
  size_t colon = service_action.find(':');
  if (colon == std::string_view::npos) {
    ctx.Error(not_recognized, location);
    return;
  }
  std::string_view service = service_action.substr(0, colon);
  std::string_view action = service_action.substr(colon + 1);
  for (const Integration& known : kIntegrations) {
    if (service != known.service) continue;
    for (const char* name : known.actions) {
      if (action == name) return;
    }
    ctx.Error(not_recognized, location);
    return;
  }
}

}  // namespace sfn::asl::internal
