// sfn-limit-http: the machine's HTTP limit for bench/run (issue 16, part 6).
//
//   sfn-limit-http [--port P]     (0 or absent: an ephemeral port)
//
// A bare Beast HTTP/1.1 server shaped like the emulator's front end (one I/O
// thread, one coroutine per keep-alive connection, header then body read,
// `Content-Type: application/x-amz-json-1.0`), answering every request with a
// fixed StartExecution-shaped body and doing nothing else. sfn-loadgen drives
// it exactly as it drives the emulator, so the emulator's request rate can be
// reported as a fraction of what HTTP alone costs on this machine. Prints
// "listening on http://127.0.0.1:<port>" on stdout once it accepts, then
// serves until killed. Not part of the emulator (the bench may use Beast).
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr char kBody[] =
    "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:rate:c8-123456\","
    "\"startDate\":1.7647008E9}";

asio::awaitable<void> Session(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(1 << 20);
    beast::error_code ec;
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    bool keep_alive = parser.get().keep_alive();
    http::response<http::string_body> res{http::status::ok, parser.get().version()};
    res.set(http::field::content_type, "application/x-amz-json-1.0");
    res.body() = kBody;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Accept(tcp::acceptor& acceptor) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    socket.set_option(tcp::no_delay(true));
    asio::co_spawn(acceptor.get_executor(), Session(std::move(socket)), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--port") {
      port = static_cast<unsigned short>(std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "usage: sfn-limit-http [--port P]\n");
      return 2;
    }
  }
  asio::io_context io(1);
  tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), port});
  std::printf("listening on http://127.0.0.1:%u\n",
              static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);
  asio::co_spawn(io, Accept(acceptor), asio::detached);
  io.run();
  return 0;
}
