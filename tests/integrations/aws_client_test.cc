#include "emulator/integrations/aws_client.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/integrations/aws_endpoints.h"
#include "emulator/integrations/xml.h"

namespace sfn::integrations {
namespace {

std::string HeaderOf(const engine::HttpRequestSpec& spec, const std::string& name) {
  for (const auto& [n, v] : spec.headers) {
    if (n == name) return v;
  }
  return "";
}

TEST(AwsEndpoints, PerServiceBeatsDefaultAndSelfServesStepFunctions) {
  AwsEndpoints e;
  EXPECT_FALSE(e.Find("sqs"));
  ASSERT_TRUE(e.Set("sqs", "http://127.0.0.1:9324/").ok());
  ASSERT_TRUE(e.SetDefault("http://localhost:4566").ok());
  e.SetSelf("http://127.0.0.1:8083");
  EXPECT_EQ(e.Find("sqs"), "http://127.0.0.1:9324");
  EXPECT_EQ(e.Find("dynamodb"), "http://localhost:4566");
  EXPECT_EQ(e.Find("eventbridge"), "http://localhost:4566");  // an alias of events
  // Without STEP_FUNCTIONS_ENDPOINT, nested calls stay in this emulator.
  EXPECT_EQ(e.Find("sfn"), "http://127.0.0.1:8083");
  ASSERT_TRUE(e.Set("stepfunctions", "http://127.0.0.1:1234").ok());
  EXPECT_EQ(e.Find("states"), "http://127.0.0.1:1234");
  EXPECT_FALSE(e.Find("nosuchservice"));
}

TEST(AwsEndpoints, RefusesUnknownServicesAndNonHttpUrls) {
  AwsEndpoints e;
  Status unknown = e.Set("sqz", "http://x");
  EXPECT_EQ(unknown.code(), ErrorCode::kValidationException);
  EXPECT_NE(unknown.message().find("unknown service 'sqz'"), std::string::npos);
  EXPECT_FALSE(e.Set("sqs", "https://sqs.us-east-1.amazonaws.com").ok());
  EXPECT_FALSE(e.SetDefault("localhost:4566").ok());
  EXPECT_FALSE(e.SetDefault("http://").ok());
}

TEST(AwsEndpoints, HowToSetNamesEverySetting) {
  EXPECT_EQ(AwsEndpoints::HowToSet("sqs"),
            "SQS_ENDPOINT, --endpoint sqs=URL or --aws-endpoint URL");
  EXPECT_EQ(AwsEndpoints::HowToSet("eventbridge"), "--endpoint events=URL or --aws-endpoint URL");
}

TEST(AwsClient, PrepareSignsForTheServiceAndKeepsTheEndpointPrefix) {
  AwsEndpoints e;
  ASSERT_TRUE(e.Set("dynamodb", "http://127.0.0.1:8000/local/").ok());
  AwsClient client(nullptr, &e, sigv4::Credentials{"AKID", "SECRET", ""});
  AwsRequest r;
  r.service = "dynamodb";
  r.region = "eu-west-1";
  r.headers = {{"X-Amz-Target", "DynamoDB_20120810.GetItem"},
               {"Content-Type", "application/x-amz-json-1.0"}};
  r.body = "{}";
  Result<engine::HttpRequestSpec> spec = client.Prepare(r, FromEpochMillis(1440938160000));
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->url, "http://127.0.0.1:8000/local");
  EXPECT_EQ(spec->method, "POST");
  EXPECT_EQ(HeaderOf(*spec, "X-Amz-Date"), "20150830T123600Z");
  std::string auth = HeaderOf(*spec, "Authorization");
  EXPECT_NE(auth.find("Credential=AKID/20150830/eu-west-1/dynamodb/aws4_request"),
            std::string::npos)
      << auth;
  EXPECT_NE(auth.find("SignedHeaders=content-type;host;x-amz-date;x-amz-target"), std::string::npos)
      << auth;
}

TEST(AwsClient, NoEndpointNamesTheSettings) {
  AwsEndpoints e;
  AwsClient client(nullptr, &e, {});
  AwsRequest r;
  r.service = "sns";
  Result<engine::HttpRequestSpec> spec = client.Prepare(r, FromEpochMillis(0));
  ASSERT_FALSE(spec.ok());
  EXPECT_EQ(spec.status().message(),
            "sfn-emulator has no endpoint for sns: set SNS_ENDPOINT, --endpoint sns=URL or "
            "--aws-endpoint URL, or mock this state with a mock configuration file "
            "(SFN_MOCK_CONFIG).");
}

TEST(AwsRequest, RoundTripsThroughJson) {
  AwsRequest r;
  r.service = "s3";
  r.region = "us-west-2";
  r.method = "GET";
  r.path = "/bucket/a%20b";
  r.query = "list-type=2";
  r.headers = {{"Range", "bytes=0-9"}};
  r.body = "x";
  r.timeout = std::chrono::milliseconds(1234);
  Result<AwsRequest> back = AwsRequest::FromJson(r.ToJson());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->ToJson(), r.ToJson());
  EXPECT_FALSE(AwsRequest::FromJson(Json{{"service", 1}}).ok());
}

