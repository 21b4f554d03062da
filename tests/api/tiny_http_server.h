// A tiny HTTP/1.1 server on 127.0.0.1:<ephemeral port> for the client tests,
// written with plain Asio (no Beast, so it checks the client against an
// independent parser): each connection sends one request (head and a
// Content-Length body); the Responder answers with the raw bytes to write
// before closing, or std::nullopt to hold the connection open until
// Release() or the server's destruction. Runs on its own thread.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace sfn::api::testing {

struct ReceivedRequest {
  std::string head;  // request line and headers, as sent
  std::string body;

  // The value of header `name` (case-insensitive), or "".
  std::string Header(const std::string& name) const {
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    std::string h = lower(head), key = "\r\n" + lower(name) + ":";
    size_t at = h.find(key);
    if (at == std::string::npos) return "";
    size_t start = at + key.size(), end = head.find("\r\n", start);
    std::string v = head.substr(start, end - start);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
  }
};

class TinyHttpServer {
 public:
  using Responder = std::function<std::optional<std::string>(const ReceivedRequest&)>;

  explicit TinyHttpServer(Responder respond)
      : respond_(std::move(respond)),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    boost::asio::co_spawn(io_, Accept(), boost::asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TinyHttpServer() {
    io_.stop();
    thread_.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& target = "/") const {
    return "http://127.0.0.1:" + std::to_string(port()) + target;
  }

  std::vector<ReceivedRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t held() {
    std::lock_guard lock(mu_);
    return held_.size();
  }
  // Answers every held connection with `response` and closes it.
  void Release(const std::string& response) {
    boost::asio::post(io_, [this, response] {
      std::vector<std::shared_ptr<Socket>> held;
      {
        std::lock_guard lock(mu_);
        held.swap(held_);
      }
      for (auto& s : held) {
        boost::system::error_code ec;
        boost::asio::write(*s, boost::asio::buffer(response), ec);
        s->shutdown(Socket::shutdown_both, ec);
      }
    });
  }

 private:
  using Socket = boost::asio::ip::tcp::socket;

  boost::asio::awaitable<void> Accept() {
    for (;;) {
      auto socket =
          std::make_shared<Socket>(co_await acceptor_.async_accept(boost::asio::use_awaitable));
      boost::asio::co_spawn(io_, Serve(socket), boost::asio::detached);
    }
  }

  boost::asio::awaitable<void> Serve(std::shared_ptr<Socket> socket) {
    std::string data;
    auto buf = boost::asio::dynamic_buffer(data);
    size_t head_end = co_await boost::asio::async_read_until(*socket, buf, "\r\n\r\n",
                                                             boost::asio::use_awaitable);
    ReceivedRequest req;
    req.head = data.substr(0, head_end - 2);  // keeps the last header's CRLF
    data.erase(0, head_end);
    std::string length = req.Header("content-length");
    size_t want = length.empty() ? 0 : std::strtoul(length.c_str(), nullptr, 10);
    if (data.size() < want) {
      co_await boost::asio::async_read(*socket, buf,
                                       boost::asio::transfer_exactly(want - data.size()),
                                       boost::asio::use_awaitable);
    }
    req.body = data.substr(0, want);
    std::optional<std::string> answer = respond_(req);
    {
      std::lock_guard lock(mu_);
      requests_.push_back(req);
      if (!answer) held_.push_back(socket);
    }
    if (!answer) co_return;
    co_await boost::asio::async_write(*socket, boost::asio::buffer(*answer),
                                      boost::asio::use_awaitable);
    boost::system::error_code ec;
    socket->shutdown(Socket::shutdown_both, ec);
  }

  Responder respond_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::mutex mu_;
  std::vector<ReceivedRequest> requests_;
  std::vector<std::shared_ptr<Socket>> held_;
};

}  // namespace sfn::api::testing
