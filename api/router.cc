#include "api/router.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <cmath>
#include <optional>
#include <memory>

#include "api/error_table.h"
#include "api/lambda_operations.h"
#include "emulator/core/clock.h"

namespace sfn::api {
namespace {

constexpr char kTargetPrefix[] = "AWSStepFunctions.";

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}};
  r.body = DumpJson(body);
  return r;
}

std::string PathOf(const std::string& target) {
  size_t q = target.find('?');
  return q == std::string::npos ? target : target.substr(0, q);
}

// Runs a Step Functions operation on the thread that owns `services` and
// answers it once, now or later (a long poll); an exception before the
// answer is the one place one from below turns into an API error.
void Serve(Services& services, const control::RequestContext& ctx, const std::string& operation,
           const Json& body, const ResponseCallback& done) {
  auto t0 = std::chrono::steady_clock::now();
  auto answered = std::make_shared<bool>(false);
  auto reply = [operation, t0, done, answered](Result<Json> result) {
    if (*answered) return;
    *answered = true;
    auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
    if (result.ok()) {
      spdlog::debug("{} 200 {}us", operation, us);
      done(JsonResponse(200, *result));
    } else {
      spdlog::debug("{} {} {}us", operation, result.status().ToString(), us);
      done(JsonErrorResponse(result.status()));
    }
  };
  try {
    RunOperation(services, ctx, operation, body, reply);
  } catch (const std::exception& e) {
    reply(Status(ErrorCode::kInternalFailure, e.what()));
  }
}

}  // namespace

Router::Router(boost::asio::io_context& engine_io, Services services, control::ClockService& clock,
               RouterOptions options)
    : engine_io_(engine_io),
      services_(services),
      clock_(clock),
      options_(std::move(options)),
      started_(std::chrono::steady_clock::now()) {}

size_t Router::MaxBodyBytes(const std::string& method, const std::string& target) {
  if (std::optional<LambdaRouteMatch> route = MatchLambdaRoute(method, target)) {
    if (route->operation == "CreateFunction" || route->operation == "UpdateFunctionCode") {
      return kMaxCodeUploadBytes;
    }
  }
  return kMaxBodyBytes;
}

HttpResponse Router::BodyTooLarge(const std::string& method, const std::string& target) {
  if (std::optional<LambdaRouteMatch> route = MatchLambdaRoute(method, target)) {
    // Lambda's words ("Lambda quotas": 50 MB zipped for a direct upload, 6 MB
    // for a synchronous invocation payload).
    if (route->operation == "Invoke") {
      return LambdaErrorResponse(
          Status(ErrorCode::kRequestTooLargeException,
                 "Request must be smaller than 6291456 bytes for the InvokeFunction operation"));
    }
    return LambdaErrorResponse(Status(
        ErrorCode::kRequestEntityTooLargeException,
        "Request must be smaller than " + std::to_string(MaxBodyBytes(method, target)) +
            " bytes for the " + route->operation + " operation"));
  }
  HttpResponse r = JsonErrorResponse(
      Status(ErrorCode::kSerializationException, "Request entity too large"));
  r.status = 413;
  return r;
}

std::string Router::RegionOf(const HttpRequest& request) const {
  // SigV4: "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/states/aws4_request, ..."
  const std::string* auth = request.Header("authorization");
  if (auth) {
    size_t pos = auth->find("Credential=");
    if (pos != std::string::npos) {
      size_t end = auth->find_first_of(", ", pos);
      std::string cred = auth->substr(pos + 11, end == std::string::npos ? end : end - pos - 11);
      // AKID / date / region / service / aws4_request
      size_t a = cred.find('/');
      size_t b = a == std::string::npos ? a : cred.find('/', a + 1);
      size_t c = b == std::string::npos ? b : cred.find('/', b + 1);
      if (c != std::string::npos && c > b + 1) return cred.substr(b + 1, c - b - 1);
    }
  }
  return options_.default_region;
}

