#include "api/lambda_forwarder.h"

#include <gtest/gtest.h>

#include <optional>

namespace sfn::api {
namespace {

using engine::HttpAnswer;
using engine::HttpRequestSpec;
using engine::InvocationResult;

// Records the request and answers with a canned result, synchronously.
class FakeHttp : public engine::HttpPort {
 public:
  explicit FakeHttp(Result<HttpAnswer> answer) : answer_(std::move(answer)) {}
  void Send(HttpRequestSpec request, engine::HttpCallback done) override {
    sent = std::move(request);
    done(answer_);
  }
  std::optional<HttpRequestSpec> sent;

 private:
  Result<HttpAnswer> answer_;
};

InvocationResult Forward(FakeHttp& http, const std::string& endpoint,
                         const std::optional<std::string>& qualifier, bool tail_log) {
  auto forwarder = MakeLambdaForwarder(endpoint, http);
  EXPECT_TRUE(forwarder.ok()) << forwarder.status().ToString();
  std::optional<InvocationResult> got;
  (*forwarder)->Invoke("remote", qualifier, R"({"k":1})", tail_log, [&got](InvocationResult r) {
    got = std::move(r);
  });
  EXPECT_TRUE(got.has_value());
  return got.value_or(InvocationResult{});
}

TEST(LambdaForwarderTest, PostsAnInvokeRequestAndReadsTheAnswerHeaders) {
  FakeHttp http(HttpAnswer{200,
                           {{"x-amz-executed-version", "1"},
                            {"x-amz-function-error", "Unhandled"},
                            {"x-amz-log-result", "bG9n"}},
                           R"({"errorType":"E"})"});
  InvocationResult r = Forward(http, "http://up:3001/prefix/", std::string("1"), true);
  ASSERT_TRUE(http.sent.has_value());
  EXPECT_EQ(http.sent->method, "POST");
  EXPECT_EQ(http.sent->url,
            "http://up:3001/prefix/2015-03-31/functions/remote/invocations"
            "?Qualifier=1");
  EXPECT_EQ(http.sent->body, R"({"k":1})");
  bool tail = false;
  for (const auto& [k, v] : http.sent->headers) tail |= k == "X-Amz-Log-Type" && v == "Tail";
  EXPECT_TRUE(tail);
  EXPECT_GE(http.sent->timeout, std::chrono::seconds(900));  // Lambda's longest timeout
  EXPECT_EQ(r.status_code, 200);
  EXPECT_EQ(r.executed_version, "1");
  EXPECT_EQ(r.function_error, std::optional<std::string>("Unhandled"));
  EXPECT_EQ(r.log_result, std::optional<std::string>("bG9n"));
  EXPECT_EQ(r.payload, R"({"errorType":"E"})");
  EXPECT_FALSE(r.service_error);
}

TEST(LambdaForwarderTest, AnErrorTypeHeaderIsAServiceError) {
  FakeHttp http(HttpAnswer{404,
                           {{"x-amzn-errortype", "ResourceNotFoundException:http://internal"}},
                           R"({"Type":"User","message":"Function not found: x"})"});
  InvocationResult r = Forward(http, "http://up:3001", std::nullopt, false);
  EXPECT_EQ(http.sent->url, "http://up:3001/2015-03-31/functions/remote/invocations");
  for (const auto& [k, v] : http.sent->headers) EXPECT_NE(k, "X-Amz-Log-Type");
  EXPECT_EQ(r.status_code, 404);
  EXPECT_EQ(r.service_error, std::optional<std::string>("ResourceNotFoundException"));
  EXPECT_EQ(r.service_message, "Function not found: x");
}

TEST(LambdaForwarderTest, NoAnswerIsAServiceException) {
  FakeHttp http(Status(ErrorCode::kServiceException, "POST http://up:1/...: connect failed"));
  InvocationResult r = Forward(http, "http://up:1", std::nullopt, false);
  EXPECT_EQ(r.service_error, std::optional<std::string>("ServiceException"));
  EXPECT_EQ(r.service_message, "--lambda-endpoint: POST http://up:1/...: connect failed");
}

TEST(LambdaForwarderTest, RefusesEndpointsItCannotCall) {
  FakeHttp http(HttpAnswer{});
  for (const char* url : {"https://up", "up:3001", "http://", "http://up/?q=1", ""}) {
    auto forwarder = MakeLambdaForwarder(url, http);
    ASSERT_FALSE(forwarder.ok()) << url;
    EXPECT_EQ(forwarder.status().code(), ErrorCode::kValidationException) << url;
  }
}

}  // namespace
}  // namespace sfn::api
