// Use cases on state machine aliases: create, update, describe, list, delete
// (AWS API reference: CreateStateMachineAlias ... DeleteStateMachineAlias).
//
// An alias routes executions to one version, or to two by weight; it is
// resolved at each StartExecution (control/lookup.h), so an execution stays on
// the version it started with when the alias moves. Results are typed;
// api/ writes AWS's shapes. Not thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/control/routing.h"
#include "emulator/control/start_targets.h"
#include "emulator/core/clock.h"
#include "emulator/core/time.h"

namespace sfn::control {

struct CreateAliasRequest {
  std::string name;
  std::optional<std::string> description;
  std::vector<RoutingRequest> routing;
};

struct UpdateAliasRequest {
  std::string alias_arn;
  std::optional<std::string> description;
  std::optional<std::vector<RoutingRequest>> routing;
};

struct CreateAliasResult {
  std::string state_machine_alias_arn;
  TimePoint creation_date;
};

struct UpdateAliasResult {
  TimePoint update_date;
};

// One entry of an alias's routingConfiguration.
struct AliasRoute {
  std::string state_machine_version_arn;
  int weight = 0;
};

struct DescribeAliasResult {
  std::string state_machine_alias_arn;
  std::string name;
  std::optional<std::string> description;
  std::vector<AliasRoute> routing_configuration;
  TimePoint creation_date;
  TimePoint update_date;  // the creation date until the first update
};

// One of ListStateMachineAliases' stateMachineAliases.
struct AliasListItem {
  std::string state_machine_alias_arn;
  TimePoint creation_date;
};

class AliasService {
 public:
  AliasService(Repository& repo, Clock& clock) : repo_(repo), clock_(clock) {}
  // The start cache to tell of changes (control/start_targets.h); none by
  // default. It must outlive this service.
  void SetStartTargets(StartTargets* targets) { start_targets_ = targets; }

  Result<CreateAliasResult> Create(const CreateAliasRequest& req);
  Result<UpdateAliasResult> Update(const UpdateAliasRequest& req);
  Result<DescribeAliasResult> Describe(const std::string& alias_arn);
  // `state_machine_arn` may also be a version ARN: the aliases routing to it.
  Result<Page<AliasListItem>> List(const std::string& state_machine_arn,
                                   std::optional<int> max_results,
                                   const std::optional<std::string>& token);
  Status Delete(const std::string& alias_arn);

 private:
  // CheckRouting plus: every version exists (else ResourceNotFound).
  Result<Routing> CheckVersions(const std::vector<RoutingRequest>& items);
  Result<AliasRecord> Require(const std::string& alias_arn);

  Repository& repo_;
  Clock& clock_;
  StartTargets* start_targets_ = nullptr;
};

}  // namespace sfn::control
