#include "emulator/control/routing.h"

#include <set>

#include "emulator/control/lookup.h"

namespace sfn::control {
namespace {

template <typename T, typename F>
std::string Listed(const std::vector<T>& items, F show) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + show(items[i]);
  return out + "]";
}

}  // namespace

Result<Routing> CheckRouting(const std::vector<RoutingRequest>& items) {
  std::string arns = Listed(items, [](const RoutingRequest& r) { return r.version_arn; });
  if (items.empty() || items.size() > 2) {
    return Status(ErrorCode::kValidationException,
                  "Routing configuration must contain one or two state machine versions. "
                  "Received: " +
                      arns);
  }
  Routing out;
  std::set<std::string> seen;
  bool distinct = true;
  for (const RoutingRequest& item : items) {
    Result<MachineArn> parsed = ParseMachineArn(item.version_arn);
    if (!parsed.ok() || !parsed->version) {
      return Status(
          ErrorCode::kValidationException,
          "Routing configuration must contain state machine version ARNs. Received: " + arns);
    }
    if (!seen.insert(item.version_arn).second) distinct = false;
    if (out.state_machine_arn.empty()) out.state_machine_arn = parsed->unqualified;
    if (out.state_machine_arn != parsed->unqualified) {
      return Status(ErrorCode::kValidationException,
                    "Routing configuration must contain state machine version ARNs of the same "
                    "state machine. Received: " +
                        arns);
    }
    out.entries.push_back({*parsed->version, item.weight});
  }
  if (!distinct) {
    return Status(ErrorCode::kValidationException,
                  "Routing configuration must contain distinct state machine version ARNs. "
                  "Received: " +
                      arns);
  }
  int sum = 0;
  for (const RoutingRequest& item : items) sum += item.weight;
  if (sum != 100) {
    return Status(
        ErrorCode::kValidationException,
        "Sum of routing configuration weights must equal 100. Received: " +
            Listed(items, [](const RoutingRequest& r) { return std::to_string(r.weight); }));
  }
  return out;
}

int64_t PickVersion(const std::vector<RoutingEntry>& entries, uint64_t draw) {
  if (entries.size() < 2) return entries.front().version;
  return static_cast<int>(draw % 100) < entries[0].weight ? entries[0].version : entries[1].version;
}

}  // namespace sfn::control
