#include "api/http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <algorithm>
#include <cerrno>
#include <optional>

#include "emulator/core/json.h"

namespace sfn::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

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

auto AsTuple() { return asio::as_tuple(asio::use_awaitable); }

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

// The answer to a request the server refuses before routing it.
HttpResponse Refusal(int status, const std::string& message) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = DumpJson(Json{{"message", message}});
  return r;
}

// Errors of the HTTP parser that mean the bytes are not HTTP (400), as
// opposed to the peer closing or a limit (answered on their own).
bool IsMalformed(const beast::error_code& ec) {
  if (ec.category() != http::make_error_code(http::error::bad_method).category()) return false;
  return ec != http::error::end_of_stream && ec != http::error::partial_message &&
         ec != http::error::short_read && ec != http::error::header_limit &&
         ec != http::error::body_limit;
}

// Running out of descriptors or memory: accepting again at once would fail
// again at once, so the accept loop waits.
bool IsResourceShortage(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space ||
         ec == asio::error::no_memory || ec.value() == ENFILE;
}

using Parser = http::request_parser<http::string_body>;

void ConfigureParser(Parser& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
  // The largest any route accepts, until the target is known.
  parser.body_limit(Router::kMaxAnyBodyBytes);
}

// Once the header is in: the refusal of a target or a declared body that is
// too large, else nullopt (and the route's body limit is set).
std::optional<HttpResponse> CheckHeader(Parser& parser, const ServerLimits& limits) {
  std::string method(parser.get().method_string());
  std::string target(parser.get().target());
  size_t max_body = Router::MaxBodyBytes(method, target);
  if (target.size() > limits.max_target_bytes) {
    return Refusal(414, "Request-URI Too Long: the target has " + std::to_string(target.size()) +
                            " bytes, at most " + std::to_string(limits.max_target_bytes) +
                            " are accepted");
  }
  if (parser.content_length() && *parser.content_length() > max_body) {
    return Router::BodyTooLarge(method, target);
  }
  parser.body_limit(max_body);
  return std::nullopt;
}

// The answer to a parse error `ec` (nullopt: the peer closed, or the
// connection timed out, and nothing is answered).
std::optional<HttpResponse> RefusalFor(const beast::error_code& ec, const Parser& parser,
                                       const ServerLimits& limits) {
  // The parser has the method and target once it has read the request line
  // (it consumes it from the buffer then, so the buffer cannot tell).
  bool line_read = !parser.get().method_string().empty();
  if (ec == http::error::header_limit) {
    bool line = !line_read || parser.get().target().size() > limits.max_target_bytes;
    return line ? Refusal(414, "Request-URI Too Long")
                : Refusal(431, "Request Header Fields Too Large: at most " +
                                   std::to_string(limits.max_header_bytes) +
                                   " bytes of header are accepted");
  }
  if (ec == http::error::body_limit) {
    // A Content-Length past every route's limit ends the header with this
    // error before the header counts as done.
    if (!line_read) return Refusal(413, "Request Entity Too Large");
    return Router::BodyTooLarge(std::string(parser.get().method_string()),
                                std::string(parser.get().target()));
  }
  if (IsMalformed(ec)) return Refusal(400, "Bad Request: " + ec.message());
  return std::nullopt;
}

