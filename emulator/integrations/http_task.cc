#include "emulator/integrations/http_task.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "emulator/core/arn.h"
#include "emulator/integrations/url_encoding.h"

namespace sfn::integrations {
namespace {

// arn:<partition>:states:::http:invoke (core/arn.h), in any partition (the
// step loop refuses one that is not the execution's).
bool IsHttpInvoke(std::string_view resource) {
  std::optional<IntegrationResource> r = ParseIntegrationResource(resource);
  return r && r->service == "http" && r->action == "invoke" && r->pattern.empty();
}

// "HTTP task requests will timeout after 60 seconds" (AWS, "Timeouts for
// connections").
constexpr std::chrono::seconds kHttpTimeout{60};
constexpr char kSocketError[] = "States.Http.Socket";

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Failure Runtime(std::string cause) { return Failure{errors::kRuntime, std::move(cause)}; }

// The headers a definition may not set (AWS, "Headers": the task fails with
// States.Runtime).
bool ForbiddenHeader(const std::string& name) {
  static constexpr std::array<std::string_view, 32> kForbidden = {"a-im",
                                                                  "accept-charset",
                                                                  "accept-datetime",
                                                                  "accept-encoding",
                                                                  "authorization",
                                                                  "cache-control",
                                                                  "connection",
                                                                  "content-encoding",
                                                                  "content-md5",
                                                                  "date",
                                                                  "expect",
                                                                  "forwarded",
                                                                  "from",
                                                                  "host",
                                                                  "http2-settings",
                                                                  "if-match",
                                                                  "if-modified-since",
                                                                  "if-none-match",
                                                                  "if-range",
                                                                  "if-unmodified-since",
                                                                  "max-forwards",
                                                                  "origin",
                                                                  "pragma",
                                                                  "proxy-authorization",
                                                                  "referer",
                                                                  "server",
                                                                  "te",
                                                                  "trailer",
                                                                  "transfer-encoding",
                                                                  "upgrade",
                                                                  "via",
                                                                  "warning"};
  std::string lower = Lower(name);
  if (lower.rfind("x-forwarded-", 0) == 0 || lower.rfind("x-amz-", 0) == 0 ||
      lower.rfind("x-amzn-", 0) == 0) {
    return true;
  }
  return std::find(kForbidden.begin(), kForbidden.end(), lower) != kForbidden.end();
}

bool AllowedMethod(const std::string& m) {
  for (const char* allowed : {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"}) {
    if (m == allowed) return true;
  }
  return false;
}

// The connection ARN from Authentication or InvocationConfig (AWS accepts
// either), or empty.
std::string ConnectionArn(const Json& p) {
  for (const char* field : {"InvocationConfig", "Authentication"}) {
    auto it = p.find(field);
    if (it == p.end() || !it->is_object()) continue;
    auto arn = it->find("ConnectionArn");
    if (arn != it->end() && arn->is_string() && !arn->get<std::string>().empty()) {
      return arn->get<std::string>();
    }
  }
  return "";
}

// Query parameters appended to the endpoint: an object (arrays repeat their
// key) or a ready query string.
Outcome<std::string> QueryString(const Json& q) {
  if (q.is_string()) return q.get<std::string>();
  if (!q.is_object()) {
    return Runtime("The QueryParameters field must be an object or a string.");
  }
  std::string out;
  auto add = [&out](const std::string& name, const Json& value) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name) + "=" + PercentEncode(ScalarText(value));
  };
  for (auto it = q.begin(); it != q.end(); ++it) {
    if (it->is_array()) {
      for (const Json& v : *it) add(it.key(), v);
    } else {
      add(it.key(), *it);
    }
  }
  return out;
}

bool HasHeader(const Json& headers, std::string_view lower_name) {
  for (const Json& h : headers) {
    if (Lower(h[0].get<std::string>()) == lower_name) return true;
  }
  return false;
}

// The media type of a Content-Type value, lower-cased, without parameters.
std::string MediaType(const std::string* content_type) {
  if (content_type == nullptr) return "";
  std::string media = content_type->substr(0, content_type->find(';'));
  while (!media.empty() && std::isspace(static_cast<unsigned char>(media.back()))) {
    media.pop_back();
  }
  size_t first = media.find_first_not_of(" \t");
  return Lower(first == std::string::npos ? "" : media.substr(first));
}

// The standard reason phrase, for a status line that had none.
std::string StandardReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "";
  }
}

}  // namespace

