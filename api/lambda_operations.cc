#include "api/lambda_operations.h"

#include <vector>

#include "api/error_table.h"
#include "emulator/core/base64.h"
#include "emulator/lambda/encoding.h"
#include "emulator/lambda/function_ref.h"

namespace sfn::api {
namespace {

using lambda::AliasRecord;
using lambda::FunctionVersion;

constexpr char kFunctionsPrefix[] = "/2015-03-31/functions";
constexpr char kTagsPrefix[] = "/2017-03-31/tags/";

std::string UrlDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int v = 0;
      bool ok = true;
      for (size_t k = 1; k <= 2; ++k) {
        char c = s[i + k];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else ok = false;
      }
      if (ok) {
        out += static_cast<char>(v);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

struct Query {
  std::multimap<std::string, std::string> params;
  std::optional<std::string> Get(const std::string& k) const {
    auto it = params.find(k);
    if (it == params.end()) return std::nullopt;
    return it->second;
  }
};

Query ParseQuery(const std::string& target) {
  Query q;
  size_t pos = target.find('?');
  if (pos == std::string::npos) return q;
  std::string rest = target.substr(pos + 1);
  size_t start = 0;
  while (start <= rest.size()) {
    size_t amp = rest.find('&', start);
    std::string part = rest.substr(start, amp == std::string::npos ? std::string::npos
                                                                   : amp - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      q.params.emplace(UrlDecode(part.substr(0, eq)),
                       eq == std::string::npos ? "" : UrlDecode(part.substr(eq + 1)));
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return q;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < path.size()) {
    size_t slash = path.find('/', start);
    std::string seg = path.substr(start, slash == std::string::npos ? std::string::npos
                                                                    : slash - start);
    if (!seg.empty()) out.push_back(UrlDecode(seg));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

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

// --- response shapes ---------------------------------------------------------

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
  j["TracingConfig"] = {{"Mode", "PassThrough"}};
  j["RevisionId"] = v.revision_id;
  j["State"] = "Active";
  j["LastUpdateStatus"] = "Successful";
  j["PackageType"] = "Zip";
  j["Architectures"] = Json::array({"x86_64"});
  j["EphemeralStorage"] = {{"Size", 512}};
  j["SnapStart"] = {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  j["LoggingConfig"] = {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + v.function_name}};
  return j;
}

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

// --- request members ---------------------------------------------------------

Status Invalid(const std::string& what) {
  return Status(ErrorCode::kInvalidParameterValueException, what);
}

Result<std::optional<std::string>> OptString(const Json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::optional<std::string>();
  if (!body[key].is_string()) return Invalid(std::string(key) + " must be a string");
  return std::optional<std::string>(body[key].get<std::string>());
}

Result<std::optional<int>> OptInt(const Json& body, const char* key) {
  if (!body.contains(key) || body[key].is_null()) return std::optional<int>();
  if (!body[key].is_number_integer()) return Invalid(std::string(key) + " must be an integer");
  return std::optional<int>(body[key].get<int>());
}

bool OptBool(const Json& body, const char* key) {
  return body.contains(key) && body[key].is_boolean() && body[key].get<bool>();
}

Result<std::optional<Json>> EnvironmentOf(const Json& body) {
  if (!body.contains("Environment") || body["Environment"].is_null()) {
    return std::optional<Json>();
  }
  const Json& env = body["Environment"];
  Json vars = env.is_object() && env.contains("Variables") ? env["Variables"] : Json::object();
  if (!vars.is_object()) return Invalid("Environment.Variables must be a map");
  for (const auto& [k, v] : vars.items()) {
    if (!v.is_string()) return Invalid("Environment variable " + k + " must be a string");
  }
  return std::optional<Json>(vars);
}

Result<std::string> ZipOf(const Json& code_or_body) {
  if (!code_or_body.contains("ZipFile") || !code_or_body["ZipFile"].is_string()) {
    if (code_or_body.contains("S3Bucket") || code_or_body.contains("ImageUri")) {
      return Invalid("This emulator accepts code as ZipFile only (no S3 or container images).");
    }
    return Invalid("Please provide a source for function code (ZipFile).");
  }
  std::optional<std::string> zip =
      Base64Decode(code_or_body["ZipFile"].get<std::string>(), Base64Mode::kLenient);
  if (!zip) return Invalid("Could not unzip uploaded file. Please check your file, then try to "
                           "upload again.");
  return *zip;
}

Result<std::map<std::string, std::string>> TagsOf(const Json& body) {
  std::map<std::string, std::string> tags;
  if (!body.contains("Tags") || body["Tags"].is_null()) return tags;
  if (!body["Tags"].is_object()) return Invalid("Tags must be a map");
  for (const auto& [k, v] : body["Tags"].items()) {
    if (!v.is_string()) return Invalid("Tag " + k + " must be a string");
    tags[k] = v.get<std::string>();
  }
  return tags;
}

Result<std::optional<std::map<std::string, double>>> WeightsOf(const Json& body) {
  if (!body.contains("RoutingConfig") || body["RoutingConfig"].is_null()) {
    return std::optional<std::map<std::string, double>>();
  }
  std::map<std::string, double> out;
  const Json& rc = body["RoutingConfig"];
  if (rc.is_object() && rc.contains("AdditionalVersionWeights")) {
    const Json& w = rc["AdditionalVersionWeights"];
    if (!w.is_object()) return Invalid("AdditionalVersionWeights must be a map");
    for (const auto& [k, v] : w.items()) {
      if (!v.is_number()) return Invalid("AdditionalVersionWeights values must be numbers");
      out[k] = v.get<double>();
    }
  }
  return std::optional<std::map<std::string, double>>(out);
}

Result<lambda::AliasInput> AliasInputOf(const Json& body, std::optional<std::string> name) {
  lambda::AliasInput in;
  if (name) {
    in.name = *name;
  } else {
    SFN_ASSIGN_OR_RETURN(std::optional<std::string> n, OptString(body, "Name"));
    in.name = n.value_or("");
  }
  SFN_ASSIGN_OR_RETURN(in.function_version, OptString(body, "FunctionVersion"));
  SFN_ASSIGN_OR_RETURN(in.description, OptString(body, "Description"));
  SFN_ASSIGN_OR_RETURN(in.weights, WeightsOf(body));
  SFN_ASSIGN_OR_RETURN(in.revision_id, OptString(body, "RevisionId"));
  return in;
}

// Marker/MaxItems paging over an in-memory list (Marker is the offset).
template <typename T, typename ToJson>
Json Page(const std::vector<T>& items, const Query& q, const char* key, ToJson to_json) {
  size_t start = 0, limit = 50;
  if (auto m = q.Get("Marker")) start = static_cast<size_t>(std::strtoull(m->c_str(), nullptr, 10));
  if (auto m = q.Get("MaxItems")) {
    long v = std::strtol(m->c_str(), nullptr, 10);
    if (v > 0) limit = static_cast<size_t>(std::min(v, 10000L));
  }
  Json out = Json::object();
  Json list = Json::array();
  for (size_t i = start; i < items.size() && i < start + limit; ++i) list.push_back(to_json(items[i]));
  if (start + limit < items.size()) out["NextMarker"] = std::to_string(start + limit);
  out[key] = list;
  return out;
}

// --- dispatch ------------------------------------------------------------------

struct Call {
  lambda::LambdaService& service;
  const HttpRequest& request;
  const std::string& region;
  const std::string& account;
  Query query;
  Json body = Json::object();
};

void Invoke(lambda::LambdaService& service, const HttpRequest& request, const std::string& region,
            const std::string& function, const Query& query, ResponseCallback done) {
  lambda::InvokeInput in;
  in.function_name = function;
  in.qualifier = query.Get("Qualifier");
  in.payload = request.body;
  in.region = region;
  const std::string* type = request.Header("x-amz-invocation-type");
  if (type && *type == "Event") {
    in.type = lambda::InvocationType::kEvent;
  } else if (type && *type == "DryRun") {
    in.type = lambda::InvocationType::kDryRun;
  } else if (type && *type != "RequestResponse") {
    done(LambdaErrorResponse(Status(
        ErrorCode::kValidationException,
        "1 validation error detected: Value '" + *type +
            "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value "
            "set: [Event, RequestResponse, DryRun]")));
    return;
  }
  const std::string* log_type = request.Header("x-amz-log-type");
  in.tail_log = log_type && *log_type == "Tail";
  service.InvokeFunction(std::move(in), [done](Result<engine::InvocationResult> r) {
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

Result<lambda::CreateFunctionInput> CreateInputOf(const Json& body) {
  lambda::CreateFunctionInput in;
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> name, OptString(body, "FunctionName"));
  in.function_name = name.value_or("");
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> runtime, OptString(body, "Runtime"));
  in.runtime = runtime.value_or("");
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> handler, OptString(body, "Handler"));
  in.handler = handler.value_or("");
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> role, OptString(body, "Role"));
  in.role = role.value_or("");
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> desc, OptString(body, "Description"));
  in.description = desc.value_or("");
  SFN_ASSIGN_OR_RETURN(in.timeout, OptInt(body, "Timeout"));
  SFN_ASSIGN_OR_RETURN(in.memory_size, OptInt(body, "MemorySize"));
  SFN_ASSIGN_OR_RETURN(std::optional<Json> env, EnvironmentOf(body));
  if (env) in.environment = *env;
  in.publish = OptBool(body, "Publish");
  SFN_ASSIGN_OR_RETURN(in.tags, TagsOf(body));
  if (body.contains("Code") && body["Code"].is_object()) {
    SFN_ASSIGN_OR_RETURN(in.zip, ZipOf(body["Code"]));
    in.has_zip = true;
  }
  return in;
}

// CreateFunction and UpdateFunctionCode: the zip is unpacked on a worker
// thread; the answer comes back on the engine thread.
void UploadCode(Call& c, const std::vector<std::string>& seg, ResponseCallback done) {
  std::string region = c.region, account = c.account;
  auto answer = [done, region, account](int status) {
    return [done, region, account, status](Result<FunctionVersion> v) {
      done(v.ok() ? JsonOut(status, ConfigurationJson(*v, region, account))
                  : LambdaErrorResponse(v.status()));
    };
  };
  if (seg.size() == 2) {
    Result<lambda::CreateFunctionInput> in = CreateInputOf(c.body);
    if (!in.ok()) return done(LambdaErrorResponse(in.status()));
    c.service.CreateFunctionAsync(std::move(in).value(), answer(201));
    return;
  }
  Result<std::string> zip = ZipOf(c.body);
  if (!zip.ok()) return done(LambdaErrorResponse(zip.status()));
  Result<std::optional<std::string>> rev = OptString(c.body, "RevisionId");
  if (!rev.ok()) return done(LambdaErrorResponse(rev.status()));
  c.service.UpdateFunctionCodeAsync(seg[2], std::move(zip).value(), OptBool(c.body, "Publish"),
                                    *rev, answer(200));
}

Result<HttpResponse> Functions(Call& c, const std::vector<std::string>& seg) {
  const std::string& m = c.request.method;
  const std::string& region = c.region;
  const std::string& account = c.account;
  auto config = [&](const FunctionVersion& v) { return ConfigurationJson(v, region, account); };
  if (seg.size() == 2) {  // /2015-03-31/functions
    if (m == "GET") {
      SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> all, c.service.ListFunctions());
      if (c.query.Get("FunctionVersion") == std::optional<std::string>("ALL")) {
        // ListFunctions FunctionVersion=ALL: every published version too.
        std::vector<FunctionVersion> every;
        for (const FunctionVersion& latest : all) {
          SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> vs,
                               c.service.ListVersions(latest.function_name));
          for (FunctionVersion& v : vs) every.push_back(std::move(v));
        }
        return JsonOut(200, Page(every, c.query, "Functions", [&](const FunctionVersion& v) {
                         return ConfigurationJson(v, region, account, true);
                       }));
      }
      return JsonOut(200, Page(all, c.query, "Functions", config));
    }
    return Status(ErrorCode::kUnknownOperationException, "No Lambda operation " + m + " " +
                                                              c.request.target);
  }
  const std::string& fn = seg[2];
  std::optional<std::string> qualifier = c.query.Get("Qualifier");
  if (seg.size() == 3) {
    if (m == "GET") {  // GetFunction
      SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.GetFunction(fn, qualifier));
      SFN_ASSIGN_OR_RETURN(auto tags, c.service.ListTags(v.function_name));
      Json out = {{"Configuration", config(v)},
                  {"Code", {{"RepositoryType", "S3"}, {"Location", "file://" + v.code_dir}}},
                  {"Tags", TagsJson(tags)}};
      return JsonOut(200, out);
    }
    if (m == "DELETE") {
      SFN_RETURN_IF_ERROR(c.service.DeleteFunction(fn, qualifier));
      return Empty(204);
    }
  } else if (seg.size() == 4) {
    const std::string& what = seg[3];
    if (what == "configuration" && m == "GET") {
      SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.GetFunction(fn, qualifier));
      return JsonOut(200, config(v));
    }
    if (what == "configuration" && m == "PUT") {
      lambda::UpdateConfigurationInput in;
      SFN_ASSIGN_OR_RETURN(in.runtime, OptString(c.body, "Runtime"));
      SFN_ASSIGN_OR_RETURN(in.handler, OptString(c.body, "Handler"));
      SFN_ASSIGN_OR_RETURN(in.role, OptString(c.body, "Role"));
      SFN_ASSIGN_OR_RETURN(in.description, OptString(c.body, "Description"));
      SFN_ASSIGN_OR_RETURN(in.timeout, OptInt(c.body, "Timeout"));
      SFN_ASSIGN_OR_RETURN(in.memory_size, OptInt(c.body, "MemorySize"));
      SFN_ASSIGN_OR_RETURN(in.environment, EnvironmentOf(c.body));
      SFN_ASSIGN_OR_RETURN(in.revision_id, OptString(c.body, "RevisionId"));
      SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.UpdateFunctionConfiguration(fn, in));
      return JsonOut(200, config(v));
    }
    if (what == "versions" && m == "POST") {
      SFN_ASSIGN_OR_RETURN(std::optional<std::string> sha, OptString(c.body, "CodeSha256"));
      SFN_ASSIGN_OR_RETURN(std::optional<std::string> desc, OptString(c.body, "Description"));
      SFN_ASSIGN_OR_RETURN(std::optional<std::string> rev, OptString(c.body, "RevisionId"));
      SFN_ASSIGN_OR_RETURN(FunctionVersion v, c.service.PublishVersion(fn, sha, desc, rev));
      return JsonOut(201, config(v));
    }
    if (what == "versions" && m == "GET") {
      SFN_ASSIGN_OR_RETURN(std::vector<FunctionVersion> all, c.service.ListVersions(fn));
      return JsonOut(200, Page(all, c.query, "Versions", [&](const FunctionVersion& v) {
                       return ConfigurationJson(v, region, account, true);
                     }));
    }
    if (what == "aliases" && m == "POST") {
      SFN_ASSIGN_OR_RETURN(lambda::AliasInput in, AliasInputOf(c.body, std::nullopt));
      SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.CreateAlias(fn, in));
      return JsonOut(201, AliasJson(a, region, account));
    }
    if (what == "aliases" && m == "GET") {
      SFN_ASSIGN_OR_RETURN(std::vector<AliasRecord> all,
                           c.service.ListAliases(fn, c.query.Get("FunctionVersion")));
      return JsonOut(200, Page(all, c.query, "Aliases", [&](const AliasRecord& a) {
                       return AliasJson(a, region, account);
                     }));
    }
  } else if (seg.size() == 5 && seg[3] == "aliases") {
    const std::string& alias = seg[4];
    if (m == "GET") {
      SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.GetAlias(fn, alias));
      return JsonOut(200, AliasJson(a, region, account));
    }
    if (m == "PUT") {
      SFN_ASSIGN_OR_RETURN(lambda::AliasInput in, AliasInputOf(c.body, alias));
      SFN_ASSIGN_OR_RETURN(AliasRecord a, c.service.UpdateAlias(fn, in));
      return JsonOut(200, AliasJson(a, region, account));
    }
    if (m == "DELETE") {
      SFN_RETURN_IF_ERROR(c.service.DeleteAlias(fn, alias));
      return Empty(204);
    }
  }
  return Status(ErrorCode::kUnknownOperationException,
                "No Lambda operation " + m + " " + c.request.target);
}

