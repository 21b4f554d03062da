#include "api/request_guard.h"

#include <gtest/gtest.h>

#include "emulator/core/json.h"
#include "emulator/core/sigv4.h"

namespace sfn::api {
namespace {

const TimePoint kNow = FromEpochMillis(1764892800000);  // 2025-12-05T00:00:00Z

HttpRequest SfnRequest(std::string host = "127.0.0.1:8083") {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers["host"] = std::move(host);
  r.headers["x-amz-target"] = "AWSStepFunctions.ListStateMachines";
  r.headers["content-type"] = "application/x-amz-json-1.0";
  r.body = "{}";
  return r;
}

std::string TypeOf(const HttpResponse& r) {
  for (const auto& [k, v] : r.headers) {
    if (k == "x-amzn-ErrorType") return v;
  }
  return "";
}

struct HostCase {
  const char* host;
  bool allowed;
};

class GuardHostTest : public testing::TestWithParam<HostCase> {};

TEST_P(GuardHostTest, AnswersOnlyItsOwnNames) {
  RequestGuard guard(GuardOptions{"127.0.0.1", {"sfn.example.com"}, false, {}});
  EXPECT_EQ(guard.HostAllowed(GetParam().host), GetParam().allowed) << GetParam().host;
  std::optional<HttpResponse> refused = guard.Check(SfnRequest(GetParam().host), kNow);
  EXPECT_EQ(refused.has_value(), !GetParam().allowed);
  if (refused) {
    EXPECT_EQ(refused->status, 403);
    EXPECT_EQ(TypeOf(*refused), "AccessDeniedException");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, GuardHostTest,
    testing::Values(HostCase{"127.0.0.1:8083", true}, HostCase{"localhost", true},
                    HostCase{"LOCALHOST:8083", true}, HostCase{"api.localhost:80", true},
                    HostCase{"[::1]:8083", true}, HostCase{"10.1.2.3", true},
                    HostCase{"sfn:8083", true}, HostCase{"sfn.example.com:8083", true},
                    HostCase{"sfn.example.com.", true}, HostCase{"evil.example", false},
                    HostCase{"evil.example:8083", false}, HostCase{"localhost.evil.example", false},
                    HostCase{"127.0.0.1.nip.io", false},
                    // StartSyncExecution's endpoint prefix (botocore's hostPrefix).
                    HostCase{"sync-127.0.0.1:8083", true}, HostCase{"sync-localhost", true},
                    HostCase{"sync-sfn.example.com", true}, HostCase{"sync-evil.example", false},
                    HostCase{"sync-", true}));

TEST(GuardTest, AStarAllowsAnyHost) {
  RequestGuard guard(GuardOptions{"0.0.0.0", {"*"}, false, {}});
  EXPECT_FALSE(guard.Check(SfnRequest("anything.example"), kNow).has_value());
}

TEST(GuardTest, NoHostHeaderPasses) {
  RequestGuard guard(GuardOptions{});
  HttpRequest r = SfnRequest();
  r.headers.erase("host");
  EXPECT_FALSE(guard.Check(r, kNow).has_value());
}

TEST(GuardTest, CrossOriginWritesAreRefusedAndTheConsolesOwnPass) {
  RequestGuard guard(GuardOptions{});
  HttpRequest r = SfnRequest();
  r.headers["origin"] = "http://evil.example";
  std::optional<HttpResponse> refused = guard.Check(r, kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 403);
  r.headers["origin"] = "null";
  EXPECT_TRUE(guard.Check(r, kNow).has_value());
  r.headers["origin"] = "http://127.0.0.1:8083";
  EXPECT_FALSE(guard.Check(r, kNow).has_value());
  // Reads may carry any Origin: without CORS headers the page cannot read them.
  HttpRequest get;
  get.method = "GET";
  get.target = "/_emulator/health";
  get.headers["origin"] = "http://evil.example";
  EXPECT_FALSE(guard.Check(get, kNow).has_value());
}

TEST(GuardTest, LambdaPostsNeedJsonOrASignature) {
  RequestGuard guard(GuardOptions{});
  HttpRequest r;
  r.method = "POST";
  r.target = "/2015-03-31/functions/f/invocations";
  r.headers["host"] = "localhost:8083";
  r.headers["content-type"] = "text/plain";
  std::optional<HttpResponse> refused = guard.Check(r, kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Json::parse(refused->body)["Type"], "User");  // Lambda's error shape
  r.headers.erase("content-type");
  EXPECT_TRUE(guard.Check(r, kNow).has_value());
  r.headers["content-type"] = "application/json; charset=utf-8";
  EXPECT_FALSE(guard.Check(r, kNow).has_value());
  r.headers.erase("content-type");
  r.headers["authorization"] = "AWS4-HMAC-SHA256 Credential=x/20251205/us-east-1/lambda/...";
  EXPECT_FALSE(guard.Check(r, kNow).has_value());
}

class GuardSignatureTest : public testing::Test {
 protected:
  RequestGuard guard_{GuardOptions{"127.0.0.1", {}, true, {{"AKID", "secret", ""}}}};

  HttpRequest Signed(const std::string& secret, TimePoint at = kNow) {
    HttpRequest r = SfnRequest();
    sigv4::Request s;
    s.method = r.method;
    s.path = r.target;
    s.body = r.body;
    for (const auto& [k, v] : r.headers) s.headers.emplace_back(k, v);
    sigv4::Sign(s, sigv4::Credentials{"AKID", secret, ""}, "us-east-1", "states", at);
    for (const auto& [k, v] : s.headers) {
      std::string lower = k;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[lower] = v;
    }
    return r;
  }

  static std::string Message(const HttpResponse& r) {
    return Json::parse(r.body)["message"].get<std::string>();
  }
};

TEST_F(GuardSignatureTest, AValidSignaturePasses) {
  EXPECT_FALSE(guard_.Check(Signed("secret"), kNow).has_value());
}

TEST_F(GuardSignatureTest, AWrongSecretIsAnInvalidSignature) {
  std::optional<HttpResponse> refused = guard_.Check(Signed("wrong"), kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(TypeOf(*refused), "InvalidSignatureException");
  EXPECT_EQ(refused->status, 400);
}

TEST_F(GuardSignatureTest, ATamperedBodyIsAnInvalidSignature) {
  HttpRequest r = Signed("secret");
  r.body = "{\"maxResults\": 1}";
  EXPECT_EQ(TypeOf(*guard_.Check(r, kNow)), "InvalidSignatureException");
}

TEST_F(GuardSignatureTest, AnUnknownKeyIsUnrecognized) {
  HttpRequest r = Signed("secret");
  std::string& auth = r.headers["authorization"];
  auth.replace(auth.find("AKID"), 4, "NOPE");
  std::optional<HttpResponse> refused = guard_.Check(r, kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(TypeOf(*refused), "UnrecognizedClientException");
  EXPECT_EQ(Message(*refused), "The security token included in the request is invalid.");
}

TEST_F(GuardSignatureTest, AnOldSignatureHasExpired) {
  std::optional<HttpResponse> refused =
      guard_.Check(Signed("secret", kNow - std::chrono::minutes(20)), kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(TypeOf(*refused), "InvalidSignatureException");
  EXPECT_EQ(Message(*refused),
            "Signature expired: 20251204T234000Z is now earlier than 20251204T234500Z "
            "(20251205T000000Z - 15 min.)");
}

TEST_F(GuardSignatureTest, UnsignedRequestsAreRefusedExceptEmulatorReads) {
  std::optional<HttpResponse> refused = guard_.Check(SfnRequest(), kNow);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(TypeOf(*refused), "MissingAuthenticationTokenException");
  HttpRequest health;
  health.method = "GET";
  health.target = "/_emulator/health";
  EXPECT_FALSE(guard_.Check(health, kNow).has_value());
  health.method = "POST";
  health.target = "/_emulator/clock";
  EXPECT_TRUE(guard_.Check(health, kNow).has_value());
}

TEST(GuardTest, LoopbackHosts) {
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.8.9.1"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("192.168.0.1"));
}

}  // namespace
}  // namespace sfn::api
