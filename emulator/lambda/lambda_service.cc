#include "emulator/lambda/lambda_service.h"

#include <algorithm>

#include "emulator/core/names.h"
#include "emulator/core/time.h"
#include "emulator/lambda/alias_routing.h"
#include "emulator/lambda/settings.h"

namespace sfn::lambda {
namespace {

Status PreconditionFailed() {
  return Status(ErrorCode::kPreconditionFailedException,
                "The Revision Id provided does not match the latest Revision Id. Call the "
                "GetFunction/GetAlias API to retrieve the latest Revision Id");
}

Status CheckLimits(const std::optional<int>& timeout, const std::optional<int>& memory) {
  if (timeout && (*timeout < 1 || *timeout > 900)) {
    return Status(ErrorCode::kValidationException,
                  "1 validation error detected: Value '" + std::to_string(*timeout) +
                      "' at 'timeout' failed to satisfy constraint: Member must have value " +
                      (*timeout < 1 ? "greater than or equal to 1" : "less than or equal to 900"));
  }
  if (memory && (*memory < 128 || *memory > 10240)) {
    return Status(ErrorCode::kValidationException,
                  "1 validation error detected: Value '" + std::to_string(*memory) +
                      "' at 'memorySize' failed to satisfy constraint: Member must have value " +
                      (*memory < 128 ? "greater than or equal to 128"
                                     : "less than or equal to 10240"));
  }
  return Status::Ok();
}

Status CheckRuntime(const std::string& runtime) {
  if (!Runtimes::Supported(runtime)) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Value " + runtime +
                      " at 'runtime' failed to satisfy constraint: this emulator runs the "
                      "python3.*, nodejs* and provided* runtimes");
  }
  return Status::Ok();
}

}  // namespace

LambdaService::LambdaService(LambdaStore& store, CodeStore& code, Runtimes& runtimes,
                             WorkerPool& pool, Random& random, Clock& clock, std::string account)
    : store_(store),
      code_(code),
      runtimes_(runtimes),
      pool_(pool),
      random_(random),
      clock_(clock),
      account_(std::move(account)) {}

std::string LambdaService::Now() const {
  // Lambda's LastModified format: "2026-01-01T00:00:00.000+0000".
  std::string iso = FormatIso8601(clock_.Now());
  if (!iso.empty() && iso.back() == 'Z') iso.pop_back();
  return iso + "+0000";
}

std::string LambdaService::NotFound(const std::string& name, const std::string& qualifier) const {
  return "Function not found: " + (qualifier.empty()
                                       ? FunctionArn(region_, account_, name)
                                       : QualifiedArn(region_, account_, name, qualifier));
}

Result<std::string> LambdaService::NameOf(const std::string& ref) {
  SFN_ASSIGN_OR_RETURN(FunctionRef r, ParseFunctionRef(ref));
  return r.name;
}

Result<FunctionRecord> LambdaService::LoadFunction(const std::string& name) {
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionRecord> fn, store_.FindFunction(name));
  if (!fn) return Status(ErrorCode::kResourceNotFoundException, NotFound(name));
  return *fn;
}

Result<FunctionVersion> LambdaService::LoadVersion(const std::string& name,
                                                   const std::string& version) {
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionVersion> v, store_.FindVersion(name, version));
  if (!v) {
    return Status(ErrorCode::kResourceNotFoundException,
                  NotFound(name, version == kLatest ? "" : version));
  }
  return *v;
}

// --- functions -------------------------------------------------------------

Result<FunctionRef> LambdaService::CheckCreate(const CreateFunctionInput& in) {
  SFN_ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionRef(in.function_name));
  if (ref.qualifier) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Function name cannot be qualified when creating a function.");
  }
  SFN_RETURN_IF_ERROR(CheckLimits(in.timeout, in.memory_size));
  if (!in.has_zip) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Please provide a source for function code (ZipFile).");
  }
  if (in.runtime.empty() || in.handler.empty()) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Runtime and Handler are mandatory parameters for functions created with "
                  "deployment packages.");
  }
  SFN_RETURN_IF_ERROR(CheckRuntime(in.runtime));
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionRecord> existing, store_.FindFunction(ref.name));
  if (existing) {
    return Status(ErrorCode::kResourceConflictException,
                  "Function already exist: " + ref.name);
  }
  return ref;
}