Result<HttpResponse> Tags(Call& c, const std::string& arn) {
  const std::string& m = c.request.method;
  if (m == "GET") {
    SFN_ASSIGN_OR_RETURN(auto tags, c.service.ListTags(arn));
    return JsonOut(200, {{"Tags", TagsJson(tags)}});
  }
  if (m == "POST") {
    SFN_ASSIGN_OR_RETURN(auto tags, TagsOf(c.body));
    SFN_RETURN_IF_ERROR(c.service.TagResource(arn, tags));
    return Empty(204);
  }
  if (m == "DELETE") {
    std::vector<std::string> keys;
    auto [b, e] = c.query.params.equal_range("tagKeys");
    for (auto it = b; it != e; ++it) keys.push_back(it->second);
    SFN_RETURN_IF_ERROR(c.service.UntagResource(arn, keys));
    return Empty(204);
  }
  return Status(ErrorCode::kUnknownOperationException, "No Lambda operation " + m + " tags");
}

}  // namespace

bool IsLambdaPath(const std::string& path) {
  return path.rfind(kFunctionsPrefix, 0) == 0 || path.rfind(kTagsPrefix, 0) == 0;
}

namespace {

// The JSON object body of a control-plane call into `c.body`; false (after
// answering AWS's InvalidRequestContentException) when it is not one.
bool ReadBody(const HttpRequest& request, Call& c, ResponseCallback& done) {
  if (request.body.empty()) return true;
  Result<Json> body = ParseJson(request.body);
  if (!body.ok() || !body->is_object()) {
    done(LambdaErrorResponse(Status(ErrorCode::kInvalidRequestContentException,
                                    "Could not parse request body into json")));
    return false;
  }
  c.body = std::move(body).value();
  return true;
}

}  // namespace

