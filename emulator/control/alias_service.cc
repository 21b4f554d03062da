#include "emulator/control/alias_service.h"

#include <algorithm>
#include <limits>

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"
#include "emulator/core/names.h"

namespace sfn::control {
namespace {

Status InvalidAliasArn(const std::string& arn) {
  return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + arn + "'");
}

}  // namespace

Result<Routing> AliasService::CheckVersions(const std::vector<RoutingRequest>& items) {
  SFN_ASSIGN_OR_RETURN(Routing routing, CheckRouting(items));
  for (const RoutingEntry& e : routing.entries) {
    SFN_ASSIGN_OR_RETURN(std::optional<VersionRecord> v,
                         repo_.FindVersion(routing.state_machine_arn, e.version));
    if (!v) return ResourceNotFound();
  }
  return routing;
}

Result<AliasRecord> AliasService::Require(const std::string& alias_arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(alias_arn, kAnyStateMachineArn));
  if (!m.alias) return InvalidAliasArn(alias_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> alias, repo_.FindAlias(m.unqualified, *m.alias));
  if (!alias) return ResourceNotFound();
  return *std::move(alias);
}

Result<CreateAliasResult> AliasService::Create(const CreateAliasRequest& req) {
  SFN_RETURN_IF_ERROR(CheckName(NameKind::kStateMachineAlias, req.name));
  SFN_ASSIGN_OR_RETURN(Routing routing, CheckVersions(req.routing));
  AliasRecord alias{routing.state_machine_arn, req.name,     req.description.value_or(""),
                    routing.entries,           clock_.Now(), std::nullopt};
  std::string arn = MakeAliasArn(alias.state_machine_arn, alias.name);
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> existing,
                       repo_.FindAlias(alias.state_machine_arn, alias.name));
  if (existing) {
    // AWS: CreateStateMachineAlias is idempotent on name, description and
    // routing configuration; anything else is a conflict.
    if (existing->description != alias.description || existing->routing != alias.routing) {
      return Status(ErrorCode::kConflictException,
                    "Failed to create alias because an alias with the same name and a different "
                    "routing configuration already exists.");
    }
    return CreateAliasResult{arn, existing->creation_date};
  }
  Status put = repo_.PutAlias(alias);
  ForgetStartTargets(start_targets_, alias.state_machine_arn);
  SFN_RETURN_IF_ERROR(put);
  return CreateAliasResult{arn, alias.creation_date};
}

Result<UpdateAliasResult> AliasService::Update(const UpdateAliasRequest& req) {
  // AWS: "You must specify at least one of the description or
  // routingConfiguration parameters to update a state machine alias."
  if (!req.description && !req.routing) {
    return Status(ErrorCode::kValidationException,
                  "Either the description or the routing configuration must be specified");
  }
  SFN_ASSIGN_OR_RETURN(AliasRecord alias, Require(req.alias_arn));
  if (req.routing) {
    SFN_ASSIGN_OR_RETURN(Routing routing, CheckVersions(*req.routing));
    if (routing.state_machine_arn != alias.state_machine_arn) {
      return Status(ErrorCode::kValidationException,
                    "Routing configuration must contain state machine version ARNs of the "
                    "alias's state machine");
    }
    alias.routing = routing.entries;
  }
  if (req.description) alias.description = *req.description;
  alias.update_date = clock_.Now();
  Status put = repo_.PutAlias(alias);
  ForgetStartTargets(start_targets_, alias.state_machine_arn);
  SFN_RETURN_IF_ERROR(put);
  return UpdateAliasResult{*alias.update_date};
}

Result<DescribeAliasResult> AliasService::Describe(const std::string& alias_arn) {
  SFN_ASSIGN_OR_RETURN(AliasRecord alias, Require(alias_arn));
  DescribeAliasResult out;
  out.state_machine_alias_arn = MakeAliasArn(alias.state_machine_arn, alias.name);
  out.name = alias.name;
  if (!alias.description.empty()) out.description = alias.description;
  for (const RoutingEntry& e : alias.routing) {
    out.routing_configuration.push_back(
        {MakeVersionArn(alias.state_machine_arn, e.version), e.weight});
  }
  out.creation_date = alias.creation_date;
  // AWS returns updateDate always: the creation date until the first update.
  out.update_date = alias.update_date.value_or(alias.creation_date);
  return out;
}

Result<Page<AliasListItem>> AliasService::List(const std::string& state_machine_arn,
                                               std::optional<int> max_results,
                                               const std::optional<std::string>& token) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(state_machine_arn));
  if (m.alias) return InvalidAliasArn(state_machine_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo_.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(state_machine_arn);
  PageQuery query{"ListStateMachineAliases:" + state_machine_arn, max_results, token};
  // At most 100 aliases per state machine on AWS: filter in memory.
  SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> all,
                       repo_.ListAliases(m.unqualified, 0, std::numeric_limits<int>::max()));
  if (m.version) {
    // AWS: "To list aliases that reference a state machine version, you can
    // specify the version ARN in the stateMachineArn parameter."
    std::erase_if(all, [&](const AliasRecord& a) {
      return std::none_of(a.routing.begin(), a.routing.end(),
                          [&](const RoutingEntry& e) { return e.version == *m.version; });
    });
  }
  std::vector<AliasListItem> items;
  for (const AliasRecord& a : all) {
    items.push_back({MakeAliasArn(a.state_machine_arn, a.name), a.creation_date});
  }
  return PageOf(std::move(items), query, kStepFunctionsPaging);
}

Status AliasService::Delete(const std::string& alias_arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(alias_arn));
  if (!m.alias) return InvalidAliasArn(alias_arn);
  // Deleting an alias that is already gone succeeds, as on AWS; its versions stay.
  Status deleted = repo_.DeleteAlias(m.unqualified, *m.alias);
  ForgetStartTargets(start_targets_, m.unqualified);
  return deleted;
}

}  // namespace sfn::control