Result<FunctionVersion> LambdaService::FinishCreate(const CreateFunctionInput& in,
                                                    const std::string& name,
                                                    const StoredCode& code) {
  // Checked again: another create may have finished while the zip unpacked.
  SFN_ASSIGN_OR_RETURN(std::optional<FunctionRecord> existing, store_.FindFunction(name));
  if (existing) {
    return Status(ErrorCode::kResourceConflictException, "Function already exist: " + name);
  }
  FunctionRecord fn;
  fn.name = name;
  fn.tags = in.tags;
  fn.created_ms = ToEpochMillis(clock_.Now());
  FunctionVersion v;
  v.function_name = name;
  v.runtime = in.runtime;
  v.handler = in.handler;
  v.role = in.role;
  v.description = in.description;
  v.timeout = in.timeout.value_or(3);
  v.memory_size = in.memory_size.value_or(128);
  v.environment = in.environment;
  v.settings = MergeSettings(Json::object(), in.settings);
  v.code_sha256 = code.sha256;
  v.code_size = code.size;
  v.code_dir = code.dir;
  v.revision_id = random_.Uuid();
  v.last_modified = Now();
  SFN_RETURN_IF_ERROR(store_.SaveFunction(fn, {v}));
  if (in.publish) return Publish(fn, v, std::nullopt);
  return v;
}

Result<FunctionVersion> LambdaService::CreateFunction(const CreateFunctionInput& in) {
  SFN_ASSIGN_OR_RETURN(FunctionRef ref, CheckCreate(in));
  SFN_ASSIGN_OR_RETURN(StoredCode code, code_.Save(ref.name, in.zip));
  return FinishCreate(in, ref.name, code);
}

void LambdaService::CreateFunctionAsync(CreateFunctionInput in,
                                        std::function<void(Result<FunctionVersion>)> done) {
  if (!post_) {
    done(CreateFunction(in));
    return;
  }
  Result<FunctionRef> ref = CheckCreate(in);
  if (!ref.ok()) {
    done(ref.status());
    return;
  }
  // The job and the posted continuation capture `this`: the pool is joined
  // before the service is destroyed, and a continuation posted to a stopped
  // engine is destroyed unrun.
  pool_.Post([this, in = std::move(in), name = ref->name, done = std::move(done)]() mutable {
    Result<StoredCode> code = code_.Save(name, in.zip);
    in.zip.clear();
    post_([this, in = std::move(in), name, code = std::move(code), done = std::move(done)] {
      if (!code.ok()) {
        done(code.status());
        return;
      }
      done(FinishCreate(in, name, *code));
    });
  });
}

Result<FunctionVersion> LambdaService::GetFunction(const std::string& ref_text,
                                                   const std::optional<std::string>& qualifier) {
  SFN_ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionRef(ref_text));
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  SFN_RETURN_IF_ERROR(LoadFunction(ref.name).status());
  switch (KindOf(q)) {
    case QualifierKind::kLatest: return LoadVersion(ref.name, kLatest);
    case QualifierKind::kVersion: return LoadVersion(ref.name, *q);
    case QualifierKind::kAlias: break;
  }
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> alias, store_.FindAlias(ref.name, *q));
  if (!alias) return Status(ErrorCode::kResourceNotFoundException, NotFound(ref.name, *q));
  return LoadVersion(ref.name, alias->function_version);
}

Result<std::vector<FunctionVersion>> LambdaService::ListFunctions() {
  SFN_ASSIGN_OR_RETURN(std::vector<FunctionRecord> fns, store_.ListFunctions());
  std::vector<FunctionVersion> out;
  for (const FunctionRecord& fn : fns) {
    SFN_ASSIGN_OR_RETURN(std::optional<FunctionVersion> v, store_.FindVersion(fn.name, kLatest));
    if (v) out.push_back(std::move(*v));
  }
  return out;
}

