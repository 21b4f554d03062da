#include "emulator/core/sigv4.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/core/hash.h"

namespace sfn::sigv4 {
namespace {

const Credentials kExample{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

// RFC 4231 test case 2: HMAC-SHA256 with a short key.
TEST(Hmac, Rfc4231) {
  EXPECT_EQ(HexOf(Hmac(HashAlgorithm::kSha256, "Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(UriEncode, KeepsUnreservedAndEncodesTheRest) {
  EXPECT_EQ(UriEncode("aZ09-_.~"), "aZ09-_.~");
  EXPECT_EQ(UriEncode("a b/c+d=é"), "a%20b%2Fc%2Bd%3D%C3%A9");
  EXPECT_EQ(UriEncode("a b/c", /*keep_slash=*/true), "a%20b/c");
}

TEST(AmzDate, IsBasicIso8601InUtc) {
  EXPECT_EQ(AmzDate(FromEpochMillis(1440938160000)), "20150830T123600Z");
}

struct Case {
  std::string name;
  std::string service;
  Request request;
  std::string amz_date;
  std::string canonical_request;
  std::string signature;
};

std::string SignatureOf(const std::string& authorization) {
  return authorization.substr(authorization.find("Signature=") + 10);
}

class SigV4Vectors : public ::testing::TestWithParam<Case> {};

TEST_P(SigV4Vectors, MatchReference) {
  const Case& c = GetParam();
  Signature s = Compute(c.request, kExample, "us-east-1", c.service, c.amz_date);
  EXPECT_EQ(s.canonical_request, c.canonical_request);
  EXPECT_EQ(SignatureOf(s.authorization), c.signature);
}

// The IAM ListUsers example of the AWS General Reference ("Signature Version 4
// signing process"), and two requests signed by botocore 1.43's SigV4Auth and
// S3SigV4Auth with the same credentials (a JSON-protocol POST, an S3 GET with
// an encoded key and query).
INSTANTIATE_TEST_SUITE_P(
    , SigV4Vectors,
    ::testing::Values(
        Case{"AwsGeneralReferenceExample", "iam",
             Request{"GET",
                     "/",
                     "Action=ListUsers&Version=2010-05-08",
                     {{"Host", "iam.amazonaws.com"},
                      {"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                      {"X-Amz-Date", "20150830T123600Z"}},
                     ""},
             "20150830T123600Z",
             "GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/"
             "x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:"
             "20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"},
        Case{"BotocoreJsonPost", "sqs",
             Request{"POST",
                     "/",
                     "",
                     {{"Host", "127.0.0.1:5000"},
                      {"Content-Type", "application/x-amz-json-1.0"},
                      {"X-Amz-Target", "AmazonSQS.SendMessage"},
                      {"User-Agent", "not signed"},
                      {"X-Amz-Date", "20260102T030405Z"}},
                     R"({"QueueUrl":"http://q/1","MessageBody":"hi"})"},
             "20260102T030405Z",
             "POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:127.0.0.1:5000\n"
             "x-amz-date:20260102T030405Z\nx-amz-target:AmazonSQS.SendMessage\n\n"
             "content-type;host;x-amz-date;x-amz-target\n"
             "e55333e889e19e53d32e92ba37dab8fb661a6ed85d915faa5e5a8430faa1a5f9",
             "e192d90e2f5d2c0eba1abf007448c22dd6eb13143bbeabbb7ff477dfa78b472d"},
        Case{"BotocoreS3Get", "s3",
             Request{"GET",
                     "/my-bucket/a%20b/c.txt",
                     "prefix=x%2Fy&list-type=2",
                     {{"Host", "127.0.0.1:5000"},
                      {"X-Amz-Content-Sha256",
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                      {"X-Amz-Date", "20260102T030405Z"}},
                     ""},
             "20260102T030405Z",
             "GET\n/my-bucket/a%20b/c.txt\nlist-type=2&prefix=x%2Fy\nhost:127.0.0.1:5000\n"
             "x-amz-content-sha256:"
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-amz-date:"
             "20260102T030405Z\n\nhost;x-amz-content-sha256;x-amz-date\n"
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
             "ec3d94a10333d44602156d805b8dc372d04f55a9875633d1fad6e1e38d915cd3"}),
    [](const auto& info) { return info.param.name; });

TEST(Sign, AddsDateTokenAndAuthorization) {
  Request r{"POST", "/", "", {{"Host", "localhost:4566"}}, "{}"};
  Credentials with_token{"AKID", "secret", "token"};
  Signature s = Sign(r, with_token, "eu-west-1", "s3", FromEpochMillis(1440938160000));
  auto header = [&](const std::string& name) -> std::string {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return "";
  };
  EXPECT_EQ(header("X-Amz-Date"), "20150830T123600Z");
  EXPECT_EQ(header("X-Amz-Security-Token"), "token");
  EXPECT_EQ(header("X-Amz-Content-Sha256"), DigestHex(HashAlgorithm::kSha256, "{}"));
  EXPECT_EQ(header("Authorization"), s.authorization);
  EXPECT_NE(s.authorization.find("Credential=AKID/20150830/eu-west-1/s3/aws4_request, "
                                 "SignedHeaders=host;x-amz-content-sha256;x-amz-date;"
                                 "x-amz-security-token, Signature="),
            std::string::npos);
}

}  // namespace
}  // namespace sfn::sigv4
