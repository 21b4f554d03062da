#include "api/lambda_operations.h"

#include <climits>
#include <string_view>
#include <vector>

#include "api/error_table.h"
#include "api/request_reader.h"
#include "api/rest_request.h"
#include "emulator/control/paging.h"
#include "emulator/core/base64.h"
#include "emulator/core/names.h"
#include "emulator/lambda/function_ref.h"
#include "emulator/lambda/settings.h"

namespace sfn::api {
namespace {

using lambda::AliasRecord;
using lambda::FunctionVersion;
using StringMap = std::map<std::string, std::string>;
using WeightMap = std::map<std::string, double>;

constexpr char kFunctionsPrefix[] = "/2015-03-31/functions";
constexpr char kTagsPrefix[] = "/2017-03-31/tags/";
// Concurrency's operations live under later API versions.
constexpr std::string_view kConcurrencyPrefixes[] = {"/2017-10-31/functions/",
                                                     "/2019-09-30/functions/"};

// Members outside the body that Lambda takes from headers (botocore's lambda
// model, "location": "header"), by member name.
constexpr std::pair<const char*, const char*> kHeaderMembers[] = {
    {"InvocationType", "x-amz-invocation-type"},
    {"LogType", "x-amz-log-type"},
};

HttpResponse JsonOut(int status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = DumpJson(body);
  return r;
}

HttpResponse Empty(int status) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  return r;
}

Status Invalid(const std::string& what) {
  return Status(ErrorCode::kInvalidParameterValueException, what);
}

// --- response shapes ---------------------------------------------------------

// FunctionConfiguration. A published version's ARN is qualified; $LATEST's
// is not, except where Lambda lists versions (`qualify_latest`).
Json ConfigurationJson(const FunctionVersion& v, const std::string& region,
                       const std::string& account, bool qualify_latest = false) {
  std::string arn = v.version == lambda::kLatest && !qualify_latest
                        ? lambda::FunctionArn(region, account, v.function_name)
                        : lambda::QualifiedArn(region, account, v.function_name, v.version);
  Json j = {{"FunctionName", v.function_name},
            {"FunctionArn", arn},
            {"Runtime", v.runtime},
            {"Role", v.role},
            {"Handler", v.handler},
            {"CodeSize", v.code_size},
            {"Description", v.description},
            {"Timeout", v.timeout},
            {"MemorySize", v.memory_size},
            {"LastModified", v.last_modified},
            {"CodeSha256", v.code_sha256},
            {"Version", v.version}};
  if (v.environment.is_object() && !v.environment.empty()) {
    j["Environment"] = {{"Variables", v.environment}};
  }
  j["RevisionId"] = v.revision_id;
  j["State"] = "Active";
  j["LastUpdateStatus"] = "Successful";
  j["PackageType"] = "Zip";
  lambda::WriteSettings(v, region, j);
  return j;
}

// AliasConfiguration.
Json AliasJson(const AliasRecord& a, const std::string& region, const std::string& account) {
  Json j = {{"AliasArn", lambda::QualifiedArn(region, account, a.function_name, a.name)},
            {"Name", a.name},
            {"FunctionVersion", a.function_version},
            {"Description", a.description}};
  if (!a.additional_weights.empty()) {
    Json w = Json::object();
    for (const auto& [k, v] : a.additional_weights) w[k] = v;
    j["RoutingConfig"] = {{"AdditionalVersionWeights", w}};
  }
  j["RevisionId"] = a.revision_id;
  return j;
}

Json TagsJson(const std::map<std::string, std::string>& tags) {
  Json j = Json::object();
  for (const auto& [k, v] : tags) j[k] = v;
  return j;
}

// A List* answer: NextMarker (when another page follows), then the items.
template <typename T, typename ToJson>
Json ListJson(const control::Page<T>& page, const char* key, ToJson to_json) {
  Json out = Json::object();
  if (page.next_token) out["NextMarker"] = *page.next_token;
  Json list = Json::array();
  for (const T& item : page.items) list.push_back(to_json(item));
  out[key] = std::move(list);
  return out;
}

// --- one call ----------------------------------------------------------------

// A request on its way through its operation. `body` reads the JSON body,
// `params` the path labels, query parameters and header members; both report
// into body.Finish().
struct LambdaCall {
  lambda::LambdaService& service;
  const HttpRequest& request;
  const std::string& region;
  const std::string& account;
  RequestReader& body;
  RequestReader& params;
  ResponseCallback done;

