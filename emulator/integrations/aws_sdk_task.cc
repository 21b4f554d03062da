#include "emulator/integrations/aws_sdk_task.h"

#include <cctype>

#include "emulator/core/arn.h"
#include "emulator/integrations/aws_services.h"
#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/query_protocol.h"
#include "emulator/integrations/s3_operations.h"

namespace sfn::integrations {
namespace {

struct Target {
  const AwsService* service = nullptr;
  std::string service_name;  // as written in the resource ("sfn")
  std::string action;        // camelCase, as written ("startExecution")
};

// arn:<partition>:states:::aws-sdk:<service>:<action>[.waitForTaskToken]
// (read by core/arn.h's ParseIntegrationResource).
Target TargetOf(std::string_view resource) {
  Target t;
  std::optional<IntegrationResource> r = ParseIntegrationResource(WithoutPattern(resource));
  if (!r || r->service != "aws-sdk") return t;
  // <service>:<action>; any suffix left after the pattern is no API name.
  std::string_view rest = r->action;
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= rest.size()) return t;
  t.service_name = std::string(rest.substr(0, colon));
  t.action = std::string(rest.substr(colon + 1));
  if (!r->pattern.empty()) t.action += "." + r->pattern;
  t.service = FindAwsService(t.service_name);
  return t;
}

bool Callable(const Target& t) {
  // An action is an API name: `.sync` (and any other suffix than
  // .waitForTaskToken) is no pattern AWS SDK integrations have.
  if (t.service == nullptr || t.action.find('.') != std::string::npos) return false;
  switch (t.service->protocol) {
    case AwsProtocol::kJson:
    case AwsProtocol::kQuery:
      return true;
    case AwsProtocol::kRestXml:
      return t.service->name == "s3" && IsS3Operation(t.action);
    case AwsProtocol::kRestJson:
      return false;
  }
  return false;
}

std::string Capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Decapitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// Member names of every object, recursively, through `rename`.
Json Renamed(const Json& value, std::string (*rename)(std::string)) {
  if (value.is_array()) {
    Json out = Json::array();
    for (const Json& v : value) out.push_back(Renamed(v, rename));
    return out;
  }
  if (!value.is_object()) return value;
  Json out = Json::object();
  for (auto it = value.begin(); it != value.end(); ++it) {
    out[rename(it.key())] = Renamed(it.value(), rename);
  }
  return out;
}

class AwsSdkTask : public AwsTask {
 public:
  using AwsTask::AwsTask;
  std::string_view Id() const override { return "aws-sdk"; }
  bool Matches(std::string_view resource) const override { return Callable(TargetOf(resource)); }

 protected:
  Outcome<Built> Build(const engine::TaskCall& call, const engine::TaskEnv&) const override {
    Target t = TargetOf(call.resource);
    if (!Callable(t)) {
      return Failure{errors::kRuntime,
                     "The resource '" + call.resource + "' is not emulated by sfn-emulator."};
    }
    const AwsService& s = *t.service;
    Json params = ParametersObject(call.parameters);
    Built b;
    switch (s.protocol) {
      case AwsProtocol::kJson: {
        Json body = s.camel_case ? Renamed(params, Decapitalized) : params;
        b.request.headers = {{"Content-Type", "application/x-amz-json-" + s.json_version},
                             {"X-Amz-Target", s.target_prefix + "." + Capitalized(t.action)}};
        b.request.body = DumpJson(body);
        break;
      }
      case AwsProtocol::kQuery:
        b.request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
        b.request.body = QueryBody(Capitalized(t.action), s.api_version, params);
        break;
      case AwsProtocol::kRestXml: {
        Outcome<AwsRequest> r = S3Request(t.action, params);
        if (!r.ok()) return r.failure();
        b.request = std::move(r).value();
        break;
      }
      case AwsProtocol::kRestJson:
        break;  // not Callable
    }
    b.request.service = s.name;
    return b;
  }

  Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask& task,
                       const engine::TaskEnv&) const override {
    Target t = TargetOf(task.resource);
    const AwsService& s = *t.service;
    switch (s.protocol) {
      case AwsProtocol::kJson: {
        if (answer.body.find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
        Result<Json> parsed = ParseJson(answer.body);
        if (!parsed.ok()) return Json::object();
        return s.camel_case ? Renamed(*parsed, Capitalized) : *parsed;
      }
      case AwsProtocol::kQuery: {
        Result<Json> result =
            QueryResult(Capitalized(t.action), answer.body, QueryOutputCollections(s.name));
        return result.ok() ? *result : Json::object();
      }
      case AwsProtocol::kRestXml:
        return S3Output(t.action, answer);
      case AwsProtocol::kRestJson:
        break;
    }
    return Json::object();
  }

  Failure ServiceFailure(const AwsError& error, const engine::PlannedTask& task) const override {
    std::string prefix = ErrorPrefix(task);
    std::string code = error.code;
    constexpr std::string_view kException = "Exception";
    if (code.size() < kException.size() ||
        code.compare(code.size() - kException.size(), kException.size(), kException) != 0) {
      code += kException;
    }
    std::string cause = (error.message.empty() ? "null" : error.message) + " (Service: " + prefix +
                        ", Status Code: " + std::to_string(error.status) +
                        ", Request ID: " + (error.request_id.empty() ? "null" : error.request_id);
    if (!error.host_id.empty()) cause += ", Extended Request ID: " + error.host_id;
    cause += ")";
    return Failure{prefix + "." + code, cause};
  }

  std::string ClientErrorName(const engine::PlannedTask& task) const override {
    return ErrorPrefix(task) + ".SdkClientException";
  }

  std::string ServiceOf(const engine::PlannedTask& task) const override {
    Target t = TargetOf(task.resource);
    return t.service ? t.service->name : t.service_name;
  }

 private:
  static std::string ErrorPrefix(const engine::PlannedTask& task) {
    Target t = TargetOf(task.resource);
    return t.service ? t.service->sdk_error_prefix : Capitalized(t.service_name);
  }
};

}  // namespace

std::unique_ptr<engine::TaskIntegration> MakeAwsSdkTask(const AwsClient* aws) {
  return std::make_unique<AwsSdkTask>(aws);
}

std::string AwsSdkServiceList() {
  std::string out;
  for (const AwsService& s : AwsServices()) {
    if (s.protocol == AwsProtocol::kRestJson) continue;
    std::string name = s.name == "states" ? "sfn" : s.name == "events" ? "eventbridge" : s.name;
    out += (out.empty() ? "" : ", ") + name;
  }
  return out;
}

}  // namespace sfn::integrations
