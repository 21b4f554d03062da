// The rules of an alias's routing configuration (AWS CreateStateMachineAlias,
// RoutingConfigurationListItem): one or two distinct versions of the same
// state machine whose weights sum to 100, and the weighted choice of a
// version per execution. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "emulator/control/ports.h"
#include "emulator/core/status.h"

namespace sfn::control {

// One routing entry as the request gives it.
struct RoutingRequest {
  std::string version_arn;
  int weight = 0;
};

struct Routing {
  std::string state_machine_arn;  // unqualified, shared by every entry
  std::vector<RoutingEntry> entries;
};

// kValidationException with AWS's messages unless `items` are 1 or 2 distinct
// version ARNs of one state machine with weights summing to 100. (Whether the
// versions exist is the caller's question.)
Result<Routing> CheckRouting(const std::vector<RoutingRequest>& items);

// The version an execution runs: entry 0 when `draw % 100` falls below its
// weight, else entry 1. `entries` must satisfy CheckRouting.
int64_t PickVersion(const std::vector<RoutingEntry>& entries, uint64_t draw);

}  // namespace sfn::control