  std::string Label(const char* name) { return params.RequiredString(name, 1, SIZE_MAX); }
  // The Marker/MaxItems page request of a List operation over `scope`.
  control::PageQuery PageRequest(std::string scope) {
    return control::PageQuery{std::move(scope), params.OptInt("MaxItems", 1, 10000),
                              params.OptString("Marker", 0, SIZE_MAX)};
  }
  Json Configuration(const FunctionVersion& v, bool qualify_latest = false) const {
    return ConfigurationJson(v, region, account, qualify_latest);
  }
};

using Handler = void (*)(LambdaCall&);
using SyncHandler = Result<HttpResponse> (*)(LambdaCall&);

// An operation answered on the engine thread, before its handler returns.
template <SyncHandler F>
void Answer(LambdaCall& c) {
  Result<HttpResponse> r = F(c);
  c.done(r.ok() ? std::move(r).value() : LambdaErrorResponse(r.status()));
}

#define SFN_CHECK(call) SFN_RETURN_IF_ERROR((call).body.Finish())

// --- request members ---------------------------------------------------------

// Environment.Variables; nullopt when Environment is absent (an Environment
// without Variables clears them).
std::optional<Json> EnvironmentOf(RequestReader& body) {
  if (!body.Has("Environment")) return std::nullopt;
  RequestReader env = body.Struct("Environment");
  Json vars = Json::object();
  for (const auto& [k, v] : env.OptStringMap("Variables").value_or(StringMap())) vars[k] = v;
  return vars;
}

// The decoded zip of a FunctionCode (CreateFunction's Code) or of an
// UpdateFunctionCode body; answers the request's problems first.
Result<std::string> ZipOf(RequestReader& code) {
  std::optional<std::string> zip = code.OptString("ZipFile", 0, SIZE_MAX);
  SFN_RETURN_IF_ERROR(code.Finish());
  if (!zip) {
    if (code.Has("S3Bucket") || code.Has("ImageUri")) {
      return Invalid("This emulator accepts code as ZipFile only (no S3 or container images).");
    }
    return Invalid("Please provide a source for function code (ZipFile).");
  }
  std::optional<std::string> bytes = Base64Decode(*zip, Base64Mode::kLenient);
  if (!bytes) {
    return Invalid(
        "Could not unzip uploaded file. Please check your file, then try to "
        "upload again.");
  }
  return *bytes;
}

// The configuration members lambda/settings.h keeps, type- and range-checked
// as the model constrains them; an object of those given. Architectures is
// CreateFunction's (UpdateFunctionConfiguration's model has no such member).
Json SettingsOf(RequestReader& body, bool with_architectures) {
  Json out = Json::object();
  auto keep = [&](const char* member) {
    if (std::optional<Json> v = body.OptObject(member)) out[member] = *v;
  };
  if (with_architectures && body.Has("Architectures")) {
    std::vector<std::string> arch = body.StringList("Architectures", false);
    body.ListLength("Architectures", arch.size(), 1, 1);
    for (const std::string& a : arch) body.EnumMember("Architectures", a, {"x86_64", "arm64"});
    out["Architectures"] = arch;
  }
  if (body.Has("EphemeralStorage")) {
    body.Struct("EphemeralStorage").Require("Size");
    body.Struct("EphemeralStorage").OptInt("Size", 512, 10240);
    keep("EphemeralStorage");
  }
  if (body.Has("TracingConfig")) {
    body.Struct("TracingConfig").OptEnum("Mode", {"Active", "PassThrough"});
    keep("TracingConfig");
  }
  if (body.Has("LoggingConfig")) {
    RequestReader logging = body.Struct("LoggingConfig");
    logging.OptEnum("LogFormat", {"JSON", "Text"});
    logging.OptEnum("ApplicationLogLevel", {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"});
    logging.OptEnum("SystemLogLevel", {"DEBUG", "INFO", "WARN"});
    logging.OptString("LogGroup", 1, 512);
    keep("LoggingConfig");
  }
  if (body.Has("SnapStart")) {
    body.Struct("SnapStart").OptEnum("ApplyOn", {"PublishedVersions", "None"});
    keep("SnapStart");
  }
  if (body.Has("DeadLetterConfig")) {
    body.Struct("DeadLetterConfig").OptString("TargetArn", 0, SIZE_MAX);
    keep("DeadLetterConfig");
  }
  if (std::optional<std::string> key = body.OptString("KMSKeyArn", 0, SIZE_MAX)) {
    out["KMSKeyArn"] = *key;
  }
  if (body.Has("VpcConfig")) {
    RequestReader vpc = body.Struct("VpcConfig");
    vpc.StringList("SubnetIds", false);
    vpc.StringList("SecurityGroupIds", false);
    vpc.OptBool("Ipv6AllowedForDualStack");
    keep("VpcConfig");
  }
  if (body.Has("Layers")) out["Layers"] = body.StringList("Layers", false);
  if (body.Has("FileSystemConfigs")) {
    if (const Json* fs = body.Raw("FileSystemConfigs")) out["FileSystemConfigs"] = *fs;
  }
  return out;
}

// Role: the model's RoleArn pattern (AWS answers a malformed role with this
// ValidationException).
void CheckRole(RequestReader& body, const std::optional<std::string>& role) {
  if (role) body.Pattern("Role", lambda::IsRoleArn(*role), lambda::kRoleArnPattern);
}

// CreateAlias / UpdateAlias members; `name` is the label of UpdateAlias.
lambda::AliasInput AliasInputOf(LambdaCall& c, std::optional<std::string> name) {
  lambda::AliasInput in;
  if (name) {
    in.name = *name;
    in.function_version = c.body.OptString("FunctionVersion", 0, SIZE_MAX);
  } else {
    in.name = c.body.RequiredName("Name", NameKind::kLambdaAlias);
    in.function_version = c.body.RequiredString("FunctionVersion", 1, 1024);
  }
  in.description = c.body.OptString("Description", 0, 256);
  if (c.body.Has("RoutingConfig")) {
    RequestReader routing = c.body.Struct("RoutingConfig");
    in.weights = routing.OptNumberMap("AdditionalVersionWeights").value_or(WeightMap());
  }
  in.revision_id = c.body.OptString("RevisionId", 0, SIZE_MAX);
  return in;
}

// --- functions ---------------------------------------------------------------

// CreateFunction and UpdateFunctionCode: the zip is unpacked on a worker
// thread; the answer comes back on the engine thread.
void CreateFunction(LambdaCall& c) {
  lambda::CreateFunctionInput in;
  in.function_name = c.body.RequiredString("FunctionName", 0, SIZE_MAX);
  in.runtime = c.body.OptString("Runtime", 0, SIZE_MAX).value_or("");
  in.handler = c.body.OptString("Handler", 0, SIZE_MAX).value_or("");
  in.role = c.body.RequiredString("Role", 0, SIZE_MAX);
  if (c.body.Has("Role")) CheckRole(c.body, in.role);
  in.description = c.body.OptString("Description", 0, 256).value_or("");
  in.timeout = c.body.OptInt("Timeout", INT_MIN, INT_MAX);
  in.memory_size = c.body.OptInt("MemorySize", INT_MIN, INT_MAX);
  if (std::optional<Json> env = EnvironmentOf(c.body)) in.environment = *env;
  in.publish = c.body.OptBool("Publish").value_or(false);
  in.tags = c.body.OptStringMap("Tags").value_or(StringMap());
  in.settings = SettingsOf(c.body, true);
  c.body.Require("Code");
  RequestReader code = c.body.Struct("Code");
  Result<std::string> zip = ZipOf(code);
  if (!zip.ok()) return c.done(LambdaErrorResponse(zip.status()));
  in.zip = std::move(zip).value();
  in.has_zip = true;
  c.service.CreateFunctionAsync(std::move(in), [done = c.done, region = c.region,
                                                account = c.account](Result<FunctionVersion> v) {
    done(v.ok() ? JsonOut(201, ConfigurationJson(*v, region, account))
                : LambdaErrorResponse(v.status()));
  });
}

void UpdateFunctionCode(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  bool publish = c.body.OptBool("Publish").value_or(false);
  std::optional<std::string> revision_id = c.body.OptString("RevisionId", 0, SIZE_MAX);
  Result<std::string> zip = ZipOf(c.body);
  if (!zip.ok()) return c.done(LambdaErrorResponse(zip.status()));
  c.service.UpdateFunctionCodeAsync(
      fn, std::move(zip).value(), publish, revision_id,
      [done = c.done, region = c.region, account = c.account](Result<FunctionVersion> v) {
        done(v.ok() ? JsonOut(200, ConfigurationJson(*v, region, account))
                    : LambdaErrorResponse(v.status()));
      });
}

Result<HttpResponse> ListFunctions(LambdaCall& c) {
  bool all = c.params.OptEnum("FunctionVersion", {"ALL"}).has_value();
  control::PageQuery page = c.PageRequest(all ? "ListFunctions:ALL" : "ListFunctions");
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> functions, c.service.ListFunctions());
  if (all) {
    // ListFunctions FunctionVersion=ALL: every published version too.
    std::vector<FunctionVersion> every;
    for (const FunctionVersion& latest : functions) {
      SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> versions,
                           c.service.ListVersions(latest.function_name));
      for (FunctionVersion& v : versions) every.push_back(std::move(v));
    }
    functions = std::move(every);
  }
  SFN_ASSIGN_OR_RETURN(control::Page<FunctionVersion> listed,
                       control::PageOf(std::move(functions), page, control::kLambdaPaging));
  return JsonOut(200, ListJson(listed, "Functions",
                               [&](const FunctionVersion& v) { return c.Configuration(v, all); }));
}

Result<HttpResponse> GetFunction(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::optional<std::string> qualifier = c.params.OptString("Qualifier", 0, SIZE_MAX);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.GetFunction(fn, qualifier));
  SFN_ASSIGN_OR_RETURN(auto tags, c.service.ListTags(v.function_name));
  Json out = {{"Configuration", c.Configuration(v)},
              {"Code", {{"RepositoryType", "S3"}, {"Location", "file://" + v.code_dir}}},
              {"Tags", TagsJson(tags)}};
  SFN_ASSIGN_OR_RETURN(std::optional<int> reserved,
                       c.service.GetFunctionConcurrency(v.function_name));
  if (reserved) out["Concurrency"] = {{"ReservedConcurrentExecutions", *reserved}};
  return JsonOut(200, out);
}

