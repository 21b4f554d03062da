// The outbound HTTP/1.1 client (Boost.Beast) behind engine::HttpPort: plain
// http, one connection per request (Connection: close), one coroutine per
// request on the executor it is given (the WorkerPool's I/O thread in the
// binary), so a slow endpoint holds no thread. Besides api/http_server.cc,
// http_client.cc is the only translation unit that includes Beast.
//
// The client holds no I/O object of its own: each request owns its resolver
// and socket, so destroying the io_context (WorkerPool::Shutdown) drops the
// requests still waiting, their callbacks unrun. Thread-safe.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "emulator/engine/http_port.h"

namespace sfn::api {

class HttpClient : public engine::HttpPort {
 public:
  explicit HttpClient(boost::asio::any_io_executor executor);

  void Send(engine::HttpRequestSpec request, engine::HttpCallback done) override;

 private:
  boost::asio::any_io_executor executor_;
};

}  // namespace sfn::api
