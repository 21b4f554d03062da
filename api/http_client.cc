#include "api/http_client.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <exception>
#include <memory>
#include <utility>

namespace sfn::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using engine::HttpAnswer;
using engine::HttpRequestSpec;

namespace {

constexpr size_t kMaxHeaderBytes = 64 * 1024;

auto AsTuple() { return asio::as_tuple(asio::use_awaitable); }

struct Target {
  std::string host;         // name or address, no brackets
  std::string port;         // "80" when the URL names none
  std::string target;       // path and query as written
  std::string host_header;  // host[:port] as written
};

Result<Target> ParseUrl(const std::string& url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return Status(ErrorCode::kValidationException,
                  "invalid URL '" + url + "': " + parsed.error().message());
  }
  if (parsed->scheme_id() != boost::urls::scheme::http) {
    return Status(ErrorCode::kValidationException,
                  "unsupported URL '" + url + "': only http:// URLs can be called");
  }
  Target t;
  t.host = parsed->host_address();
  if (t.host.empty()) {
    return Status(ErrorCode::kValidationException, "invalid URL '" + url + "': no host");
  }
  t.port = parsed->port().empty() ? "80" : std::string(parsed->port());
  t.target = std::string(parsed->encoded_target());
  if (t.target.empty()) t.target = "/";
  t.host_header = std::string(parsed->encoded_host_and_port());
  return t;
}

Status Failed(const HttpRequestSpec& spec, const std::string& why) {
  return Status(ErrorCode::kServiceException, spec.method + " " + spec.url + ": " + why);
}

Status IoFailed(const HttpRequestSpec& spec, const char* step, const beast::error_code& ec) {
  if (ec == beast::error::timeout) {
    return Failed(spec, std::string("timed out after ") + std::to_string(spec.timeout.count()) +
                            " ms (" + step + ")");
  }
  return Failed(spec, std::string(step) + " failed: " + ec.message());
}

http::request<http::string_body> BuildRequest(HttpRequestSpec& spec, const Target& t) {
  http::request<http::string_body> req;
  req.version(11);
  http::verb verb = http::string_to_verb(spec.method);
  if (verb == http::verb::unknown) {
    req.method_string(spec.method);
  } else {
    req.method(verb);
  }
  req.target(t.target);
  for (const auto& [name, value] : spec.headers) req.insert(name, value);
  if (req.find(http::field::host) == req.end()) req.set(http::field::host, t.host_header);
  if (req.find(http::field::user_agent) == req.end()) {
    req.set(http::field::user_agent, "sfn-emulator/" SFN_VERSION);
  }
  req.body() = std::move(spec.body);
  req.keep_alive(false);
  req.prepare_payload();
  return req;
}

asio::awaitable<Result<HttpAnswer>> Exchange(HttpRequestSpec spec) {
  Result<Target> t = ParseUrl(spec.url);
  if (!t.ok()) co_return t.status();
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto [rec, endpoints] = co_await resolver.async_resolve(t->host, t->port, AsTuple());
  if (rec) co_return Failed(spec, "cannot resolve " + t->host + ": " + rec.message());

  beast::tcp_stream stream(executor);
  stream.expires_after(spec.timeout);  // one deadline for everything below
  auto [cec, endpoint] = co_await stream.async_connect(endpoints, AsTuple());
  (void)endpoint;
  if (cec) co_return IoFailed(spec, "connect", cec);
  http::request<http::string_body> req = BuildRequest(spec, *t);
  auto [wec, written] = co_await http::async_write(stream, req, AsTuple());
  (void)written;
  if (wec) co_return IoFailed(spec, "send", wec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(spec.max_response_bytes);
  if (req.method() == http::verb::head) parser.skip(true);
  auto [rdec, read] = co_await http::async_read(stream, buffer, parser, AsTuple());
  (void)read;
  if (rdec == http::error::body_limit) {
    co_return Failed(
        spec, "the response is larger than " + std::to_string(spec.max_response_bytes) + " bytes");
  }
  if (rdec) co_return IoFailed(spec, "receive", rdec);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

  http::response<http::string_body> res = parser.release();
  HttpAnswer answer;
  answer.status = static_cast<int>(res.result_int());
  answer.reason = std::string(res.reason());
  for (const auto& field : res) {
    std::string name(field.name_string());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    answer.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  answer.body = std::move(res.body());
  co_return answer;
}

// `done` is taken out of `once` by whoever calls it first: the coroutine with
// the answer, or the completion handler when an exception escaped.
asio::awaitable<void> Run(HttpRequestSpec spec, std::shared_ptr<engine::HttpCallback> once) {
  Result<HttpAnswer> answer = co_await Exchange(std::move(spec));
  if (engine::HttpCallback done = std::exchange(*once, nullptr)) done(std::move(answer));
}

}  // namespace

HttpClient::HttpClient(asio::any_io_executor executor) : executor_(std::move(executor)) {}

void HttpClient::Send(HttpRequestSpec request, engine::HttpCallback done) {
  auto once = std::make_shared<engine::HttpCallback>(std::move(done));
  std::string what = request.method + " " + request.url;
  asio::co_spawn(executor_, Run(std::move(request), once), [once, what](std::exception_ptr e) {
    if (!e) return;
    // The library edge: an exception out of Asio or Beast
    // fails this one call, logged; the server keeps serving.
    std::string why = "unknown exception";
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      why = ex.what();
    } catch (...) {
    }
    spdlog::error("HTTP client: {}: {}", what, why);
    if (engine::HttpCallback cb = std::exchange(*once, nullptr)) {
      cb(Status(ErrorCode::kServiceException, what + ": " + why));
    }
  });
}

}  // namespace sfn::api