Result<HttpResponse> DeleteFunction(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::optional<std::string> qualifier = c.params.OptString("Qualifier", 0, SIZE_MAX);
  SFN_CHECK(c);
  SFN_RETURN_IF_ERROR(c.service.DeleteFunction(fn, qualifier));
  return Empty(204);
}

Result<HttpResponse> GetFunctionConfiguration(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::optional<std::string> qualifier = c.params.OptString("Qualifier", 0, SIZE_MAX);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.GetFunction(fn, qualifier));
  return JsonOut(200, c.Configuration(v));
}

Result<HttpResponse> UpdateFunctionConfiguration(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  lambda::UpdateConfigurationInput in;
  in.runtime = c.body.OptString("Runtime", 0, SIZE_MAX);
  in.handler = c.body.OptString("Handler", 0, SIZE_MAX);
  in.role = c.body.OptString("Role", 0, SIZE_MAX);
  CheckRole(c.body, in.role);
  in.description = c.body.OptString("Description", 0, 256);
  in.timeout = c.body.OptInt("Timeout", INT_MIN, INT_MAX);
  in.memory_size = c.body.OptInt("MemorySize", INT_MIN, INT_MAX);
  in.environment = EnvironmentOf(c.body);
  in.revision_id = c.body.OptString("RevisionId", 0, SIZE_MAX);
  in.settings = SettingsOf(c.body, false);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.UpdateFunctionConfiguration(fn, in));
  return JsonOut(200, c.Configuration(v));
}