bool HttpTask::Matches(std::string_view resource) const { return IsHttpInvoke(resource); }

Outcome<engine::PlannedTask> HttpTask::Plan(const engine::TaskCall& call,
                                            const engine::TaskEnv& env) const {
  const Json& p = call.parameters;
  if (!p.is_object()) return Runtime("The parameters of an HTTP Task must be an object.");
  auto endpoint = p.find("ApiEndpoint");
  if (endpoint == p.end() || !endpoint->is_string()) {
    return Runtime("The field 'ApiEndpoint' is required and must be a string for the resource '" +
                   call.resource + "'.");
  }
  auto method = p.find("Method");
  if (method == p.end() || !method->is_string() || !AllowedMethod(method->get<std::string>())) {
    return Runtime(
        "The field 'Method' is required and must be one of GET, POST, PUT, DELETE, PATCH, "
        "OPTIONS or HEAD for the resource '" +
        call.resource + "'.");
  }
  if (ConnectionArn(p).empty()) {
    return Runtime(
        "The field 'Authentication.ConnectionArn' (or 'InvocationConfig.ConnectionArn') is "
        "required for the resource '" +
        call.resource + "'.");
  }

  std::string url = endpoint->get<std::string>();
  if (auto q = p.find("QueryParameters"); q != p.end() && !q->is_null()) {
    Outcome<std::string> query = QueryString(*q);
    if (!query.ok()) return query.failure();
    if (!query.value().empty()) {
      url += url.find('?') == std::string::npos ? '?' : '&';
      url += query.value();
    }
  }

  // [[name, value], ...] in the definition's order, then AWS's own.
  Json headers = Json::array();
  if (auto h = p.find("Headers"); h != p.end() && !h->is_null()) {
    if (!h->is_object()) return Runtime("The Headers field must be an object.");
    for (auto it = h->begin(); it != h->end(); ++it) {
      if (ForbiddenHeader(it.key())) {
        return Runtime("The header '" + it.key() + "' is not allowed in an HTTP Task.");
      }
      std::string value;
      if (it->is_array()) {
        for (size_t i = 0; i < it->size(); ++i) {
          if (i > 0) value += ',';
          value += ScalarText((*it)[i]);
        }
      } else {
        value = ScalarText(*it);
      }
      headers.push_back(Json::array({it.key(), value}));
    }
  }
  // AWS, "Headers": Step Functions sets User-Agent and Range (and Host).
  headers.push_back(Json::array({"User-Agent", "Amazon|StepFunctions|HttpInvoke|" + env.region}));
  headers.push_back(Json::array({"Range", "bytes=0-262144"}));

  ArrayFormat format = ArrayFormat::kIndices;
  bool url_encoded = false;
  if (auto t = p.find("Transform"); t != p.end() && !t->is_null()) {
    if (!t->is_object()) return Runtime("The Transform field must be an object.");
    std::string encoding = t->value("RequestBodyEncoding", std::string("NONE"));
    if (encoding != "NONE" && encoding != "URL_ENCODED") {
      return Runtime("The RequestBodyEncoding field must be NONE or URL_ENCODED.");
    }
    url_encoded = encoding == "URL_ENCODED";
    if (auto o = t->find("RequestEncodingOptions"); o != t->end() && o->is_object()) {
      std::string name = o->value("ArrayFormat", std::string("INDICES"));
      std::optional<ArrayFormat> parsed = ParseArrayFormat(name);
      if (!parsed) {
        return Runtime("The ArrayFormat field must be one of INDICES, REPEAT, COMMAS or BRACKETS.");
      }
      format = *parsed;
    }
  }

  std::string body;
  bool has_body = false;
  if (auto b = p.find("RequestBody"); b != p.end()) {
    has_body = true;
    if (b->is_string()) {
      body = b->get<std::string>();
    } else if (url_encoded && b->is_object()) {
      body = FormEncode(*b, format);
    } else {
      body = DumpJson(*b);
      if (!HasHeader(headers, "content-type")) {
        headers.push_back(Json::array({"Content-Type", "application/json; charset=UTF-8"}));
      }
    }
  }

  Json request{{"Method", *method}, {"Url", url}, {"Headers", std::move(headers)}};
  if (has_body) request["Body"] = body;
  engine::PlannedTask task;
  task.integration = std::string(Id());
  task.resource = call.resource;
  task.request = DumpJson(request);
  return task;
}

