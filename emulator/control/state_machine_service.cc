#include "emulator/control/state_machine_service.h"

#include "emulator/asl/parser.h"
#include "emulator/control/lookup.h"
#include "emulator/control/machine_config.h"
#include "emulator/control/paging.h"
#include "emulator/core/arn.h"
#include "emulator/core/names.h"

namespace sfn::control {
namespace {

constexpr size_t kMaxTags = 50;

asl::MachineType MachineTypeOf(const std::string& type) {
  return type == "EXPRESS" ? asl::MachineType::kExpress : asl::MachineType::kStandard;
}

// The partition a state machine's role must be in: its own.
std::string PartitionOfArn(const std::string& arn) {
  Result<Arn> parsed = ParseArn(arn);
  return parsed.ok() ? parsed->partition : std::string(PartitionOf(""));
}

}  // namespace

Result<StateMachineRecord> StateMachineService::Require(const std::string& arn) {
  return RequireStateMachine(repo_, arn);
}

Result<std::optional<std::string>> StateMachineService::MaybePublish(
    bool publish, const std::optional<std::string>& description, const StateMachineRecord& sm) {
  if (!publish) return std::optional<std::string>();
  SFN_ASSIGN_OR_RETURN(VersionRecord v, versions_.PublishCurrent(sm, description.value_or("")));
  return std::optional<std::string>(MakeVersionArn(sm.arn, v.number));
}

namespace {

// AWS (recorded): "Version description can only be set when publish is true".
Status CheckVersionDescription(bool publish, const std::optional<std::string>& description) {
  if (description && !publish) {
    return Status(ErrorCode::kValidationException,
                  "Version description can only be set when publish is true");
  }
  return Status::Ok();
}

}  // namespace

Result<CreateStateMachineResult> StateMachineService::Create(const RequestContext& ctx,
                                                             const CreateStateMachineRequest& req) {
  SFN_RETURN_IF_ERROR(CheckName(NameKind::kStateMachine, req.name));
  SFN_RETURN_IF_ERROR(CheckRoleArn(req.role_arn, PartitionOf(ctx.region)));
  SFN_RETURN_IF_ERROR(CheckVersionDescription(req.publish, req.version_description));
  if (req.tags.size() > kMaxTags) {
    return Status(ErrorCode::kTooManyTags,
                  "Too many tags: " + std::to_string(req.tags.size()) + " (at most 50)");
  }
  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr def, asl::Parse(req.definition, MachineTypeOf(req.type)));

  StateMachineRecord sm;
  sm.arn = MakeStateMachineArn(ctx.region, ctx.account, req.name);
  sm.name = req.name;
  sm.type = req.type;
  sm.role_arn = req.role_arn;
  sm.definition = req.definition;
  SFN_ASSIGN_OR_RETURN(sm.logging_configuration, LoggingOrDefault(req.logging_configuration));
  sm.tracing_configuration = TracingOrDefault(req.tracing_configuration);
  SFN_ASSIGN_OR_RETURN(sm.encryption_configuration,
                       EncryptionOrDefault(req.encryption_configuration));

  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> existing, repo_.FindStateMachine(sm.arn));
  if (existing) {
    // AWS: "CreateStateMachine's idempotency check is based on the state
    // machine name, definition, type, LoggingConfiguration,
    // TracingConfiguration, and EncryptionConfiguration"; a different roleArn
    // or tags are ignored.
    bool same = existing->definition == sm.definition && existing->type == sm.type &&
                existing->logging_configuration == sm.logging_configuration &&
                existing->tracing_configuration == sm.tracing_configuration &&
                existing->encryption_configuration == sm.encryption_configuration;
    if (!same) {
      return Status(ErrorCode::kStateMachineAlreadyExists,
                    "State Machine Already Exists: '" + sm.arn + "'");
    }
    CreateStateMachineResult out{existing->arn, existing->creation_date, std::nullopt};
    SFN_ASSIGN_OR_RETURN(out.state_machine_version_arn,
                         MaybePublish(req.publish, req.version_description, *existing));
    return out;
  }
  sm.revision_id = random_.Uuid();
  sm.creation_date = clock_.Now();
  Status inserted = repo_.InsertStateMachine(sm, RevisionOf(sm, clock_.Now()), req.tags);
  ForgetStartTargets(start_targets_, sm.arn);
  SFN_RETURN_IF_ERROR(inserted);
  definitions_[sm.revision_id] = def;
  CreateStateMachineResult out{sm.arn, sm.creation_date, std::nullopt};
  SFN_ASSIGN_OR_RETURN(out.state_machine_version_arn,
                       MaybePublish(req.publish, req.version_description, sm));
  return out;
}