// --- versions ----------------------------------------------------------------

Result<HttpResponse> PublishVersion(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::optional<std::string> sha = c.body.OptString("CodeSha256", 0, SIZE_MAX);
  std::optional<std::string> description = c.body.OptString("Description", 0, 256);
  std::optional<std::string> revision_id = c.body.OptString("RevisionId", 0, SIZE_MAX);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(FunctionVersion v,
                       c.service.PublishVersion(fn, sha, description, revision_id));
  return JsonOut(201, c.Configuration(v));
}

Result<HttpResponse> ListVersionsByFunction(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  control::PageQuery page = c.PageRequest("ListVersionsByFunction:" + fn);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> versions, c.service.ListVersions(fn));
  SFN_ASSIGN_OR_RETURN(control::Page<FunctionVersion> listed,
                       control::PageOf(std::move(versions), page, control::kLambdaPaging));
  return JsonOut(200, ListJson(listed, "Versions",
                               [&](const FunctionVersion& v) { return c.Configuration(v, true); }));
}

// --- aliases -----------------------------------------------------------------

Result<HttpResponse> CreateAlias(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  lambda::AliasInput in = AliasInputOf(c, std::nullopt);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.CreateAlias(fn, in));
  return JsonOut(201, AliasJson(a, c.region, c.account));
}

