// Use cases on state machine aliases: create, update, describe, list, delete
// (AWS API reference: CreateStateMachineAlias ... DeleteStateMachineAlias).
//
// An alias routes executions to one version, or to two by weight; it is
// resolved at each StartExecution (control/lookup.h), so an execution stays on
// the version it started with when the alias moves. Responses are AWS
// response shapes as Json. Not thread-safe: runs on the engine thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "emulator/control/ports.h"
#include "emulator/control/routing.h"
#include "emulator/core/clock.h"

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

class AliasService {
 public:
  AliasService(Repository& repo, Clock& clock) : repo_(repo), clock_(clock) {}

  Result<Json> Create(const CreateAliasRequest& req);
  Result<Json> Update(const UpdateAliasRequest& req);
  Result<Json> Describe(const std::string& alias_arn);
  // `state_machine_arn` may also be a version ARN: the aliases routing to it.
  Result<Json> List(const std::string& state_machine_arn, std::optional<int> max_results,
                    const std::optional<std::string>& token);
  Result<Json> Delete(const std::string& alias_arn);

 private:
  // CheckRouting plus: every version exists (else ResourceNotFound).
  Result<Routing> CheckVersions(const std::vector<RoutingRequest>& items);
  Result<AliasRecord> Require(const std::string& alias_arn);

  Repository& repo_;
  Clock& clock_;
};

}  // namespace sfn::control
