#include "emulator/control/lookup.h"

#include "emulator/control/routing.h"

namespace sfn::control {

Result<MachineArn> ParseMachineArn(std::string_view arn, StatesArnKinds allowed) {
  SFN_ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, allowed));
  return MachineArn{std::string(arn), parsed.StateMachineArn(), parsed.version, parsed.alias,
                    parsed.label};
}

Status MapStateArnNotSupported(std::string_view arn) {
  return Status(ErrorCode::kValidationException,
                "The operation does not support the ARN of a Distributed Map state: '" +
                    std::string(arn) + "'");
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
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(arn, kAnyStateMachineArn | kMapStateArn));
  if (m.label) return MapStateArnNotSupported(arn);
  if (m.qualified()) return StateMachineDoesNotExist(arn);
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo.FindStateMachine(m.unqualified));
  if (!sm) return StateMachineDoesNotExist(arn);
  return *std::move(sm);
}

Result<engine::ExecutionRecord> RequireExecution(Repository& repo, const std::string& arn) {
  // AWS answers DescribeExecution, GetExecutionHistory, StopExecution, ...
  // "Resource type not valid in this context: express" for an Express
  // execution (it keeps no record to answer from).
  SFN_RETURN_IF_ERROR(ParseStatesArn(arn, kExecutionArn).status());
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
    out.alias_arn = MakeAliasArn(m.unqualified, *m.alias);
  }
  std::string revision_id = out.head.revision_id;
  if (number) {
    SFN_ASSIGN_OR_RETURN(std::optional<VersionRecord> version,
                         repo.FindVersion(m.unqualified, *number));
    if (!version)
      return StateMachineDoesNotExist(m.alias ? MakeVersionArn(m.unqualified, *number)
                                              : std::string(arn));
    out.version_arn = MakeVersionArn(m.unqualified, *number);
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