Result<FunctionVersion> LambdaService::FinishUpdateCode(
    const std::string& ref, bool publish, const std::optional<std::string>& revision_id,
    const StoredCode& code) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  SFN_ASSIGN_OR_RETURN(FunctionVersion latest, LoadVersion(name, kLatest));
  if (revision_id && *revision_id != latest.revision_id) return PreconditionFailed();
  latest.code_sha256 = code.sha256;
  latest.code_size = code.size;
  latest.code_dir = code.dir;
  latest.revision_id = random_.Uuid();
  latest.last_modified = Now();
  SFN_RETURN_IF_ERROR(store_.SaveFunction(fn, {latest}));
  if (publish) return Publish(fn, latest, std::nullopt);
  return latest;
}

Result<FunctionVersion> LambdaService::UpdateFunctionCode(
    const std::string& ref, const std::string& zip, bool publish,
    const std::optional<std::string>& revision_id) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_ASSIGN_OR_RETURN(FunctionVersion latest, LoadVersion(name, kLatest));
  if (revision_id && *revision_id != latest.revision_id) return PreconditionFailed();
  SFN_ASSIGN_OR_RETURN(StoredCode code, code_.Save(name, zip));
  return FinishUpdateCode(ref, publish, revision_id, code);
}

void LambdaService::UpdateFunctionCodeAsync(std::string ref, std::string zip, bool publish,
                                            std::optional<std::string> revision_id,
                                            std::function<void(Result<FunctionVersion>)> done) {
  if (!post_) {
    done(UpdateFunctionCode(ref, zip, publish, revision_id));
    return;
  }
  // The cheap checks now, so a missing function or a stale RevisionId
  // answers without unpacking anything; checked again after.
  Result<std::string> name = NameOf(ref);
  if (!name.ok()) {
    done(name.status());
    return;
  }
  Result<FunctionVersion> latest = LoadVersion(*name, kLatest);
  if (!latest.ok()) {
    done(latest.status());
    return;
  }
  if (revision_id && *revision_id != latest->revision_id) {
    done(PreconditionFailed());
    return;
  }
  pool_.Post([this, ref = std::move(ref), name = *name, zip = std::move(zip), publish,
              revision_id = std::move(revision_id), done = std::move(done)]() mutable {
    Result<StoredCode> code = code_.Save(name, zip);
    zip.clear();
    post_([this, ref = std::move(ref), publish, revision_id = std::move(revision_id),
           code = std::move(code), done = std::move(done)] {
      if (!code.ok()) {
        done(code.status());
        return;
      }
      done(FinishUpdateCode(ref, publish, revision_id, *code));
    });
  });
}

Result<FunctionVersion> LambdaService::UpdateFunctionConfiguration(
    const std::string& ref, const UpdateConfigurationInput& in) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  SFN_ASSIGN_OR_RETURN(FunctionVersion latest, LoadVersion(name, kLatest));
  if (in.revision_id && *in.revision_id != latest.revision_id) return PreconditionFailed();
  SFN_RETURN_IF_ERROR(CheckLimits(in.timeout, in.memory_size));
  if (in.runtime) SFN_RETURN_IF_ERROR(CheckRuntime(*in.runtime));
  if (in.runtime) latest.runtime = *in.runtime;
  if (in.handler) latest.handler = *in.handler;
  if (in.role) latest.role = *in.role;
  if (in.description) latest.description = *in.description;
  if (in.timeout) latest.timeout = *in.timeout;
  if (in.memory_size) latest.memory_size = *in.memory_size;
  if (in.environment) latest.environment = *in.environment;
  latest.settings = MergeSettings(latest.settings, in.settings);
  latest.revision_id = random_.Uuid();
  latest.last_modified = Now();
  SFN_RETURN_IF_ERROR(store_.SaveFunction(fn, {latest}));
  return latest;
}