Result<HttpResponse> ListAliases(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::optional<std::string> version = c.params.OptString("FunctionVersion", 0, SIZE_MAX);
  control::PageQuery page = c.PageRequest("ListAliases:" + fn + ":" + version.value_or(""));
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> aliases, c.service.ListAliases(fn, version));
  SFN_ASSIGN_OR_RETURN(control::Page<AliasRecord> listed,
                       control::PageOf(std::move(aliases), page, control::kLambdaPaging));
  return JsonOut(200, ListJson(listed, "Aliases", [&](const AliasRecord& a) {
                   return AliasJson(a, c.region, c.account);
                 }));
}

Result<HttpResponse> GetAlias(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::string name = c.Label("Name");
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.GetAlias(fn, name));
  return JsonOut(200, AliasJson(a, c.region, c.account));
}

Result<HttpResponse> UpdateAlias(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  lambda::AliasInput in = AliasInputOf(c, c.Label("Name"));
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.UpdateAlias(fn, in));
  return JsonOut(200, AliasJson(a, c.region, c.account));
}

Result<HttpResponse> DeleteAlias(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  std::string name = c.Label("Name");
  SFN_CHECK(c);
  SFN_RETURN_IF_ERROR(c.service.DeleteAlias(fn, name));
  return Empty(204);
}

// --- concurrency -------------------------------------------------------------

Result<HttpResponse> PutFunctionConcurrency(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  c.body.Require("ReservedConcurrentExecutions");
  std::optional<int> reserved = c.body.OptInt("ReservedConcurrentExecutions", 0, INT_MAX);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(int set, c.service.PutFunctionConcurrency(fn, reserved.value_or(0)));
  return JsonOut(200, {{"ReservedConcurrentExecutions", set}});
}

Result<HttpResponse> GetFunctionConcurrency(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(std::optional<int> reserved, c.service.GetFunctionConcurrency(fn));
  Json out = Json::object();
  if (reserved) out["ReservedConcurrentExecutions"] = *reserved;
  return JsonOut(200, out);
}

Result<HttpResponse> DeleteFunctionConcurrency(LambdaCall& c) {
  std::string fn = c.Label("FunctionName");
  SFN_CHECK(c);
  SFN_RETURN_IF_ERROR(c.service.DeleteFunctionConcurrency(fn));
  return Empty(204);
}

// --- tags --------------------------------------------------------------------

// The model's TaggableResource: a function ARN (of any aws* partition; the
// code signing configurations, event source mappings and capacity providers
// it also names do not exist here).
constexpr std::string_view kTaggableResourcePattern =
    "arn:(aws[a-zA-Z-]*):lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:\\d{12}:(function:"
    "[a-zA-Z0-9-_]+(:(\\$LATEST|[a-zA-Z0-9-_]+))?|code-signing-config:csc-[a-z0-9]{17}|event-source-"
    "mapping:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|capacity-"
    "provider:[a-zA-Z0-9-_]+)";

std::string TaggableResource(LambdaCall& c) {
  std::string arn = c.Label("Resource");
  Result<lambda::FunctionRef> ref = lambda::ParseFunctionRef(arn);
  c.params.Pattern("Resource", ref.ok() && ref->region.has_value(), kTaggableResourcePattern);
  return arn;
}

Result<HttpResponse> ListTags(LambdaCall& c) {
  std::string arn = TaggableResource(c);
  SFN_CHECK(c);
  SFN_ASSIGN_OR_RETURN(auto tags, c.service.ListTags(arn));
  return JsonOut(200, {{"Tags", TagsJson(tags)}});
}

