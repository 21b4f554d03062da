#include "emulator/control/version_service.h"

#include <algorithm>
#include <limits>

#include "emulator/control/lookup.h"
#include "emulator/control/paging.h"

namespace sfn::control {

Result<VersionRecord> VersionService::PublishCurrent(const StateMachineRecord& sm,
                                                     const std::string& description) {
  // At most 1,000 versions per state machine (AWS quota): read them all.
  SFN_ASSIGN_OR_RETURN(std::vector<VersionRecord> versions,
                       repo_.ListVersions(sm.arn, 0, std::numeric_limits<int>::max()));
  for (VersionRecord& v : versions) {
    if (v.revision_id == sm.revision_id && v.description == description) return std::move(v);
  }
  Result<VersionRecord> inserted =
      repo_.InsertVersion(VersionRecord{sm.arn, 0, sm.revision_id, description, clock_.Now()});
  ForgetStartTargets(start_targets_, sm.arn);
  return inserted;
}

Result<PublishVersionResult> VersionService::Publish(
    const std::string& state_machine_arn, const std::optional<std::string>& revision_id,
    const std::optional<std::string>& description) {
  SFN_ASSIGN_OR_RETURN(StateMachineRecord sm, RequireStateMachine(repo_, state_machine_arn));
  if (revision_id) {
    // AWS: "If the specified revision ID doesn't match the state machine's
    // current revision ID, the API returns ConflictException." INITIAL names
    // the revision a state machine has before its first update.
    bool current = *revision_id == sm.revision_id || (*revision_id == "INITIAL" && !sm.revised);
    if (!current) {
      return Status(ErrorCode::kConflictException,
                    "Failed to publish the State Machine version for revision " + *revision_id +
                        ". The current State Machine revision is " + sm.revision_id + ".");
    }
  }
  SFN_ASSIGN_OR_RETURN(VersionRecord v, PublishCurrent(sm, description.value_or("")));
  return PublishVersionResult{v.creation_date, MakeVersionArn(sm.arn, v.number)};
}

Result<Page<VersionListItem>> VersionService::List(const std::string& state_machine_arn,
                                                   std::optional<int> max_results,
                                                   const std::optional<std::string>& token) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(state_machine_arn));
  if (m.qualified()) {
    return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + state_machine_arn + "'");
  }
  // A state machine that does not exist has no versions (the operation has no
  // StateMachineDoesNotExist error in the model).
  PageQuery query{"ListStateMachineVersions:" + m.unqualified, max_results, token};
  return FetchPage<VersionListItem>(
      query, kStepFunctionsPaging,
      [&](int64_t offset, int limit) -> Result<std::vector<VersionListItem>> {
        SFN_ASSIGN_OR_RETURN(std::vector<VersionRecord> page,
                             repo_.ListVersions(m.unqualified, offset, limit));
        std::vector<VersionListItem> items;
        for (const VersionRecord& v : page) {
          items.push_back({MakeVersionArn(m.unqualified, v.number), v.creation_date});
        }
        return items;
      });
}

Status VersionService::Delete(const std::string& version_arn) {
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
  Status deleted = repo_.DeleteVersion(m.unqualified, *m.version);
  ForgetStartTargets(start_targets_, m.unqualified);
  return deleted;
}

Result<DescribeStateMachineResult> VersionService::Describe(const std::string& version_arn) {
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
  DescribeStateMachineResult out;
  out.state_machine_arn = MakeVersionArn(m.unqualified, v->number);
  out.name = rev->name;
  out.definition = rev->definition;
  out.role_arn = rev->role_arn;
  out.type = rev->type;
  out.creation_date = v->creation_date;
  out.logging_configuration = rev->logging_configuration;
  out.tracing_configuration = rev->tracing_configuration;
  out.encryption_configuration = rev->encryption_configuration;
  if (rev->revised) out.revision_id = rev->revision_id;
  if (!v->description.empty()) out.description = v->description;
  return out;
}

}  // namespace sfn::control