Status LambdaService::DeleteFunction(const std::string& ref_text,
                                     const std::optional<std::string>& qualifier) {
  SFN_ASSIGN_OR_RETURN(FunctionRef ref, ParseFunctionRef(ref_text));
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> q, MergeQualifier(ref, qualifier));
  SFN_RETURN_IF_ERROR(LoadFunction(ref.name).status());
  if (!q) {
    SFN_RETURN_IF_ERROR(store_.DeleteFunction(ref.name));
    runtimes_.Evict(ref.name);
    code_.RemoveFunction(ref.name);
    return Status::Ok();
  }
  // Lambda API reference, DeleteFunction: "You can't delete $LATEST alone";
  // a version an alias points at cannot be deleted.
  if (*q == kLatest) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "$LATEST version cannot be deleted without deleting the function.");
  }
  if (!IsVersionNumber(*q)) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Deletion of aliases is not supported.");
  }
  SFN_RETURN_IF_ERROR(LoadVersion(ref.name, *q).status());
  SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> aliases, store_.ListAliases(ref.name));
  std::vector<std::string> users;
  for (const AliasRecord& a : aliases) {
    if (a.function_version == *q || a.additional_weights.count(*q)) users.push_back(a.name);
  }
  if (!users.empty()) {
    std::string list;
    for (const std::string& u : users) list += (list.empty() ? "" : ", ") + u;
    return Status(ErrorCode::kResourceConflictException,
                  "Unable to delete version because the following aliases reference it: [" +
                      list + "]");
  }
  return store_.DeleteVersion(ref.name, *q);
}

// --- versions --------------------------------------------------------------

Result<FunctionVersion> LambdaService::Publish(FunctionRecord fn, const FunctionVersion& latest,
                                               const std::optional<std::string>& description) {
  // Lambda API reference, PublishVersion: "Lambda doesn't publish a version
  // if the function's configuration and code haven't changed since the last
  // version." It answers the latest version instead.
  if (fn.last_version > 0 && fn.published_revision == latest.revision_id) {
    SFN_ASSIGN_OR_RETURN(std::optional<FunctionVersion> last,
                         store_.FindVersion(fn.name, std::to_string(fn.last_version)));
    if (last) return *last;
  }
  FunctionVersion v = latest;
  v.version = std::to_string(++fn.last_version);
  if (description) v.description = *description;
  v.revision_id = random_.Uuid();
  v.last_modified = Now();
  fn.published_revision = latest.revision_id;
  SFN_RETURN_IF_ERROR(store_.SaveFunction(fn, {v}));
  return v;
}

Result<FunctionVersion> LambdaService::PublishVersion(
    const std::string& ref, const std::optional<std::string>& code_sha256,
    const std::optional<std::string>& description, const std::optional<std::string>& revision_id) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  SFN_ASSIGN_OR_RETURN(FunctionVersion latest, LoadVersion(name, kLatest));
  if (revision_id && *revision_id != latest.revision_id) return PreconditionFailed();
  if (code_sha256 && *code_sha256 != latest.code_sha256) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "CodeSHA256 (" + *code_sha256 +
                      ") is different from current CodeSHA256 in $LATEST (" +
                      latest.code_sha256 + "). Please try again with the correct CodeSHA256.");
  }
  return Publish(fn, latest, description);
}

Result<std::vector<FunctionVersion>> LambdaService::ListVersions(const std::string& ref) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  return store_.ListVersions(name);
}

// --- aliases ---------------------------------------------------------------

Status LambdaService::CheckAliasTargets(const std::string& name, const AliasRecord& alias) {
  if (alias.function_version != kLatest && !IsVersionNumber(alias.function_version)) {
    return Status(ErrorCode::kValidationException,
                  "1 validation error detected: Value '" + alias.function_version +
                      "' at 'functionVersion' failed to satisfy constraint: Member must satisfy "
                      "regular expression pattern: (\\$LATEST|[0-9]+)");
  }
  SFN_RETURN_IF_ERROR(LoadVersion(name, alias.function_version).status());
  SFN_RETURN_IF_ERROR(ValidateRouting(alias));
  for (const auto& [version, _] : alias.additional_weights) {
    SFN_RETURN_IF_ERROR(LoadVersion(name, version).status());
  }
  return Status::Ok();
}