void Router::Handle(HttpRequest request, ResponseCallback done) {
  if (guard_) {
    if (std::optional<HttpResponse> refused = guard_->Check(request, RealClock().Now())) {
      spdlog::debug("refused {} {}: {}", request.method, request.target, refused->body);
      done(std::move(*refused));
      return;
    }
  }
  if (interceptor_ && interceptor_(request, done)) return;
  std::string path = PathOf(request.target);
  if (path.rfind("/_emulator/", 0) == 0) return HandleAdmin(std::move(request), std::move(done));
  if (request.method == "POST" && path == "/") {
    return HandleStepFunctions(std::move(request), std::move(done));
  }
  if (services_.lambdas && IsLambdaPath(path)) {
    return HandleLambda(std::move(request), std::move(done));
  }
  done(JsonErrorResponse(Status(ErrorCode::kUnknownOperationException,
                                "No route for " + request.method + " " + path)));
}

void Router::HandleStepFunctions(HttpRequest request, ResponseCallback done) {
  const std::string* target = request.Header("x-amz-target");
  if (!target || target->rfind(kTargetPrefix, 0) != 0) {
    done(JsonErrorResponse(Status(ErrorCode::kUnknownOperationException,
                                  "Missing or unknown X-Amz-Target header")));
    return;
  }
  std::string operation = target->substr(sizeof(kTargetPrefix) - 1);
  Result<Json> body = request.body.empty() ? Result<Json>(Json::object())
                                           : ParseJson(request.body);
  if (!body.ok()) {
    done(JsonErrorResponse(Status(ErrorCode::kSerializationException,
                                  "Malformed JSON request body: " + body.status().message())));
    return;
  }
  control::RequestContext ctx{RegionOf(request), options_.account};
  if (read_pool_ && IsReadOperation(operation)) {
    read_pool_->Post(
        [operation, ctx, body = std::move(body).value(), done = std::move(done)](Reader& reader) {
          Serve(reader.services(), ctx, operation, body, done);
          reader.EndRead();
        });
    return;
  }
  boost::asio::post(engine_io_,
                    [this, operation, ctx, body = std::move(body).value(), done = std::move(done)] {
                      Serve(services_, ctx, operation, body, done);
                    });
}

void Router::HandleLambda(HttpRequest request, ResponseCallback done) {
  // Control-plane calls touch the store: on the engine thread. Invoke only
  // resolves there; the handler runs on a worker thread and its completion
  // answers the request.
  std::string region = RegionOf(request);
  boost::asio::post(engine_io_, [this, region, request = std::move(request),
                                 done = std::move(done)]() mutable {
    auto t0 = std::chrono::steady_clock::now();
    std::string what = request.method + " " + request.target;
    ResponseCallback fallback = done;
    try {
      RunLambdaOperation(*services_.lambdas, request, region,
                         [done = std::move(done), what, t0](HttpResponse r) {
                           auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::steady_clock::now() - t0).count();
                           spdlog::debug("lambda {} {} {}us", what, r.status, us);
                           done(std::move(r));
                         });
    } catch (const std::exception& e) {
      // The one place an exception from below turns into an API error.
      fallback(LambdaErrorResponse(Status(ErrorCode::kServiceException, e.what())));
    }
  });
}

void Router::HandleAdmin(HttpRequest request, ResponseCallback done) {
  std::string path = PathOf(request.target);
  if (path == "/_emulator/health") {
    double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
                        .count();
    done(JsonResponse(200, {{"status", "ok"},
                            {"version", options_.version},
                            {"uptimeSeconds", std::round(uptime * 1000) / 1000}}));
    return;
  }
  if (path == "/_emulator/clock" && (request.method == "GET" || request.method == "POST")) {
    double advance = 0;
    if (request.method == "POST" && !request.body.empty()) {
      Result<Json> body = ParseJson(request.body);
      const Json* a = body.ok() && body->is_object() && body->contains("advance")
                          ? &(*body)["advance"] : nullptr;
      if (!a || !a->is_number() || a->get<double>() < 0) {
        done(JsonErrorResponse(Status(ErrorCode::kValidationException,
                                      "Expected a body {\"advance\": <non-negative seconds>}")));
        return;
      }
      advance = a->get<double>();
    }
    boost::asio::post(engine_io_, [this, advance, done = std::move(done)] {
      Result<control::ClockReading> clock = clock_.Advance(advance);
      if (!clock.ok()) return done(JsonErrorResponse(clock.status()));
      done(JsonResponse(200, {{"now", FormatIso8601(clock->now)}, {"virtual", clock->is_virtual}}));
    });
    return;
  }
  HttpResponse r = JsonErrorResponse(
      Status(ErrorCode::kUnknownOperationException, "No admin endpoint " + path));
  r.status = 404;
  done(std::move(r));
}

}  // namespace sfn::api
