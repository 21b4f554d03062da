// Routes one HTTP request to its handler (DESIGN.md, "Wire"):
//   POST / with X-Amz-Target AWSStepFunctions.<Op>  -> Step Functions (AWS JSON 1.0)
//   /2015-03-31/functions..., /2017-03-31/tags/...   -> Lambda (REST-JSON)
//   /_emulator/...                                   -> the admin surface
// The web console's routes (GET /, /_emulator/console/, the live channel) and
// the header rule for /_emulator/ writes come first: api/console_routes.h,
// installed with SetInterceptor.
// Everything that touches the services runs on the engine executor (one
// thread, which owns the store and the driver), or, for the pure reads
// (IsReadOperation) when a ReadPool is set, on a reader thread; the caller's
// I/O thread only parses and never blocks. Handle() may be called from any
// thread; the callback runs on the engine thread, a reader thread, or inline
// for trivial answers.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "api/http_types.h"
#include "api/read_pool.h"
#include "api/request_guard.h"
#include "api/sfn_operations.h"
#include "emulator/control/clock_service.h"

namespace sfn::api {

struct RouterOptions {
  std::string default_region = "us-east-1";
  std::string account = "123456789012";
  std::string version;
};

class Router {
 public:
  // `clock` answers /_emulator/clock; like `services`, it must outlive this.
  Router(boost::asio::io_context& engine_io, Services services, control::ClockService& clock,
         RouterOptions options);

  void Handle(HttpRequest request, ResponseCallback done);

  // Who may call (Host, Origin, content types, signatures): checked before
  // any route, the console's included. Without one, everything passes.
  void SetGuard(std::unique_ptr<const RequestGuard> guard) { guard_ = std::move(guard); }

  // Request bodies (issue 14): the largest a request to `target` may carry,
  // and the answer when it carries more, in its API's words. Lambda code
  // uploads take AWS's 70,167,211 bytes (a 50 MB zip, base64 encoded in
  // JSON), Invoke its 6 MB payload, everything else 8 MiB.
  static constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
  static constexpr size_t kMaxCodeUploadBytes = 70167211;
  static constexpr size_t kMaxAnyBodyBytes = kMaxCodeUploadBytes;
  static size_t MaxBodyBytes(const std::string& method, const std::string& target);
  static HttpResponse BodyTooLarge(const std::string& method, const std::string& target);

  // Routes taken before the router's own (the web console): answers through
  // `done` and returns true when it took the request.
  using Interceptor = std::function<bool(const HttpRequest&, ResponseCallback&)>;
  void SetInterceptor(Interceptor interceptor) { interceptor_ = std::move(interceptor); }

  // Where the pure reads run (issue 16 part 4); without one (an in-memory
  // store), on the engine thread. Must outlive this.
  void SetReadPool(ReadPool* pool) { read_pool_ = pool; }

 private:
  void HandleStepFunctions(HttpRequest request, ResponseCallback done);
  void HandleAdmin(HttpRequest request, ResponseCallback done);
  void HandleLambda(HttpRequest request, ResponseCallback done);
  std::string RegionOf(const HttpRequest& request) const;

  boost::asio::io_context& engine_io_;
  Services services_;
  control::ClockService& clock_;
  RouterOptions options_;
  std::chrono::steady_clock::time_point started_;
  Interceptor interceptor_;
  std::unique_ptr<const RequestGuard> guard_;
  ReadPool* read_pool_ = nullptr;
};

}  // namespace sfn::api
