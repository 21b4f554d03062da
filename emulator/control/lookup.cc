#include "emulator/control/lookup.h"

#include <charconv>

#include "emulator/control/routing.h"

namespace sfn::control {

Result<MachineArn> ParseMachineArn(std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(StateMachineRef ref, ParseStateMachineArn(arn));
  MachineArn out{std::string(arn), ref.UnqualifiedArn(), std::nullopt, std::nullopt};
  if (!ref.qualifier) return out;
  const std::string& q = *ref.qualifier;
  int64_t number = 0;
  auto [end, ec] = std::from_chars(q.data(), q.data() + q.size(), number);
  if (ec == std::errc() && end == q.data() + q.size() && q[0] != '-' && q[0] != '+') {
    out.version = number;
  } else if (IsValidAliasName(q)) {
    out.alias = q;
  } else {
    return Status(ErrorCode::kInvalidArn, "Invalid Arn: '" + std::string(arn) + "'");
  }
  return out;
}

std::string VersionArn(const std::string& state_machine_arn, int64_t number) {
  return state_machine_arn + ":" + std::to_string(number);
}

std::string AliasArn(const std::string& state_machine_arn, const std::string& name) {
  return state_machine_arn + ":" + name;
}

Status StateMachineDoesNotExist(std::string_view arn) {
  return Status(ErrorCode::kStateMachineDoesNotExist,
                "State Machine Does Not Exist: '" + std::string(arn) + "'");
}

Status ResourceNotFound() {
  // The text AWS answers for a missing alias (recorded on UpdateStateMachineAlias).
  return Status(ErrorCode::kResourceNotFound, "Request references a resource that does not exist.");
}

Status StateMachineTypeNotSupported() {
  return Status(ErrorCode::kStateMachineTypeNotSupported,
                "This operation is not supported by this type of state machine");
}

Result<StateMachineRecord> RequireStateMachine(Repository& repo, std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(arn));
  if (m.qualified()) return StateMachineDoesNotExist(arn);
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(arn);
  return *std::move(sm);
}

Result<engine::ExecutionRecord> RequireExecution(Repository& repo, const std::string& arn) {
  SFN_RETURN_IF_ERROR(ParseExecutionArn(arn).status());
  if (IsExpressExecutionArn(arn)) {
    // AWS answers DescribeExecution, GetExecutionHistory, StopExecution, ...
    // so for an Express execution.
    return Status(ErrorCode::kInvalidArn,
                  "Invalid Arn: 'Resource type not valid in this context: express'");
  }
  SFN_ASSIGN_OR_RETURN(std::optional<engine::ExecutionRecord> rec, repo.FindExecution(arn));
  if (!rec) {
    return Status(ErrorCode::kExecutionDoesNotExist, "Execution Does Not Exist: '" + arn + "'");
  }
  return *std::move(rec);
}

Result<StartTarget> ResolveStartTarget(Repository& repo, Random& random, std::string_view arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(arn));
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> head,
                       repo.FindStateMachine(m.unqualified));
  if (!head) return StateMachineDoesNotExist(arn);
  StartTarget out;
  out.head = *std::move(head);
  std::optional<int64_t> number = m.version;
  if (m.alias) {
    SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> alias, repo.FindAlias(m.unqualified, *m.alias));
    if (!alias) return StateMachineDoesNotExist(arn);
    number = PickVersion(alias->routing, random.Next());
    out.alias_arn = AliasArn(m.unqualified, *m.alias);
  }
  std::string revision_id = out.head.revision_id;
  if (number) {
    SFN_ASSIGN_OR_RETURN(std::optional<VersionRecord> version,
                         repo.FindVersion(m.unqualified, *number));
    if (!version)
      return StateMachineDoesNotExist(m.alias ? VersionArn(m.unqualified, *number)
                                              : std::string(arn));
    out.version_arn = VersionArn(m.unqualified, *number);
    revision_id = version->revision_id;
  }
  SFN_ASSIGN_OR_RETURN(std::optional<RevisionRecord> revision, repo.FindRevision(revision_id));
  if (!revision) {
    return Status(ErrorCode::kInternalFailure,
                  "definition revision " + revision_id + " is missing");
  }
  out.revision = *std::move(revision);
  return out;
}

}  // namespace sfn::control
