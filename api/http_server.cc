#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>

namespace sfn::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Large enough for a 1 MiB definition escaped inside JSON.
constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
// Lambda's direct upload quota is a 50 MB zip, base64 in a JSON body.
constexpr size_t kMaxLambdaBodyBytes = 72 * 1024 * 1024;
constexpr auto kIdleTimeout = std::chrono::seconds(120);

auto AsTuple() { return asio::as_tuple(asio::use_awaitable); }

// Hands `request` to the router and resumes the coroutine on its own
// executor with the response.
template <typename Token>
auto AsyncRoute(Router& router, HttpRequest request, Token&& token) {
  return asio::async_initiate<Token, void(HttpResponse)>(
      [&router](auto handler, HttpRequest req) {
        auto ex = asio::get_associated_executor(handler);
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        router.Handle(std::move(req), [shared, ex](HttpResponse resp) {
          asio::post(ex, [shared, resp = std::move(resp)]() mutable {
            (*shared)(std::move(resp));
          });
        });
      },
      token, std::move(request));
}

HttpRequest ToPlain(const http::request<http::string_body>& req) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  for (const auto& field : req) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  out.body = req.body();
  return out;
}

http::response<http::string_body> ToBeast(HttpResponse resp, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(resp.status), version};
  out.set(http::field::server, "sfn-emulator");
  for (auto& [k, v] : resp.headers) out.set(k, v);
  out.set("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000");
  out.body() = std::move(resp.body);
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

asio::awaitable<void> Session(tcp::socket socket, Router& router) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    // The limit is checked against Content-Length while the header is read:
    // allow Lambda's size there, then hold other paths to the smaller one.
    parser.body_limit(kMaxLambdaBodyBytes);
    stream.expires_after(kIdleTimeout);
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, AsTuple());
    (void)hn;
    beast::error_code ec = hec;
    if (!ec && !parser.get().target().starts_with("/2015-03-31/")) {
      if (parser.content_length() && *parser.content_length() > kMaxBodyBytes) {
        ec = http::error::body_limit;
      } else {
        parser.body_limit(kMaxBodyBytes);
      }
    }
    if (!ec && !parser.is_done()) {
      auto [rec, n] = co_await http::async_read(stream, buffer, parser, AsTuple());
      (void)n;
      ec = rec;
    }
    if (ec == http::error::body_limit) {
      HttpResponse r{413, {{"Content-Type", "application/x-amz-json-1.0"}},
                     R"({"__type":"com.amazon.coral.service#SerializationException",)"
                     R"("message":"Request entity too large"})"};
      auto res = ToBeast(std::move(r), 11, false);
      co_await http::async_write(stream, res, AsTuple());
      break;
    }
    if (ec) break;  // closed, timed out, or malformed: drop the connection
    auto& req = parser.get();
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    HttpResponse resp = co_await AsyncRoute(router, ToPlain(req), asio::use_awaitable);
    auto res = ToBeast(std::move(resp), version, keep_alive);
    stream.expires_after(kIdleTimeout);
    auto [wec, wn] = co_await http::async_write(stream, res, AsTuple());
    (void)wn;
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

struct HttpServer::Impl {
  Impl(asio::io_context& io, Router& router) : io(io), router(router), acceptor(io) {}

  asio::awaitable<void> Accept() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(AsTuple());
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) continue;
      socket.set_option(tcp::no_delay(true), ec);
      asio::co_spawn(io, Session(std::move(socket), router), [](std::exception_ptr e) {
        if (e) {
          try {
            std::rethrow_exception(e);
          } catch (const std::exception& ex) {
            spdlog::warn("connection ended with an error: {}", ex.what());
          }
        }
      });
    }
  }

  asio::io_context& io;
  Router& router;
  tcp::acceptor acceptor;
};

HttpServer::HttpServer(asio::io_context& io, Router& router)
    : impl_(std::make_unique<Impl>(io, router)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Listen(const std::string& host, uint16_t port) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return Status(ErrorCode::kValidationException, "invalid --host '" + host + "'");
  tcp::endpoint endpoint(address, port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status(ErrorCode::kInternalFailure,
                  "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message());
  }
  asio::co_spawn(impl_->io, impl_->Accept(), asio::detached);
  return Status::Ok();
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Stop() {
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace sfn::api
