#include "emulator/integrations/lambda_result.h"

namespace sfn::integrations {
namespace {

// AWS's limit on a task result ("Quotas": 256 KiB).
constexpr size_t kMaxPayloadBytes = 256 * 1024;

int HttpStatusOf(const std::string& exception) {
  if (exception == "ResourceNotFoundException") return 404;
  if (exception == "ResourceConflictException") return 409;
  if (exception == "TooManyRequestsException") return 429;
  if (exception == "ServiceException") return 500;
  return 400;
}

Json Headers(const engine::InvocationResult& r, bool all, TimePoint now) {
  auto v = [all](const std::string& s) { return all ? Json::array({s}) : Json(s); };
  return Json{{"Connection", v("keep-alive")},
              {"Content-Length", v(std::to_string(r.payload.size()))},
              {"Content-Type", v("application/json")},
              {"Date", v(FormatIso8601(now))},
              {"X-Amz-Executed-Version", v(r.executed_version)},
              {"X-Amzn-Trace-Id", v("Root=1-00000000-000000000000000000000000;Sampled=0")},
              {"x-amzn-Remapped-Content-Length", v("0")},
              {"x-amzn-RequestId", v(r.request_id)}};
}

}  // namespace

Failure InvocationFailure(const std::string& exception, const std::string& message,
                          const std::string& request_id) {
  return {"Lambda." + exception,
          message +
              " (Service: AWSLambda; Status Code: " + std::to_string(HttpStatusOf(exception)) +
              "; Error Code: " + exception + "; Request ID: " + request_id + "; Proxy: null)"};
}

Failure InvocationFailure(const Status& status, const std::string& request_id) {
  std::string name(ErrorName(status.code()));
  // Lambda spells its exceptions with the suffix Step Functions' own lack.
  if (name.size() < 9 || name.compare(name.size() - 9, 9, "Exception") != 0) name += "Exception";
  return InvocationFailure(name, status.message(), request_id);
}

Outcome<Json> InterpretInvocation(const engine::InvocationResult& r, bool integration,
                                  const std::string& state_label, TimePoint now) {
  if (r.service_error) return InvocationFailure(*r.service_error, r.service_message, r.request_id);
  Result<Json> parsed = ParseJson(r.payload);
  if (r.function_error) {
    // The error is the function's errorType; the cause its whole error payload.
    std::string error = "Lambda.Unknown";
    if (parsed.ok() && parsed->is_object() && parsed->contains("errorType") &&
        parsed->at("errorType").is_string()) {
      error = parsed->at("errorType").get<std::string>();
    }
    // The SDK integration re-serialises the error payload compactly; a bare
    // function ARN passes the function's text on as written.
    if (integration && parsed.ok()) return Failure{error, DumpJson(*parsed)};
    return Failure{error, r.payload};
  }
  if (r.payload.size() > kMaxPayloadBytes) {
    return Failure{errors::kDataLimitExceeded,
                   "The state/task '" + state_label +
                       "' returned a result with a size exceeding the maximum number of bytes "
                       "service limit."};
  }
  // A response that is not JSON reaches the state as a string.
  Json payload = parsed.ok() ? std::move(parsed).value() : Json(r.payload);
  if (!integration) return payload;
  return Json{{"ExecutedVersion", r.executed_version},
              {"Payload", std::move(payload)},
              {"SdkHttpMetadata",
               {{"AllHttpHeaders", Headers(r, true, now)},
                {"HttpHeaders", Headers(r, false, now)},
                {"HttpStatusCode", r.status_code}}},
              {"SdkResponseMetadata", {{"RequestId", r.request_id}}},
              {"StatusCode", r.status_code}};
}

}  // namespace sfn::integrations