Result<AliasRecord> LambdaService::CreateAlias(const std::string& ref, const AliasInput& in) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(CheckName(NameKind::kLambdaAlias, in.name));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> existing, store_.FindAlias(name, in.name));
  if (existing) {
    return Status(ErrorCode::kResourceConflictException,
                  "Alias already exists: " + QualifiedArn(region_, account_, name, in.name));
  }
  AliasRecord a;
  a.function_name = name;
  a.name = in.name;
  a.function_version = in.function_version.value_or(kLatest);
  a.description = in.description.value_or("");
  if (in.weights) a.additional_weights = *in.weights;
  a.revision_id = random_.Uuid();
  SFN_RETURN_IF_ERROR(CheckAliasTargets(name, a));
  SFN_RETURN_IF_ERROR(store_.SaveAlias(a));
  return a;
}

Result<AliasRecord> LambdaService::UpdateAlias(const std::string& ref, const AliasInput& in) {
  SFN_ASSIGN_OR_RETURN(AliasRecord a, GetAlias(ref, in.name));
  if (in.revision_id && *in.revision_id != a.revision_id) return PreconditionFailed();
  if (in.function_version) a.function_version = *in.function_version;
  if (in.description) a.description = *in.description;
  if (in.weights) a.additional_weights = *in.weights;
  a.revision_id = random_.Uuid();
  SFN_RETURN_IF_ERROR(CheckAliasTargets(a.function_name, a));
  SFN_RETURN_IF_ERROR(store_.SaveAlias(a));
  return a;
}

Result<AliasRecord> LambdaService::GetAlias(const std::string& ref, const std::string& name) {
  SFN_ASSIGN_OR_RETURN(std::string fn, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(fn).status());
  SFN_ASSIGN_OR_RETURN(std::optional<AliasRecord> a, store_.FindAlias(fn, name));
  if (!a) {
    return Status(ErrorCode::kResourceNotFoundException,
                  "Cannot find alias arn: " + QualifiedArn(region_, account_, fn, name));
  }
  return *a;
}

Result<std::vector<AliasRecord>> LambdaService::ListAliases(
    const std::string& ref, const std::optional<std::string>& version) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> all, store_.ListAliases(name));
  if (!version) return all;
  std::vector<AliasRecord> out;
  for (AliasRecord& a : all) {
    if (a.function_version == *version || a.additional_weights.count(*version)) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

Status LambdaService::DeleteAlias(const std::string& ref, const std::string& name) {
  SFN_ASSIGN_OR_RETURN(std::string fn, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(fn).status());
  // Lambda answers 204 whether or not the alias existed.
  return store_.DeleteAlias(fn, name);
}

// --- concurrency -----------------------------------------------------------

Result<int> LambdaService::PutFunctionConcurrency(const std::string& ref, int reserved) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  // An account's default concurrency is 1,000, of which 100 stay unreserved
  // (Lambda API reference, PutFunctionConcurrency).
  if (reserved > 900) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Specified ReservedConcurrentExecutions for function decreases account's "
                  "UnreservedConcurrentExecution below its minimum value of [100].");
  }
  SFN_RETURN_IF_ERROR(store_.SetReservedConcurrency(name, reserved));
  return reserved;
}

Result<std::optional<int>> LambdaService::GetFunctionConcurrency(const std::string& ref) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  return store_.FindReservedConcurrency(name);
}

Status LambdaService::DeleteFunctionConcurrency(const std::string& ref) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(ref));
  SFN_RETURN_IF_ERROR(LoadFunction(name).status());
  return store_.SetReservedConcurrency(name, std::nullopt);
}

// --- tags ------------------------------------------------------------------

Result<std::map<std::string, std::string>> LambdaService::ListTags(const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(arn));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  return fn.tags;
}

Status LambdaService::TagResource(const std::string& arn,
                                  const std::map<std::string, std::string>& tags) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(arn));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  for (const auto& [k, v] : tags) fn.tags[k] = v;
  return store_.SaveFunction(fn, {});
}

Status LambdaService::UntagResource(const std::string& arn, const std::vector<std::string>& keys) {
  SFN_ASSIGN_OR_RETURN(std::string name, NameOf(arn));
  SFN_ASSIGN_OR_RETURN(FunctionRecord fn, LoadFunction(name));
  for (const std::string& k : keys) fn.tags.erase(k);
  return store_.SaveFunction(fn, {});
}

}  // namespace sfn::lambda