asio::awaitable<void> Session(tcp::socket socket, Router& router, ServerLimits limits) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    Parser parser;
    ConfigureParser(parser, limits);
    stream.expires_after(limits.idle_timeout);
    auto [hec, hn] = co_await http::async_read_header(stream, buffer, parser, AsTuple());
    (void)hn;
    beast::error_code ec = hec;
    std::optional<HttpResponse> refusal =
        ec ? RefusalFor(ec, parser, limits) : CheckHeader(parser, limits);
    if (!refusal && !ec && !parser.is_done()) {
      auto [rec, n] = co_await http::async_read(stream, buffer, parser, AsTuple());
      (void)n;
      ec = rec;
      if (ec) refusal = RefusalFor(ec, parser, limits);
    }
    if (refusal) {
      // Answered, then closed: what follows on the connection is unknown.
      auto res = ToBeast(std::move(*refusal), 11, false);
      stream.expires_after(limits.idle_timeout);
      auto [wec, wn] = co_await http::async_write(stream, res, AsTuple());
      (void)wn;
      if (!wec) {
        // Read (and drop) what the client still sends for a moment, so that
        // closing with unread data (a TCP reset) does not destroy the answer
        // before the client reads it.
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.expires_after(std::chrono::seconds(1));
        char scratch[64 * 1024];
        for (size_t drained = 0; drained < (8u << 20);) {
          auto [rec, n] = co_await stream.async_read_some(asio::buffer(scratch), AsTuple());
          if (rec) break;
          drained += n;
        }
      }
      break;
    }
    if (ec) break;  // closed or timed out
    auto& req = parser.get();
    bool keep_alive = req.keep_alive();
    unsigned version = req.version();
    HttpResponse resp = co_await AsyncRoute(router, ToPlain(req), asio::use_awaitable);
    auto res = ToBeast(std::move(resp), version, keep_alive);
    stream.expires_after(limits.idle_timeout);
    auto [wec, wn] = co_await http::async_write(stream, res, AsTuple());
    (void)wn;
    if (wec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace

struct HttpServer::Impl {
  Impl(asio::io_context& io, Router& router, ServerLimits limits)
      : io(io), router(router), limits(limits), acceptor(io) {}

  asio::awaitable<void> Accept() {
    asio::steady_timer pause(io);
    std::chrono::milliseconds backoff(0);
    auto last_warning = std::chrono::steady_clock::time_point();
    for (;;) {
      if (sessions >= limits.max_connections) {
        // At the cap: the next connections wait in the kernel's backlog
        // until one of these closes.
        pause.expires_after(std::chrono::milliseconds(20));
        co_await pause.async_wait(AsTuple());
        if (!acceptor.is_open()) co_return;
        continue;
      }
      auto [ec, socket] = co_await acceptor.async_accept(AsTuple());
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        if (!IsResourceShortage(ec)) continue;  // that one connection's problem
        // Out of descriptors (EMFILE/ENFILE) or memory: the pending
        // connection stays in the backlog and accept would fail again at
        // once, so wait (10 ms doubling to 1 s) instead of spinning.
        backoff = std::clamp(backoff * 2, std::chrono::milliseconds(10),
                             std::chrono::milliseconds(1000));
        auto now = std::chrono::steady_clock::now();
        if (now - last_warning > std::chrono::seconds(10)) {
          last_warning = now;
          spdlog::warn("cannot accept connections: {} ({} open); retrying", ec.message(),
                       sessions);
        }
        pause.expires_after(backoff);
        co_await pause.async_wait(AsTuple());
        if (!acceptor.is_open()) co_return;
        continue;
      }
      backoff = std::chrono::milliseconds(0);
      socket.set_option(tcp::no_delay(true), ec);
      ++sessions;
      asio::co_spawn(io, Session(std::move(socket), router, limits),
                     [this](std::exception_ptr e) {
                       --sessions;
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
  ServerLimits limits;
  tcp::acceptor acceptor;
  size_t sessions = 0;  // open connections (the I/O thread's)
};

HttpServer::HttpServer(asio::io_context& io, Router& router, ServerLimits limits)
    : impl_(std::make_unique<Impl>(io, router, limits)) {}

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

void ServeBytesForTest(Router& router, std::string_view bytes, const ServerLimits& limits,
                       const std::function<void()>& drain,
                       const std::function<void(const HttpResponse&)>& answered) {
  while (!bytes.empty()) {
    Parser parser;
    ConfigureParser(parser, limits);
    beast::error_code ec;
    std::optional<HttpResponse> refusal;
    bool header_checked = false;
    while (!ec && !parser.is_done() && !bytes.empty()) {
      size_t used = parser.put(asio::buffer(bytes.data(), bytes.size()), ec);
      bytes.remove_prefix(used);
      if (ec == http::error::need_more) {
        if (bytes.empty()) return;  // the connection would wait for more
        ec = {};
        if (used == 0) return;  // cannot progress without more bytes
      }
      if (!ec && !header_checked && parser.is_header_done()) {
        header_checked = true;
        refusal = CheckHeader(parser, limits);
        if (refusal) break;
      }
    }
    if (!refusal && ec) refusal = RefusalFor(ec, parser, limits);
    if (refusal) {
      answered(*refusal);
      return;  // the connection closes
    }
    if (!parser.is_done()) return;
    std::optional<HttpResponse> response;
    router.Handle(ToPlain(parser.get()), [&response](HttpResponse r) { response = std::move(r); });
    drain();
    if (!response) return;
    answered(*response);
    if (!parser.get().keep_alive()) return;
  }
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::Stop() {
  beast::error_code ec;
  impl_->acceptor.close(ec);
}

}  // namespace sfn::api