Result<HttpResponse> TagResource(LambdaCall& c) {
  std::string arn = TaggableResource(c);
  c.body.Require("Tags");
  StringMap tags = c.body.OptStringMap("Tags").value_or(StringMap());
  SFN_CHECK(c);
  SFN_RETURN_IF_ERROR(c.service.TagResource(arn, tags));
  return Empty(204);
}

Result<HttpResponse> UntagResource(LambdaCall& c) {
  std::string arn = TaggableResource(c);
  std::vector<std::string> keys = c.params.StringList("TagKeys", true);
  SFN_CHECK(c);
  SFN_RETURN_IF_ERROR(c.service.UntagResource(arn, keys));
  return Empty(204);
}

// --- invocation --------------------------------------------------------------

void Invoke(LambdaCall& c) {
  lambda::InvokeInput in;
  in.function_name = c.Label("FunctionName");
  in.qualifier = c.params.OptString("Qualifier", 0, SIZE_MAX);
  std::optional<std::string> type =
      c.params.OptEnum("InvocationType", {"Event", "RequestResponse", "DryRun"});
  std::optional<std::string> log_type = c.params.OptEnum("LogType", {"None", "Tail"});
  Status read = c.body.Finish();
  if (!read.ok()) return c.done(LambdaErrorResponse(read));
  if (type == "Event") in.type = lambda::InvocationType::kEvent;
  if (type == "DryRun") in.type = lambda::InvocationType::kDryRun;
  in.tail_log = log_type == "Tail";
  in.payload = c.request.body;
  in.region = c.region;
  c.service.InvokeFunction(std::move(in), [done = c.done](Result<lambda::InvokeResult> r) {
    if (!r.ok() && r.status().code() == ErrorCode::kTooManyRequestsException) {
      // Lambda's throttling answer names its reason (botocore's
      // TooManyRequestsException: Type, message, Reason, Retry-After).
      HttpResponse resp = LambdaErrorResponse(r.status());
      Json body = {{"Type", "User"},
                   {"message", r.status().message()},
                   {"Reason", "ReservedFunctionConcurrentInvocationLimitExceeded"}};
      resp.body = DumpJson(body);
      resp.headers.emplace_back("Retry-After", "1");
      done(std::move(resp));
      return;
    }
    if (!r.ok()) {
      done(LambdaErrorResponse(r.status()));
      return;
    }
    if (r->service_error) {
      ErrorCode code = *r->service_error == "ResourceNotFoundException"
                           ? ErrorCode::kResourceNotFoundException
                           : ErrorCode::kServiceException;
      done(LambdaErrorResponse(Status(code, r->service_message)));
      return;
    }
    HttpResponse resp;
    resp.status = r->status_code;
    resp.headers = {{"Content-Type", "application/json"},
                    {"X-Amz-Executed-Version", r->executed_version}};
    if (r->function_error) resp.headers.emplace_back("X-Amz-Function-Error", *r->function_error);
    if (r->log_result) resp.headers.emplace_back("X-Amz-Log-Result", *r->log_result);
    resp.body = std::move(r->payload);
    done(std::move(resp));
  });
}

// --- the route table ---------------------------------------------------------

struct LambdaRoute {
  std::string_view method;
  std::string_view pattern;    // the model's requestUri
  std::string_view operation;  // the model's operation name
  Handler handler;
  bool json_body = true;  // false: Invoke, whose body is the payload
};

#define SFN_FN "/2015-03-31/functions/{FunctionName}"

