#include "api/http_client.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <future>
#include <thread>

#include "emulator/core/worker_pool.h"
#include "tests/api/tiny_http_server.h"

namespace sfn::api {
namespace {

using engine::HttpAnswer;
using engine::HttpRequestSpec;
using testing::ReceivedRequest;
using testing::TinyHttpServer;

constexpr char kHello[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Amz-Function-Error: Unhandled\r\n"
    "Content-Length: 5\r\n\r\nhello";

class HttpClientTest : public ::testing::Test {
 protected:
  HttpClientTest() : pool_(1), client_(pool_.io().get_executor()) {}

  // Sends and waits for the answer (the client runs on the pool's I/O thread).
  Result<HttpAnswer> Call(HttpRequestSpec spec) {
    std::promise<Result<HttpAnswer>> got;
    client_.Send(std::move(spec), [&got](Result<HttpAnswer> r) { got.set_value(std::move(r)); });
    return got.get_future().get();
  }

  WorkerPool pool_;
  HttpClient client_;
};

TEST_F(HttpClientTest, SendsTheRequestAndReturnsStatusHeadersAndBody) {
  TinyHttpServer server([](const ReceivedRequest&) { return std::string(kHello); });
  HttpRequestSpec spec;
  spec.method = "POST";
  spec.url = server.url("/2015-03-31/functions/f/invocations?Qualifier=$LATEST");
  spec.headers = {{"Content-Type", "application/json"}, {"X-Amz-Log-Type", "Tail"}};
  spec.body = R"({"k":1})";
  Result<HttpAnswer> r = Call(spec);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  ASSERT_NE(r->Header("x-amz-function-error"), nullptr);  // names lower-cased
  EXPECT_EQ(*r->Header("x-amz-function-error"), "Unhandled");
  EXPECT_EQ(r->Header("x-nope"), nullptr);

  ASSERT_EQ(server.requests().size(), 1u);
  ReceivedRequest got = server.requests()[0];
  EXPECT_EQ(got.head.substr(0, got.head.find("\r\n")),
            "POST /2015-03-31/functions/f/invocations?Qualifier=$LATEST HTTP/1.1");
  EXPECT_EQ(got.Header("host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(got.Header("content-type"), "application/json");
  EXPECT_EQ(got.Header("x-amz-log-type"), "Tail");
  EXPECT_EQ(got.Header("content-length"), "7");
  EXPECT_EQ(got.body, R"({"k":1})");
}

struct BodyCase {
  const char* name;
  const char* response;
  int status;
  const char* body;
};

class HttpClientBodyTest : public HttpClientTest, public ::testing::WithParamInterface<BodyCase> {};

TEST_P(HttpClientBodyTest, ReadsEveryBodyFraming) {
  TinyHttpServer server([](const ReceivedRequest&) { return std::string(GetParam().response); });
  HttpRequestSpec spec;
  spec.url = server.url();
  Result<HttpAnswer> r = Call(spec);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, GetParam().status);
  EXPECT_EQ(r->body, GetParam().body);
}

INSTANTIATE_TEST_SUITE_P(
    All, HttpClientBodyTest,
    ::testing::Values(
        BodyCase{"chunked",
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                 200, "hello world"},
        BodyCase{"until_close", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nto the end", 200,
                 "to the end"},
        // Any status is an answer, not a transport failure.
        BodyCase{"not_found",
                 "HTTP/1.1 404 Not Found\r\nX-Amzn-ErrorType: ResourceNotFoundException\r\n"
                 "Content-Length: 2\r\n\r\n{}",
                 404, "{}"},
        BodyCase{"empty", "HTTP/1.1 204 No Content\r\n\r\n", 204, ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(HttpClientTest, RefusesUrlsItCannotCall) {
  for (const char* url :
       {"https://example.com/", "ftp://example.com/", "not a url", "http:///x", ""}) {
    HttpRequestSpec spec;
    spec.url = url;
    Result<HttpAnswer> r = Call(spec);
    ASSERT_FALSE(r.ok()) << url;
    EXPECT_EQ(r.status().code(), ErrorCode::kValidationException) << url;
  }
}

TEST_F(HttpClientTest, TransportFailuresAreServiceExceptions) {
  // A port nothing listens on: bound, then closed.
  uint16_t closed_port = 0;
  {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  HttpRequestSpec spec;
  spec.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/";
  Result<HttpAnswer> r = Call(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kServiceException);
  EXPECT_NE(r.status().message().find("connect"), std::string::npos) << r.status().message();

  TinyHttpServer garbage([](const ReceivedRequest&) { return std::string("garbage\r\n\r\n"); });
  spec.url = garbage.url();
  r = Call(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kServiceException);

  TinyHttpServer big([](const ReceivedRequest&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n") + std::string(100, 'x');
  });
  spec.url = big.url();
  spec.max_response_bytes = 10;
  r = Call(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("larger than 10 bytes"), std::string::npos)
      << r.status().message();
}

TEST_F(HttpClientTest, TimesOutOnASilentEndpoint) {
  TinyHttpServer silent([](const ReceivedRequest&) { return std::nullopt; });
  HttpRequestSpec spec;
  spec.url = silent.url();
  spec.timeout = std::chrono::milliseconds(50);
  Result<HttpAnswer> r = Call(spec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kServiceException);
  EXPECT_NE(r.status().message().find("timed out after 50 ms"), std::string::npos)
      << r.status().message();
}

// Asynchronous: a call waiting on a slow endpoint holds no thread, so a
// second call on the same single I/O thread completes meanwhile.
TEST_F(HttpClientTest, ASlowCallDoesNotDelayOthers) {
  TinyHttpServer server([](const ReceivedRequest& req) -> std::optional<std::string> {
    if (req.head.rfind("GET /slow ", 0) == 0) return std::nullopt;
    return std::string(kHello);
  });
  std::promise<Result<HttpAnswer>> slow;
  HttpRequestSpec spec;
  spec.url = server.url("/slow");
  client_.Send(spec, [&slow](Result<HttpAnswer> r) { slow.set_value(std::move(r)); });
  auto slow_answer = slow.get_future();
  while (server.held() == 0) std::this_thread::yield();
  spec.url = server.url("/fast");
  Result<HttpAnswer> fast = Call(spec);
  ASSERT_TRUE(fast.ok()) << fast.status().ToString();
  EXPECT_EQ(fast->body, "hello");
  EXPECT_EQ(slow_answer.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  server.Release("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow");
  Result<HttpAnswer> r = slow_answer.get();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, "slow");
}

// WorkerPool::Shutdown while a call waits: the call is dropped, its callback
// destroyed unrun, and Shutdown returns at once.
TEST_F(HttpClientTest, ShutdownDropsAWaitingCall) {
  TinyHttpServer silent([](const ReceivedRequest&) { return std::nullopt; });
  auto witness = std::make_shared<int>(0);
  HttpRequestSpec spec;
  spec.url = silent.url();
  spec.timeout = std::chrono::hours(1);
  client_.Send(spec, [witness](Result<HttpAnswer>) { ++*witness; });
  while (silent.held() == 0) std::this_thread::yield();
  pool_.Shutdown();
  EXPECT_EQ(*witness, 0);
  EXPECT_EQ(witness.use_count(), 1);
}

}  // namespace
}  // namespace sfn::api
