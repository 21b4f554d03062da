#include "api/lambda_forwarder.h"

#include <boost/url/parse.hpp>
#include <chrono>

#include "emulator/core/json.h"

namespace sfn::api {
namespace {

// Lambda's longest function timeout (900 s) and a minute to spare: the
// Task's own TimeoutSeconds is the engine's business, not the transport's.
constexpr std::chrono::seconds kForwardTimeout{960};
// Invoke's synchronous response quota (6 MB) with room for the envelope.
constexpr size_t kMaxResponseBytes = 8 * 1024 * 1024;

engine::InvocationResult Failed(const std::string& why) {
  engine::InvocationResult r;
  r.service_error = "ServiceException";
  r.service_message = "--lambda-endpoint: " + why;
  return r;
}

// The Invoke response as the Lambda API defines it (API reference, Invoke:
// "Response Syntax"): the payload is the body, the rest comes in headers.
engine::InvocationResult FromAnswer(engine::HttpAnswer answer) {
  engine::InvocationResult r;
  r.status_code = answer.status;
  if (const std::string* v = answer.Header("x-amz-function-error")) r.function_error = *v;
  if (const std::string* v = answer.Header("x-amz-executed-version")) r.executed_version = *v;
  if (const std::string* v = answer.Header("x-amz-log-result")) r.log_result = *v;
  if (const std::string* v = answer.Header("x-amzn-errortype")) {
    r.service_error = v->substr(0, v->find(':'));  // "ResourceNotFoundException:http://..."
    Result<Json> j = ParseJson(answer.body);
    if (j.ok() && j->is_object() && j->contains("message") && (*j)["message"].is_string()) {
      r.service_message = (*j)["message"].get<std::string>();
    } else if (j.ok() && j->is_object() && j->contains("Message") && (*j)["Message"].is_string()) {
      r.service_message = (*j)["Message"].get<std::string>();
    } else {
      r.service_message = answer.body;
    }
  }
  r.payload = std::move(answer.body);
  return r;
}

class HttpForwarder : public lambda::Forwarder {
 public:
  HttpForwarder(std::string base, engine::HttpPort& http) : base_(std::move(base)), http_(http) {}

  void Invoke(const std::string& function_name, const std::optional<std::string>& qualifier,
              std::string payload, bool tail_log,
              std::function<void(engine::InvocationResult)> done) override {
    engine::HttpRequestSpec spec;
    spec.method = "POST";
    // Function names and qualifiers are [A-Za-z0-9_$-] (ParseFunctionRef
    // checked them): nothing to percent-encode.
    spec.url = base_ + "/2015-03-31/functions/" + function_name + "/invocations";
    if (qualifier) spec.url += "?Qualifier=" + *qualifier;
    spec.headers = {{"Content-Type", "application/json"},
                    {"Authorization",
                     "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/lambda/aws4_request, "
                     "SignedHeaders=host, Signature=0"}};
    if (tail_log) spec.headers.emplace_back("X-Amz-Log-Type", "Tail");
    spec.body = std::move(payload);
    spec.timeout = kForwardTimeout;
    spec.max_response_bytes = kMaxResponseBytes;
    http_.Send(std::move(spec), [done = std::move(done)](Result<engine::HttpAnswer> answer) {
      if (!answer.ok()) {
        done(Failed(answer.status().message()));
        return;
      }
      done(FromAnswer(std::move(answer).value()));
    });
  }

 private:
  std::string base_;  // http://host[:port][/prefix], no trailing slash
  engine::HttpPort& http_;
};

}  // namespace

Result<std::unique_ptr<lambda::Forwarder>> MakeLambdaForwarder(const std::string& url,
                                                               engine::HttpPort& http) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme_id() != boost::urls::scheme::http) {
    return Status(ErrorCode::kValidationException,
                  "--lambda-endpoint must be an http:// URL, not '" + url + "'");
  }
  if (parsed->host_address().empty()) {
    return Status(ErrorCode::kValidationException, "--lambda-endpoint: no host in '" + url + "'");
  }
  if (parsed->has_query() || parsed->has_fragment()) {
    return Status(ErrorCode::kValidationException,
                  "--lambda-endpoint: no query or fragment expected in '" + url + "'");
  }
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return std::unique_ptr<lambda::Forwarder>(new HttpForwarder(std::move(base), http));
}

}  // namespace sfn::api