struct ErrorCase {
  std::string name;
  engine::HttpAnswer answer;
  std::string code, query_code, message, request_id, host_id;
};

class ParseAwsErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseAwsErrorTest, ReadsEveryProtocol) {
  const ErrorCase& c = GetParam();
  std::optional<AwsError> e = ParseAwsError(c.answer);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->status, c.answer.status);
  EXPECT_EQ(e->code, c.code);
  EXPECT_EQ(e->query_code, c.query_code);
  EXPECT_EQ(e->message, c.message);
  EXPECT_EQ(e->request_id, c.request_id);
  EXPECT_EQ(e->host_id, c.host_id);
}

INSTANTIATE_TEST_SUITE_P(
    , ParseAwsErrorTest,
    ::testing::Values(
        ErrorCase{"SqsJson",
                  {400,
                   {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"},
                    {"x-amzn-requestid", "r-1"}},
                   R"({"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "nope"})"},
                  "QueueDoesNotExist",
                  "AWS.SimpleQueueService.NonExistentQueue",
                  "nope",
                  "r-1",
                  ""},
        ErrorCase{
            "DynamoDbJson",
            {400,
             {{"x-amzn-requestid", "r-2"}},
             R"({"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",)"
             R"("message":"The conditional request failed"})"},
            "ConditionalCheckFailedException",
            "",
            "The conditional request failed",
            "r-2",
            ""},
        ErrorCase{"QueryXml",
                  {400,
                   {},
                   R"(<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error>)"
                   R"(<Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid parameter)"
                   R"(</Message></Error><RequestId>r-3</RequestId></ErrorResponse>)"},
                  "InvalidParameter",
                  "",
                  "Invalid parameter",
                  "r-3",
                  ""},
        ErrorCase{"S3Xml",
                  {404,
                   {{"x-amzn-requestid", "ignored"}},
                   "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Error><Code>NoSuchKey</Code>"
                   "<Message>The specified key does not exist.</Message><Key>k</Key>"
                   "<RequestId>r-4</RequestId><HostId>h-4</HostId></Error>"},
                  "NoSuchKey",
                  "",
                  "The specified key does not exist.",
                  "r-4",
                  "h-4"},
        ErrorCase{"HeaderOnly",
                  {403, {{"x-amzn-errortype", "AccessDeniedException:http://x"}}, ""},
                  "AccessDeniedException",
                  "",
                  "",
                  "",
                  ""},
        ErrorCase{"NoBody", {500, {}, "<html>oops"}, "500", "", "", "", ""}),
    [](const auto& info) { return info.param.name; });

TEST(ParseAwsError, SuccessIsNoError) {
  EXPECT_FALSE(ParseAwsError(engine::HttpAnswer{200, {}, "{}"}).has_value());
  EXPECT_FALSE(ParseAwsError(engine::HttpAnswer{204, {}, ""}).has_value());
}

TEST(XmlToJson, MapsElementsListsAndMaps) {
  Result<Json> j = XmlToJson(
      R"(<R xmlns="x"><A>1</A><B/><L><member><N>a</N></member></L>)"
      R"(<M><entry><key>k</key><value>v</value></entry></M><C><K>1</K></C><C><K>2</K></C>)"
      R"(<One><K>3</K></One></R>)",
      {"One"});
  ASSERT_TRUE(j.ok()) << j.status().ToString();
  EXPECT_EQ(*j, Json::parse(R"({"R": {"A": "1", "B": "", "L": [{"N": "a"}], "M": {"k": "v"},
                                      "C": [{"K": "1"}, {"K": "2"}], "One": [{"K": "3"}]}})"));
  EXPECT_FALSE(XmlToJson("<a><b></a>").ok());
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
}

}  // namespace
}  // namespace sfn::integrations