const std::vector<LambdaRoute>& Routes() {
  static const std::vector<LambdaRoute> kRoutes = {
      {"POST", "/2015-03-31/functions", "CreateFunction", CreateFunction},
      {"GET", "/2015-03-31/functions", "ListFunctions", Answer<ListFunctions>},
      {"GET", SFN_FN, "GetFunction", Answer<GetFunction>},
      {"DELETE", SFN_FN, "DeleteFunction", Answer<DeleteFunction>},
      {"GET", SFN_FN "/configuration", "GetFunctionConfiguration",
       Answer<GetFunctionConfiguration>},
      {"PUT", SFN_FN "/configuration", "UpdateFunctionConfiguration",
       Answer<UpdateFunctionConfiguration>},
      {"PUT", SFN_FN "/code", "UpdateFunctionCode", UpdateFunctionCode},
      {"POST", SFN_FN "/versions", "PublishVersion", Answer<PublishVersion>},
      {"GET", SFN_FN "/versions", "ListVersionsByFunction", Answer<ListVersionsByFunction>},
      {"POST", SFN_FN "/aliases", "CreateAlias", Answer<CreateAlias>},
      {"GET", SFN_FN "/aliases", "ListAliases", Answer<ListAliases>},
      {"GET", SFN_FN "/aliases/{Name}", "GetAlias", Answer<GetAlias>},
      {"PUT", SFN_FN "/aliases/{Name}", "UpdateAlias", Answer<UpdateAlias>},
      {"DELETE", SFN_FN "/aliases/{Name}", "DeleteAlias", Answer<DeleteAlias>},
      {"POST", SFN_FN "/invocations", "Invoke", Invoke, false},
      {"GET", "/2017-03-31/tags/{Resource+}", "ListTags", Answer<ListTags>},
      {"POST", "/2017-03-31/tags/{Resource+}", "TagResource", Answer<TagResource>},
      {"DELETE", "/2017-03-31/tags/{Resource+}", "UntagResource", Answer<UntagResource>},
      {"PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency",
       Answer<PutFunctionConcurrency>},
      {"GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency",
       Answer<GetFunctionConcurrency>},
      {"DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency",
       Answer<DeleteFunctionConcurrency>},
  };
  return kRoutes;
}

#undef SFN_FN

struct Routed {
  const LambdaRoute* route;
  PathLabels labels;
  RestTarget target;
};

std::optional<Routed> Route(const std::string& method, const std::string& target) {
  std::optional<RestTarget> parsed = ParseRestTarget(target);
  if (!parsed) return std::nullopt;
  for (const LambdaRoute& route : Routes()) {
    if (route.method != method) continue;
    if (std::optional<PathLabels> labels = MatchPath(route.pattern, parsed->segments)) {
      return Routed{&route, std::move(*labels), std::move(*parsed)};
    }
  }
  return std::nullopt;
}

// The members outside the body, by member name: path labels, query
// parameters (a list when repeated; tagKeys is the member TagKeys) and
// header members.
Json ParamsOf(const Routed& routed, const HttpRequest& request) {
  Json params = Json::object();
  for (const auto& [name, value] : routed.labels) params[name] = value;
  for (const auto& [key, value] : routed.target.query) {
    std::string name = key == "tagKeys" ? "TagKeys" : key;
    if (!params.contains(name)) {
      params[name] = value;
    } else {
      if (!params[name].is_array()) params[name] = Json::array({params[name]});
      params[name].push_back(value);
    }
  }
  for (const auto& [member, header] : kHeaderMembers) {
    if (const std::string* v = request.Header(header)) params[member] = *v;
  }
  return params;
}

}  // namespace

bool IsLambdaPath(const std::string& path) {
  for (std::string_view prefix : kConcurrencyPrefixes) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return path.rfind(kFunctionsPrefix, 0) == 0 || path.rfind(kTagsPrefix, 0) == 0;
}

std::optional<LambdaRouteMatch> MatchLambdaRoute(const std::string& method,
                                                 const std::string& target) {
  std::optional<Routed> routed = Route(method, target);
  if (!routed) return std::nullopt;
  return LambdaRouteMatch{std::string(routed->route->operation), std::move(routed->labels)};
}

void RunLambdaOperation(lambda::LambdaService& service, const HttpRequest& request,
                        const std::string& region, ResponseCallback done) {
  std::optional<Routed> routed = Route(request.method, request.target);
  if (!routed) {
    done(LambdaErrorResponse(
        Status(ErrorCode::kUnknownOperationException,
               "No Lambda operation " + request.method + " " + request.target)));
    return;
  }
  Json body_json = Json::object();
  if (routed->route->json_body && !request.body.empty()) {
    Result<Json> parsed = ParseJson(request.body);
    if (!parsed.ok() || !parsed->is_object()) {
      done(LambdaErrorResponse(Status(ErrorCode::kInvalidRequestContentException,
                                      "Could not parse request body into json")));
      return;
    }
    body_json = std::move(parsed).value();
  }
  Json params_json = ParamsOf(*routed, request);
  RequestReader body(body_json, Protocol::kRestJson);
  RequestReader params = body.Text(params_json);
  LambdaCall call{service, request, region, service.account(), body, params, std::move(done)};
  routed->route->handler(call);
}

}  // namespace sfn::api
