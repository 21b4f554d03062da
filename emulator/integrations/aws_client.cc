#include "emulator/integrations/aws_client.h"

#include <cctype>

#include "emulator/integrations/aws_services.h"
#include "emulator/integrations/xml.h"

namespace sfn::integrations {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* HeaderOf(const engine::HttpAnswer& a, std::string_view lower_name) {
  return a.Header(lower_name);
}

// "com.amazonaws.sqs#QueueDoesNotExist:http://..." -> "QueueDoesNotExist"
std::string ShortCode(std::string code) {
  if (size_t hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
  if (size_t colon = code.find(':'); colon != std::string::npos) code = code.substr(0, colon);
  return code;
}

std::string StringAt(const Json& j, std::initializer_list<const char*> keys) {
  if (!j.is_object()) return "";
  for (const char* k : keys) {
    auto it = j.find(k);
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

}  // namespace

Json AwsRequest::ToJson() const {
  Json h = Json::array();
  for (const auto& [name, value] : headers) h.push_back(Json::array({name, value}));
  return Json{{"service", service}, {"region", region},
              {"method", method},   {"path", path},
              {"query", query},     {"headers", std::move(h)},
              {"body", body},       {"timeout_ms", timeout.count()}};
}

Result<AwsRequest> AwsRequest::FromJson(const Json& j) {
  try {
    AwsRequest r;
    r.service = j.at("service").get<std::string>();
    r.region = j.at("region").get<std::string>();
    r.method = j.at("method").get<std::string>();
    r.path = j.at("path").get<std::string>();
    r.query = j.at("query").get<std::string>();
    for (const Json& h : j.at("headers")) {
      r.headers.emplace_back(h.at(0).get<std::string>(), h.at(1).get<std::string>());
    }
    r.body = j.at("body").get<std::string>();
    r.timeout = std::chrono::milliseconds(j.at("timeout_ms").get<int64_t>());
    return r;
  } catch (const Json::exception& e) {
    return Status(ErrorCode::kSerializationException,
                  std::string("not an AWS request of this build: ") + e.what());
  }
}

std::string RequestIdOf(const engine::HttpAnswer& answer) {
  for (const char* name : {"x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"}) {
    if (const std::string* v = HeaderOf(answer, name)) return *v;
  }
  return "";
}

std::optional<AwsError> ParseAwsError(const engine::HttpAnswer& answer) {
  if (answer.status >= 200 && answer.status < 300) return std::nullopt;
  AwsError e;
  e.status = answer.status;
  e.request_id = RequestIdOf(answer);
  if (const std::string* q = HeaderOf(answer, "x-amzn-query-error")) {
    e.query_code = q->substr(0, q->find(';'));
  }
  std::string_view body = answer.body;
  size_t first = body.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && body[first] == '{') {
    // JSON protocols (AWS JSON 1.0/1.1, REST-JSON).
    if (Result<Json> j = ParseJson(body); j.ok()) {
      e.code = ShortCode(StringAt(*j, {"__type", "code", "Code"}));
      e.message = StringAt(*j, {"message", "Message", "errorMessage"});
    }
  } else if (first != std::string_view::npos && body[first] == '<') {
    // <ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>
    // (query) or <Error><Code/><Message/><RequestId/><HostId/></Error> (S3).
    if (Result<Json> x = XmlToJson(body); x.ok() && x->is_object() && !x->empty()) {
      const Json& root = x->begin().value();
      const Json& error = root.is_object() && root.contains("Error") ? root.at("Error") : root;
      e.code = StringAt(error, {"Code"});
      e.message = StringAt(error, {"Message"});
      std::string rid = StringAt(root, {"RequestId"});
      if (rid.empty()) rid = StringAt(error, {"RequestId"});
      if (!rid.empty()) e.request_id = rid;
      e.host_id = StringAt(error, {"HostId"});
    }
  }
  if (e.code.empty()) {
    if (const std::string* t = HeaderOf(answer, "x-amzn-errortype")) e.code = ShortCode(*t);
  }
  if (e.code.empty()) e.code = std::to_string(answer.status);
  return e;
}

Result<std::string> AwsClient::EndpointOf(std::string_view service) const {
  std::optional<std::string> url = endpoints_ ? endpoints_->Find(service) : std::nullopt;
  if (!url) {
    const AwsService* s = FindAwsService(service);
    return Status(ErrorCode::kResourceNotFound,
                  "sfn-emulator has no endpoint for " + (s ? s->name : std::string(service)) +
                      ": set " + AwsEndpoints::HowToSet(service) +
                      ", or mock this state with a mock configuration file (SFN_MOCK_CONFIG).");
  }
  return *url;
}

Result<engine::HttpRequestSpec> AwsClient::Prepare(const AwsRequest& request, TimePoint now) const {
  SFN_ASSIGN_OR_RETURN(std::string base, EndpointOf(request.service));
  // http://host[:port][/prefix]
  size_t host_start = base.find("://") + 3;
  size_t path_start = base.find('/', host_start);
  std::string host = base.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  std::string prefix = path_start == std::string::npos ? "" : base.substr(path_start);
  std::string path = request.path.empty() ? "/" : request.path;
  if (path.front() != '/') path.insert(path.begin(), '/');
  if (!prefix.empty()) path = prefix + (path == "/" ? "" : path);

  sigv4::Request signing{request.method, path, request.query, {}, request.body};
  signing.headers.emplace_back("Host", host);
  for (const auto& h : request.headers) signing.headers.push_back(h);
  const AwsService* s = FindAwsService(request.service);
  sigv4::Sign(signing, credentials_, request.region, s ? s->signing_name : request.service, now);

  engine::HttpRequestSpec spec;
  spec.method = request.method;
  spec.url = "http://" + host + path + (request.query.empty() ? "" : "?" + request.query);
  for (auto& h : signing.headers) {
    if (Lower(h.first) == "host") continue;  // the client sets it from the URL
    spec.headers.push_back(std::move(h));
  }
  spec.body = request.body;
  spec.timeout = request.timeout;
  return spec;
}

void AwsClient::Send(const AwsRequest& request, engine::HttpCallback done) const {
  if (http_ == nullptr) {
    done(Status(ErrorCode::kResourceNotFound, "sfn-emulator has no outbound HTTP client"));
    return;
  }
  auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  Result<engine::HttpRequestSpec> spec = Prepare(request, now);
  if (!spec.ok()) {
    done(spec.status());
    return;
  }
  http_->Send(std::move(spec).value(), std::move(done));
}

}  // namespace sfn::integrations
