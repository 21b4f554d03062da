// sfn-loadgen: a small keep-alive HTTP/1.1 load generator for bench/run.
//
//   sfn-loadgen --port P --target AWSStepFunctions.DescribeStateMachine --body '{...}'
//               [--connections C] [--seconds S | --requests N]
//
// Opens C connections to 127.0.0.1:P and sends POST / with the given
// X-Amz-Target and JSON body back to back on each (one request in flight per
// connection). Stops after S seconds or N requests in total and prints one
// JSON line (every "%SEQ%" in the body becomes the request number, 0, 1, ...): {"requests", "errors", "seconds", "rps", "p50_ms", "p99_ms"}.
// An answer with a status other than 200 counts as an error. One thread, one
// io_context; not part of the emulator (the bench tool may use Beast).
// Connections the server closes (HTTP/1.0 answers) are reopened, and the
// connect time counts in that request's latency.
#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

namespace {

struct Config {
  unsigned short port = 0;
  std::string target;
  std::string body = "{}";
  int connections = 1;
  double seconds = 0;
  long requests = 0;
};

struct Shared {
  Config cfg;
  Clock::time_point start;
  Clock::time_point deadline;
  long issued = 0;
  long errors = 0;
  std::vector<double> latencies_ms;

  bool More() {
    if (cfg.requests > 0) return issued < cfg.requests;
    return Clock::now() < deadline;
  }
};

asio::awaitable<void> Connection(Shared& s) {
  auto ex = co_await asio::this_coro::executor;
  asio::ip::tcp::socket sock(ex);
  asio::ip::tcp::endpoint server{asio::ip::make_address("127.0.0.1"), s.cfg.port};
  std::string head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/x-amz-json-1.0\r\n"
                    "X-Amz-Target: " + s.cfg.target + "\r\n"
                    "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/states/"
                    "aws4_request, SignedHeaders=host, Signature=0\r\n"
                    "Content-Length: ";
  beast::flat_buffer buf;
  while (s.More()) {
    long seq = s.issued++;
    std::string body = s.cfg.body;
    for (size_t at = body.find("%SEQ%"); at != std::string::npos; at = body.find("%SEQ%", at)) {
      body.replace(at, 5, std::to_string(seq));
    }
    std::string req = head + std::to_string(body.size()) + "\r\n\r\n" + body;
    auto t0 = Clock::now();
    if (!sock.is_open()) {  // first request, or the server closed (HTTP/1.0 servers like moto)
      buf.clear();
      co_await sock.async_connect(server, asio::use_awaitable);
      sock.set_option(asio::ip::tcp::no_delay(true));
    }
    co_await asio::async_write(sock, asio::buffer(req), asio::use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(sock, buf, res, asio::use_awaitable);
    s.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (res.result_int() != 200) {
      if (s.errors++ == 0) std::fprintf(stderr, "first error: %s\n", res.body().c_str());
    }
    if (!res.keep_alive()) {
      beast::error_code ignored;
      sock.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      sock.close(ignored);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Shared s;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") s.cfg.port = static_cast<unsigned short>(std::atoi(v.c_str()));
    else if (k == "--target") s.cfg.target = v;
    else if (k == "--body") s.cfg.body = v;
    else if (k == "--connections") s.cfg.connections = std::atoi(v.c_str());
    else if (k == "--seconds") s.cfg.seconds = std::atof(v.c_str());
    else if (k == "--requests") s.cfg.requests = std::atol(v.c_str());
    else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  if (s.cfg.port == 0 || s.cfg.target.empty()) {
    std::fprintf(stderr, "usage: sfn-loadgen --port P --target T [--body B] [--connections C] "
                         "[--seconds S | --requests N]\n");
    return 2;
  }
  if (s.cfg.seconds <= 0 && s.cfg.requests <= 0) s.cfg.seconds = 2;
  asio::io_context io(1);
  s.start = Clock::now();
  s.deadline = s.start + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(s.cfg.seconds));
  int failed = 0;
  for (int i = 0; i < s.cfg.connections; ++i) {
    asio::co_spawn(io, Connection(s), [&failed](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        if (failed++ == 0) std::fprintf(stderr, "connection failed: %s\n", ex.what());
      }
    });
  }
  io.run();
  double secs = std::chrono::duration<double>(Clock::now() - s.start).count();
  std::vector<double>& l = s.latencies_ms;
  std::sort(l.begin(), l.end());
  auto pct = [&l](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<size_t>(p * l.size()))];
  };
  std::printf("{\"requests\": %zu, \"errors\": %ld, \"failed_connections\": %d, "
              "\"seconds\": %.3f, \"rps\": %.1f, \"p50_ms\": %.3f, \"p99_ms\": %.3f}\n",
              l.size(), s.errors, failed, secs, l.size() / secs, pct(0.50), pct(0.99));
  return failed > 0 ? 1 : 0;
}