void RunLambdaOperation(lambda::LambdaService& service, const HttpRequest& request,
                        const std::string& region, ResponseCallback done) {
  size_t q = request.target.find('?');
  std::string path = q == std::string::npos ? request.target : request.target.substr(0, q);
  Call c{service, request, region, service.account(), ParseQuery(request.target)};
  if (path.rfind(kTagsPrefix, 0) == 0) {
    std::string arn = UrlDecode(path.substr(sizeof(kTagsPrefix) - 1));
    if (!ReadBody(request, c, done)) return;
    Result<HttpResponse> r = Tags(c, arn);
    done(r.ok() ? std::move(r).value() : LambdaErrorResponse(r.status()));
    return;
  }
  std::vector<std::string> seg = Segments(path);  // "2015-03-31", "functions", ...
  if (seg.size() == 4 && seg[3] == "invocations" && request.method == "POST") {
    Invoke(service, request, region, seg[2], c.query, std::move(done));
    return;
  }
  if (!ReadBody(request, c, done)) return;
  if ((seg.size() == 2 && request.method == "POST") ||
      (seg.size() == 4 && seg[3] == "code" && request.method == "PUT")) {
    UploadCode(c, seg, std::move(done));
    return;
  }
  Result<HttpResponse> r = Functions(c, seg);
  done(r.ok() ? std::move(r).value() : LambdaErrorResponse(r.status()));
}

}  // namespace sfn::api
