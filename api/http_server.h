// The HTTP/1.1 listener (Boost.Beast): keep-alive, chunked request bodies, a
// body size limit, and one coroutine per connection on the I/O io_context.
// Requests are converted to plain HttpRequest values and handed to the
// Router; responses come back through a callback posted to the connection's
// executor, so I/O threads never wait on the engine. This is the only
// translation unit that includes Beast.
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

#include "api/router.h"
#include "emulator/core/status.h"

namespace sfn::api {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Router& router);
  ~HttpServer();

  // Binds and starts accepting. Port 0 picks an ephemeral port.
  Status Listen(const std::string& host, uint16_t port);
  uint16_t port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sfn::api