Result<DescribeStateMachineResult> StateMachineService::Describe(const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(arn, kAnyStateMachineArn | kMapStateArn));
  // AWS: DescribeStateMachine "returns the details for a state machine
  // version if the stateMachineArn you specify is a state machine version ARN".
  if (m.version) return versions_.Describe(arn);
  SFN_ASSIGN_OR_RETURN(StateMachineRecord sm, Require(arn));
  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr def, LoadDefinition(sm.revision_id));
  DescribeStateMachineResult out;
  out.state_machine_arn = sm.arn;
  out.name = sm.name;
  out.definition = sm.definition;
  out.role_arn = sm.role_arn;
  out.type = sm.type;
  out.creation_date = sm.creation_date;
  out.logging_configuration = sm.logging_configuration;
  out.tracing_configuration = sm.tracing_configuration;
  out.encryption_configuration = sm.encryption_configuration;
  if (sm.revised) out.revision_id = sm.revision_id;
  if (!sm.description.empty()) out.description = sm.description;
  if (!def->variable_references.empty()) out.variable_references = def->variable_references;
  return out;
}

Result<UpdateStateMachineResult> StateMachineService::Update(const UpdateStateMachineRequest& req) {
  // With `publish` alone AWS publishes the current revision.
  if (!req.definition && !req.role_arn && !req.logging_configuration &&
      !req.tracing_configuration && !req.encryption_configuration && !req.publish) {
    return Status(ErrorCode::kMissingRequiredParameter,
                  "Either the definition, the role ARN, the LoggingConfiguration, or the "
                  "TracingConfiguration must be specified");
  }
  SFN_ASSIGN_OR_RETURN(StateMachineRecord sm, Require(req.state_machine_arn));
  if (req.role_arn) SFN_RETURN_IF_ERROR(CheckRoleArn(*req.role_arn, PartitionOfArn(sm.arn)));
  SFN_RETURN_IF_ERROR(CheckVersionDescription(req.publish, req.version_description));
  asl::DefinitionPtr def;
  if (req.definition) {
    SFN_ASSIGN_OR_RETURN(def, asl::Parse(*req.definition, MachineTypeOf(sm.type)));
  }
  StateMachineRecord next = sm;
  if (req.definition) next.definition = *req.definition;
  if (req.role_arn) next.role_arn = *req.role_arn;
  if (req.logging_configuration) {
    SFN_ASSIGN_OR_RETURN(next.logging_configuration,
                         NormalizeLoggingConfiguration(*req.logging_configuration));
  }
  if (req.tracing_configuration) {
    next.tracing_configuration = NormalizeTracingConfiguration(*req.tracing_configuration);
  }
  if (req.encryption_configuration) {
    SFN_ASSIGN_OR_RETURN(next.encryption_configuration,
                         NormalizeEncryptionConfiguration(*req.encryption_configuration));
  }
  next.update_date = clock_.Now();

  // A new immutable revision whenever what an execution would run changes.
  std::optional<RevisionRecord> revision;
  if (next.definition != sm.definition || next.role_arn != sm.role_arn ||
      next.logging_configuration != sm.logging_configuration ||
      next.tracing_configuration != sm.tracing_configuration ||
      next.encryption_configuration != sm.encryption_configuration) {
    next.revision_id = random_.Uuid();
    next.revised = true;
    revision = RevisionOf(next, clock_.Now());
  }
  Status updated = repo_.UpdateStateMachine(next, revision);
  ForgetStartTargets(start_targets_, next.arn);
  SFN_RETURN_IF_ERROR(updated);
  if (revision && def) definitions_[next.revision_id] = def;
  UpdateStateMachineResult out{*next.update_date, std::nullopt, std::nullopt};
  if (next.revised) out.revision_id = next.revision_id;
  SFN_ASSIGN_OR_RETURN(out.state_machine_version_arn,
                       MaybePublish(req.publish, req.version_description, next));
  return out;
}