void HttpTask::Dispatch(const engine::PlannedTask& task,
                        std::function<void(engine::TaskAnswer)> done) const {
  engine::HttpRequestSpec spec;
  Result<Json> request =
      ParseJson(task.request, ErrorCode::kSerializationException, kMaxStoredJsonDepth);
  if (!request.ok() || http_ == nullptr) {
    done(Result<engine::HttpAnswer>(Status(
        ErrorCode::kServiceException, http_ == nullptr ? "no HTTP client" : "unreadable request")));
    return;
  }
  spec.method = request->value("Method", "GET");
  spec.url = request->value("Url", "");
  for (const Json& h : request->value("Headers", Json::array())) {
    spec.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
  }
  spec.body = request->value("Body", "");
  spec.timeout = kHttpTimeout;
  http_->Send(std::move(spec), [done = std::move(done)](Result<engine::HttpAnswer> answer) {
    done(std::move(answer));
  });
}

Outcome<Json> HttpTask::Interpret(const engine::PlannedTask&, const engine::TaskAnswer& answer,
                                  const engine::TaskEnv&) const {
  const auto* exchange = std::get_if<Result<engine::HttpAnswer>>(&answer);
  if (exchange == nullptr) {
    return Runtime("An HTTP Task received an answer of another integration.");
  }
  if (!exchange->ok()) {
    const Status& s = exchange->status();
    // A URL the client cannot call (https, no host) is the definition's
    // problem; anything else is the socket's.
    if (s.code() == ErrorCode::kValidationException) return Runtime(s.message());
    return Failure{kSocketError, s.message()};
  }
  const engine::HttpAnswer& a = exchange->value();
  // AWS, "Unsupported HTTP Task responses".
  std::string media = MediaType(a.Header("content-type"));
  if (media == "application/octet-stream" || media.rfind("image/", 0) == 0 ||
      media.rfind("video/", 0) == 0 || media.rfind("audio/", 0) == 0) {
    return Runtime("The HTTP Task received a response with the unsupported content type '" + media +
                   "'.");
  }
  Json headers = Json::object();
  for (const auto& [name, value] : a.headers) {
    if (!headers.contains(name)) headers[name] = Json::array();
    headers[name].push_back(value);
  }
  Json body = a.body;
  bool json = media == "application/json" ||
              (media.size() > 5 && media.compare(media.size() - 5, 5, "+json") == 0);
  if (json) {
    if (Result<Json> parsed = ParseJson(a.body); parsed.ok()) body = std::move(parsed).value();
  }
  std::string reason = a.reason.empty() ? StandardReason(a.status) : a.reason;
  Json output{{"Headers", std::move(headers)},
              {"ResponseBody", std::move(body)},
              {"StatusCode", a.status},
              {"StatusText", reason}};
  if (a.status < 200 || a.status > 299) {
    return Failure{"States.Http.StatusCode." + std::to_string(a.status), DumpJson(output)};
  }
  return output;
}

}  // namespace sfn::integrations
