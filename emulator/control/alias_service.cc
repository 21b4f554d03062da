#include "emulator/control/alias_service.h"

#include <algorithm>
#include <limits>

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"

namespace sfn::control {
namespace {

Json RoutingJson(const AliasRecord& a) {
  Json out = Json::array();
  for (const RoutingEntry& e : a.routing) {
    out.push_back({{"stateMachineVersionArn", VersionArn(a.state_machine_arn, e.version)},
                   {"weight", e.weight}});
  }
  return out;
}

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
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(alias_arn));
  if (!m.alias) return InvalidAliasArn(alias_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> alias, repo_.FindAlias(m.unqualified, *m.alias));
  if (!alias) return ResourceNotFound();
  return *std::move(alias);
}

Result<Json> AliasService::Create(const CreateAliasRequest& req) {
  SFN_ASSIGN_OR_RETURN(Routing routing, CheckVersions(req.routing));
  AliasRecord alias{routing.state_machine_arn, req.name,     req.description.value_or(""),
                    routing.entries,           clock_.Now(), std::nullopt};
  std::string arn = AliasArn(alias.state_machine_arn, alias.name);
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
    return Json{{"stateMachineAliasArn", arn},
                {"creationDate", ToEpochSeconds(existing->creation_date)}};
  }
  SFN_RETURN_IF_ERROR(repo_.PutAlias(alias));
  return Json{{"stateMachineAliasArn", arn}, {"creationDate", ToEpochSeconds(alias.creation_date)}};
}

Result<Json> AliasService::Update(const UpdateAliasRequest& req) {
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
  SFN_RETURN_IF_ERROR(repo_.PutAlias(alias));
  return Json{{"updateDate", ToEpochSeconds(*alias.update_date)}};
}

Result<Json> AliasService::Describe(const std::string& alias_arn) {
  SFN_ASSIGN_OR_RETURN(AliasRecord alias, Require(alias_arn));
  Json out = {{"stateMachineAliasArn", AliasArn(alias.state_machine_arn, alias.name)},
              {"name", alias.name}};
  if (!alias.description.empty()) out["description"] = alias.description;
  out["routingConfiguration"] = RoutingJson(alias);
  out["creationDate"] = ToEpochSeconds(alias.creation_date);
  if (alias.update_date) out["updateDate"] = ToEpochSeconds(*alias.update_date);
  return out;
}

Result<Json> AliasService::List(const std::string& state_machine_arn,
                                std::optional<int> max_results,
                                const std::optional<std::string>& token) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(state_machine_arn));
  if (m.alias) return InvalidAliasArn(state_machine_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo_.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(state_machine_arn);
  std::string scope = "ListStateMachineAliases:" + state_machine_arn;
  SFN_ASSIGN_OR_RETURN(int64_t offset, DecodeToken(scope, token));
  int limit = PageSize(max_results);
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
  Json items = Json::array();
  for (int64_t i = offset; i < static_cast<int64_t>(all.size()) && i < offset + limit; ++i) {
    const AliasRecord& a = all[static_cast<size_t>(i)];
    items.push_back({{"stateMachineAliasArn", AliasArn(a.state_machine_arn, a.name)},
                     {"creationDate", ToEpochSeconds(a.creation_date)}});
  }
  Json out = {{"stateMachineAliases", std::move(items)}};
  if (offset + limit < static_cast<int64_t>(all.size())) {
    out["nextToken"] = EncodeToken(scope, offset + limit);
  }
  return out;
}

Result<Json> AliasService::Delete(const std::string& alias_arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(alias_arn));
  if (!m.alias) return InvalidAliasArn(alias_arn);
  // Deleting an alias that is already gone succeeds, as on AWS; its versions stay.
  SFN_RETURN_IF_ERROR(repo_.DeleteAlias(m.unqualified, *m.alias));
  return Json::object();
}

}  // namespace sfn::control