Status StateMachineService::Delete(const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(MachineArn m, ParseMachineArn(arn, kAnyStateMachineArn | kMapStateArn));
  if (m.label) return MapStateArnNotSupported(arn);
  // A version or an alias is deleted with its own operation, never by
  // deleting the whole state machine through its ARN.
  if (m.qualified()) {
    return Status(ErrorCode::kValidationException,
                  "DeleteStateMachine takes a state machine ARN; delete a version with "
                  "DeleteStateMachineVersion and an alias with DeleteStateMachineAlias: '" +
                      arn + "'");
  }
  // AWS answers success for a state machine that is already gone.
  Status deleted = repo_.DeleteStateMachine(m.unqualified);
  ForgetStartTargets(start_targets_, m.unqualified);
  return deleted;
}

Result<Page<StateMachineListItem>> StateMachineService::List(
    std::optional<int> max_results, const std::optional<std::string>& token) {
  return FetchPage<StateMachineListItem>(
      PageQuery{"ListStateMachines", max_results, token}, kStepFunctionsPaging,
      [&](int64_t offset, int limit) -> Result<std::vector<StateMachineListItem>> {
        SFN_ASSIGN_OR_RETURN(std::vector<StateMachineRecord> page,
                             repo_.ListStateMachines(offset, limit));
        std::vector<StateMachineListItem> items;
        for (const StateMachineRecord& sm : page) {
          items.push_back({sm.arn, sm.name, sm.type, sm.creation_date});
        }
        return items;
      });
}

ValidateDefinitionResult StateMachineService::Validate(const std::string& definition,
                                                       const std::string& type,
                                                       std::optional<int> max_results) {
  std::vector<asl::Diagnostic> diags = asl::Validate(definition, MachineTypeOf(type));
  size_t limit = max_results && *max_results > 0 ? static_cast<size_t>(*max_results) : 100;
  ValidateDefinitionResult out;
  for (asl::Diagnostic& d : diags) {
    if (d.severity == "ERROR") out.ok = false;
    if (out.diagnostics.size() < limit) out.diagnostics.push_back(std::move(d));
  }
  out.truncated = diags.size() > limit;
  return out;
}

Status StateMachineService::CheckResourceExists(const std::string& arn) {
  // TagResource: "resourceArn: The Amazon Resource Name (ARN) for the Step
  // Functions state machine or activity."
  SFN_ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, kStateMachineArn | kActivityArn));
  Status not_found(ErrorCode::kResourceNotFound, "Resource not found: '" + arn + "'");
  if (parsed.kind == kActivityArn) {
    SFN_ASSIGN_OR_RETURN(std::optional<ActivityRecord> activity, repo_.FindActivity(arn));
    return activity ? Status::Ok() : not_found;
  }
  SFN_ASSIGN_OR_RETURN(std::optional<StateMachineRecord> sm, repo_.FindStateMachine(arn));
  return sm ? Status::Ok() : not_found;
}

Status StateMachineService::TagResource(const std::string& arn, const Tags& tags) {
  SFN_RETURN_IF_ERROR(CheckResourceExists(arn));
  SFN_ASSIGN_OR_RETURN(Tags current, repo_.ListTags(arn));
  std::map<std::string, std::string> merged(current.begin(), current.end());
  for (const auto& [k, v] : tags) merged[k] = v;
  if (merged.size() > kMaxTags) {
    return Status(ErrorCode::kTooManyTags,
                  "Too many tags: " + std::to_string(merged.size()) + " (at most 50)");
  }
  return repo_.PutTags(arn, tags);
}

Status StateMachineService::UntagResource(const std::string& arn,
                                          const std::vector<std::string>& keys) {
  SFN_RETURN_IF_ERROR(CheckResourceExists(arn));
  return repo_.RemoveTags(arn, keys);
}

Result<Tags> StateMachineService::ListTags(const std::string& arn) {
  SFN_RETURN_IF_ERROR(CheckResourceExists(arn));
  return repo_.ListTags(arn);
}

Result<asl::DefinitionPtr> StateMachineService::LoadDefinition(const std::string& revision_id) {
  auto it = definitions_.find(revision_id);
  if (it != definitions_.end()) return it->second;
  SFN_ASSIGN_OR_RETURN(std::optional<RevisionRecord> rev, repo_.FindRevision(revision_id));
  if (!rev) {
    return Status(ErrorCode::kInternalFailure,
                  "definition revision " + revision_id + " is missing");
  }
  SFN_ASSIGN_OR_RETURN(asl::DefinitionPtr def,
                       asl::Parse(rev->definition, MachineTypeOf(rev->type)));
  definitions_[revision_id] = def;
  return def;
}

}  // namespace sfn::control
