#include "emulator/control/version_service.h"

#include <algorithm>
#include <limits>

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"

namespace sfn::control {

Result<VersionRecord> VersionService::PublishCurrent(const StateMachineRecord& sm,
                                                     const std::string& description) {
  SFN_ASSIGN_OR_RETURN(std::optional<VersionRecord> existing,
                       repo_.FindVersionOfRevision(sm.arn, sm.revision_id));
  if (existing) return *std::move(existing);
  return repo_.InsertVersion(VersionRecord{sm.arn, 0, sm.revision_id, description, clock_.Now()});
}

Result<Json> VersionService::Publish(const std::string& state_machine_arn,
                                     const std::optional<std::string>& revision_id,
                                     const std::optional<std::string>& description) {
  SFN_ASSIGN_OR_RETURN(StateMachineRecord sm, RequireStateMachine(repo_, state_machine_arn));
  if (revision_id) {
    // AWS: "If the specified revision ID doesn't match the state machine's
    // current revision ID, the API returns ConflictException." INITIAL names
    // the revision a state machine has before its first update.
    bool current = *revision_id == sm.revision_id || (*revision_id == "INITIAL" && !sm.update_date);
    if (!current) {
      return Status(ErrorCode::kConflictException,
                    "Failed to publish the State Machine version for revision " + *revision_id +
                        ". The current State Machine revision is " + sm.revision_id + ".");
    }
  }
  SFN_ASSIGN_OR_RETURN(VersionRecord v, PublishCurrent(sm, description.value_or("")));
  return Json{{"creationDate", ToEpochSeconds(v.creation_date)},
              {"stateMachineVersionArn", VersionArn(sm.arn, v.number)}};
}

Result<Json> VersionService::List(const std::string& state_machine_arn,
                                  std::optional<int> max_results,
                                  const std::optional<std::string>& token) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(state_machine_arn));
  if (m.qualified()) {
    return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + state_machine_arn + "'");
  }
  std::string scope = "ListStateMachineVersions:" + m.unqualified;
  SFN_ASSIGN_OR_RETURN(int64_t offset, DecodeToken(scope, token));
  int limit = PageSize(max_results);
  // A state machine that does not exist has no versions (the operation has no
  // StateMachineDoesNotExist error in the model).
  SFN_ASSIGN_OR_RETURN(std::vector<VersionRecord> page,
                       repo_.ListVersions(m.unqualified, offset, limit + 1));
  Json items = Json::array();
  for (size_t i = 0; i < page.size() && i < static_cast<size_t>(limit); ++i) {
    items.push_back({{"stateMachineVersionArn", VersionArn(m.unqualified, page[i].number)},
                     {"creationDate", ToEpochSeconds(page[i].creation_date)}});
  }
  Json out = {{"stateMachineVersions", std::move(items)}};
  if (page.size() > static_cast<size_t>(limit))
    out["nextToken"] = EncodeToken(scope, offset + limit);
  return out;
}

Result<Json> VersionService::Delete(const std::string& version_arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(version_arn));
  if (!m.version) return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + version_arn + "'");
  // AWS: "You can't delete a state machine version currently referenced by
  // one or more aliases."
  SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> aliases,
                       repo_.ListAliases(m.unqualified, 0, std::numeric_limits<int>::max()));
  std::string names;
  for (const AliasRecord& a : aliases) {
    bool routes = std::any_of(a.routing.begin(), a.routing.end(),
                              [&](const RoutingEntry& e) { return e.version == *m.version; });
    if (routes) names += (names.empty() ? "" : ", ") + a.name;
  }
  if (!names.empty()) {
    return Status(ErrorCode::kConflictException,
                  "Version to be deleted must not be referenced by an alias. Current list of "
                  "aliases referencing this version: [" +
                      names + "]");
  }
  // Deleting a version that is already gone succeeds, as on AWS. Its running
  // executions keep their revision.
  SFN_RETURN_IF_ERROR(repo_.DeleteVersion(m.unqualified, *m.version));
  return Json::object();
}

Result<Json> VersionService::Describe(const std::string& version_arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(version_arn));
  if (!m.version) return StateMachineDoesNotExist(version_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<VersionRecord> v,
                       repo_.FindVersion(m.unqualified, *m.version));
  if (!v) return StateMachineDoesNotExist(version_arn);
  SFN_ASSIGN_OR_RETURN(std::optional<RevisionRecord> rev, repo_.FindRevision(v->revision_id));
  if (!rev) {
    return Status(ErrorCode::kInternalFailure,
                  "definition revision " + v->revision_id + " is missing");
  }
  Json out = {{"stateMachineArn", VersionArn(m.unqualified, v->number)},
              {"name", rev->name},
              {"status", "ACTIVE"},
              {"definition", rev->definition},
              {"roleArn", rev->role_arn},
              {"type", rev->type},
              {"creationDate", ToEpochSeconds(v->creation_date)},
              {"loggingConfiguration", rev->logging_configuration},
              {"tracingConfiguration", rev->tracing_configuration},
              {"revisionId", rev->revision_id}};
  if (!v->description.empty()) out["description"] = v->description;
  return out;
}

}  // namespace sfn::control
