// The HTTP/1.1 listener (Boost.Beast): keep-alive, chunked request bodies,
// and one coroutine per connection on the I/O io_context. Requests are
// converted to plain HttpRequest values and handed to the Router; responses
// come back through a callback posted to the connection's executor, so I/O
// threads never wait on the engine. This is the only server translation unit
// that includes Beast.
//
// Limits (issue 14): at most `max_connections` connections are open at once
// (more wait in the kernel's backlog until one closes); a connection idle for
// `idle_timeout` is closed; accept errors back off (running out of file
// descriptors, EMFILE/ENFILE, never makes the loop spin); a request is
// answered before the connection closes when it is malformed (400), its body
// is too large for its route (413, the route's own error: Router::
// BodyTooLarge), its request line is too long (414) or its header is (431).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "api/router.h"
#include "emulator/core/status.h"

namespace sfn::api {

struct ServerLimits {
  size_t max_connections = 1000;
  std::chrono::seconds idle_timeout{120};
  size_t max_target_bytes = 16 * 1024;  // the request line's target (414 past it)
  size_t max_header_bytes = 64 * 1024;  // the whole header (431 past it)
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Router& router, ServerLimits limits = {});
  ~HttpServer();

  // Binds and starts accepting. Port 0 picks an ephemeral port.
  Status Listen(const std::string& host, uint16_t port);
  uint16_t port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The request path of a connection without a socket, for the fuzz target
// (tests/fuzz/http_request_fuzz.cc): parses the requests in `bytes` with the
// limits and refusals of a connection, routes each through `router`, runs
// `drain` (the engine's io_context: the router answers asynchronously) and
// passes each answer to `answered`. Stops where a connection would close or
// wait for more bytes.
void ServeBytesForTest(Router& router, std::string_view bytes, const ServerLimits& limits,
                       const std::function<void()>& drain,
                       const std::function<void(const HttpResponse&)>& answered);

}  // namespace sfn::api
