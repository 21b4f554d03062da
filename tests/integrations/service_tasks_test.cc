// The AWS service entries of the registry (optimised SQS, SNS, DynamoDB and
// EventBridge integrations, aws-sdk:*) over a fake HTTP port, driven through
// the engine's pure step: what they send, the events they write, the results
// and the AWS error names they answer with.
#include <gtest/gtest.h>

#include <deque>

#include "emulator/asl/parser.h"
#include "emulator/engine/step.h"
#include "emulator/integrations/registry.h"

namespace sfn::integrations {
namespace {

using engine::ExecutionInfo;
using engine::ExecutionState;
using engine::HttpAnswer;
using engine::HttpCallback;
using engine::HttpRequestSpec;
using engine::StepInput;
using engine::StepResult;

// Records every request; answers each with the next queued answer.
class FakeHttp : public engine::HttpPort {
 public:
  void Send(HttpRequestSpec request, HttpCallback done) override {
    sent.push_back(std::move(request));
    Result<HttpAnswer> a =
        answers.empty() ? Result<HttpAnswer>(HttpAnswer{200, {}, "{}"}) : answers.front();
    if (!answers.empty()) answers.pop_front();
    done(std::move(a));
  }
  std::vector<HttpRequestSpec> sent;
  std::deque<Result<HttpAnswer>> answers;
};

std::string HeaderOf(const HttpRequestSpec& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "";
}

struct ServiceRun {
  FakeHttp http;
  AwsEndpoints endpoints;
  AwsClient client{&http, &endpoints, sigv4::Credentials{"AKID", "SECRET", ""}};
  std::unique_ptr<Registry> registry = MakeRegistry(Ports{.aws = &client});
  engine::StepEnv env{nullptr, registry.get()};
  asl::DefinitionPtr def;
  ExecutionInfo info;
  StepResult r;
  std::vector<engine::HistoryEvent> events;
  TimePoint now = FromEpochMillis(0);

  explicit ServiceRun(bool with_endpoint = true) {
    if (with_endpoint) {
      EXPECT_TRUE(endpoints.SetDefault("http://127.0.0.1:4566").ok());
    }
    info.arn = "arn:aws:states:eu-west-1:123456789012:execution:sm:e";
    info.name = "e";
    info.state_machine_arn = "arn:aws:states:eu-west-1:123456789012:stateMachine:sm";
    info.state_machine_name = "sm";
  }
  // Runs `definition` on `input`, dispatching every task to the fake port.
  void Start(const std::string& definition, const std::string& input) {
    auto parsed = asl::Parse(definition);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    def = *parsed;
    info.input = input;
    r = engine::StartExecution(*def, info, FromEpochMillis(0));
    events = r.events;
    Step(StepInput{});
    while (!r.terminal && (!r.dispatch.empty() || r.timer)) {
      if (r.dispatch.empty()) {  // retry back-off
        now = *r.timer;
        Step(StepInput{StepInput::Kind::kTimerFired});
        continue;
      }
      engine::TaskDispatch d = r.dispatch.front();
      engine::TaskAnswer answer;
      registry->Find(d.task.integration)->Dispatch(d.task, [&](engine::TaskAnswer a) {
        answer = std::move(a);
      });
      StepInput in;
      in.kind = StepInput::Kind::kTaskAnswer;
      in.completion = engine::TaskCompletion{d.frame_id, d.task_attempt, std::move(answer)};
      Step(in);
    }
  }
  void Step(const StepInput& in) {
    r = engine::Step(*def, info, *ExecutionState::FromJson(r.state.ToJson()), in, now, 1000, env);
    events.insert(events.end(), r.events.begin(), r.events.end());
  }
  std::vector<std::string> Types() const {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
  const engine::HistoryEvent* Event(const std::string& type) const {
    for (const auto& e : events) {
      if (e.type == type) return &e;
    }
    return nullptr;
  }
  Json Output() const { return ParseJson(*r.terminal->output).value(); }
};

std::string Task(const std::string& resource, const std::string& parameters) {
  return R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":")" + resource +
         R"(","Parameters":)" + parameters + R"(,"End":true}}})";
}

const std::vector<std::string> kTaskSucceeded = {
    "ExecutionStarted", "TaskStateEntered", "TaskScheduled",     "TaskStarted",
    "TaskSucceeded",    "TaskStateExited",  "ExecutionSucceeded"};
const std::vector<std::string> kTaskFailed = {"ExecutionStarted", "TaskStateEntered",
                                              "TaskScheduled",    "TaskStarted",
                                              "TaskFailed",       "ExecutionFailed"};

TEST(SqsSendMessage, SendsSupportedParametersAndAddsTheSdksMetadata) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      200,
      {{"x-amzn-requestid", "d8c4e4b9-3c13-5bd7-9d4d-e0e2a8a3bd71"},
       {"date", "Sat, 05 Dec 2026 06:28:08 GMT"}},
      R"({"MD5OfMessageBody": "49f68a5c8493ec2c0bf489821c21fc3b", "MessageId": "5ea63cb8-370c-4c7a-aab7-23cc380c1fd2"})"});
  run.Start(
      Task("arn:aws:states:::sqs:sendMessage",
           R"({"QueueUrl":"http://q/1","MessageBody":{"a":1},"MessageSystemAttribute":{"x":1}})"),
      "{}");
  EXPECT_EQ(run.Types(), kTaskSucceeded);
  ASSERT_EQ(run.http.sent.size(), 1u);
  const HttpRequestSpec& sent = run.http.sent[0];
  EXPECT_EQ(sent.url, "http://127.0.0.1:4566/");
  EXPECT_EQ(HeaderOf(sent, "X-Amz-Target"), "AmazonSQS.SendMessage");
  EXPECT_NE(HeaderOf(sent, "Authorization").find("/eu-west-1/sqs/aws4_request"), std::string::npos);
  // MessageBody as JSON text; an unsupported parameter left out, also of the event.
  EXPECT_EQ(sent.body, R"({"QueueUrl":"http://q/1","MessageBody":"{\"a\":1}"})");
  EXPECT_EQ(run.Event("TaskScheduled")->details["parameters"],
            R"({"QueueUrl":"http://q/1","MessageBody":{"a":1}})");
  Json out = run.Output();
  EXPECT_EQ(out["MessageId"], "5ea63cb8-370c-4c7a-aab7-23cc380c1fd2");
  // AWS's compact body: 106 bytes for an MD5 and a message id.
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "106");
  EXPECT_EQ(out["SdkHttpMetadata"]["AllHttpHeaders"]["Content-Length"], Json::array({"106"}));
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Type"], "application/x-amz-json-1.0");
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Date"], "Sat, 05 Dec 2026 06:28:08 GMT");
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpStatusCode"], 200);
  EXPECT_EQ(out["SdkResponseMetadata"]["RequestId"], "d8c4e4b9-3c13-5bd7-9d4d-e0e2a8a3bd71");
}

TEST(SqsSendMessage, ServiceErrorsAreTheJavaSdksExceptions) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      400,
      {{"x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender"},
       {"x-amzn-requestid", "r-1"}},
      R"({"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."})"});
  run.Start(Task("arn:aws:states:::sqs:sendMessage", R"({"QueueUrl":"q","MessageBody":"m"})"),
            "{}");
  EXPECT_EQ(run.Types(), kTaskFailed);
  EXPECT_EQ(*run.r.terminal->error, "SQS.QueueDoesNotExistException");
  EXPECT_EQ(*run.r.terminal->cause,
            "The specified queue does not exist. (Service: AmazonSQS; Status Code: 400; Error "
            "Code: AWS.SimpleQueueService.NonExistentQueue; Request ID: r-1; Proxy: null)");
  ServiceRun other;
  other.http.answers.push_back(HttpAnswer{
      400,
      {{"x-amzn-query-error", "MissingParameter;Sender"}},
      R"({"__type":"com.amazonaws.sqs#MissingParameter","message":"The request must contain the parameter MessageBody."})"});
  other.Start(Task("arn:aws:states:::sqs:sendMessage", R"({"QueueUrl":"q","MessageBody":null})"),
              "{}");
  EXPECT_EQ(*other.r.terminal->error, "SQS.AmazonSQSException");
  EXPECT_EQ(other.http.sent[0].body, R"({"QueueUrl":"q"})");
}

TEST(SqsSendMessage, NoEndpointFailsTheTaskNamingTheSettings) {
  ServiceRun run(/*with_endpoint=*/false);
  run.Start(Task("arn:aws:states:::sqs:sendMessage", R"({"QueueUrl":"q","MessageBody":"m"})"),
            "{}");
  EXPECT_EQ(run.Types(), kTaskFailed);
  EXPECT_TRUE(run.http.sent.empty());
  EXPECT_EQ(*run.r.terminal->error, "SQS.SdkClientException");
  EXPECT_EQ(*run.r.terminal->cause,
            "sfn-emulator has no endpoint for sqs: set SQS_ENDPOINT, --endpoint sqs=URL or "
            "--aws-endpoint URL, or mock this state with a mock configuration file "
            "(SFN_MOCK_CONFIG).");
}

TEST(SqsSendMessage, NoAnswerIsAClientErrorThatRetryCanCatch) {
  ServiceRun run;
  run.http.answers.push_back(
      Status(ErrorCode::kServiceException, "POST http://127.0.0.1:4566/: connect failed"));
  run.Start(R"({"StartAt":"T","States":{"T":{"Type":"Task",
      "Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters":{"QueueUrl":"q","MessageBody":"m"},
      "Retry":[{"ErrorEquals":["SQS.SdkClientException"],"IntervalSeconds":1,"MaxAttempts":1}],
      "End":true}}})",
            "{}");
  // The second attempt got the default answer: the message is sent, and the
  // callback's task now waits for its token (TaskSubmitted, no end yet).
  EXPECT_EQ(run.http.sent.size(), 2u);
  EXPECT_FALSE(run.r.terminal);
  EXPECT_NE(run.Event("TaskSubmitted"), nullptr);
  const engine::HistoryEvent* failed = run.Event("TaskFailed");
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->details["error"], "SQS.SdkClientException");
  EXPECT_EQ(failed->details["cause"],
            "Unable to execute HTTP request: POST http://127.0.0.1:4566/: connect failed");
  EXPECT_EQ(failed->details["resource"], "sendMessage.waitForTaskToken");
}

TEST(SnsPublish, SendsAQueryAndMeasuresAwssXmlAnswer) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      200,
      {{"x-amzn-requestid", "not-a-uuid"}},
      "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
      "<MessageId>71875328-751b-4a33-a69e-a949100b09b1</MessageId></PublishResult>"
      "<ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></PublishResponse>"});
  run.Start(Task("arn:aws:states:::sns:publish",
                 R"({"TopicArn":"arn:aws:sns:eu-west-1:123456789012:t","Message":{"m":"hi there"},
                     "MessageAttributes":{"k":{"DataType":"String","StringValue":"v"}}})"),
            "{}");
  EXPECT_EQ(run.Types(), kTaskSucceeded);
  EXPECT_EQ(run.http.sent[0].body,
            "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aeu-west-1%3A123456789012"
            "%3At&Message=%7B%22m%22%3A%22hi%20there%22%7D&MessageAttributes.entry.1.Name=k&"
            "MessageAttributes.entry.1.Value.DataType=String&MessageAttributes.entry.1.Value."
            "StringValue=v");
  Json out = run.Output();
  EXPECT_EQ(out["MessageId"], "71875328-751b-4a33-a69e-a949100b09b1");
  // AWS's indented answer with a UUID request id: 294 bytes (as recorded).
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "294");
  EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Type"], "text/xml");
  EXPECT_EQ(out["SdkResponseMetadata"]["RequestId"].get<std::string>().size(), 36u);
}

TEST(SnsPublish, ErrorCodesBecomeExceptionNames) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      400,
      {},
      "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>Invalid "
      "parameter: x</Message></Error><RequestId>r-9</RequestId></ErrorResponse>"});
  run.Start(Task("arn:aws:states:::sns:publish", R"({"TopicArn":"t","Message":"m"})"), "{}");
  EXPECT_EQ(*run.r.terminal->error, "SNS.InvalidParameterException");
  EXPECT_EQ(*run.r.terminal->cause,
            "Invalid parameter: x (Service: AmazonSNS; Status Code: 400; Error Code: "
            "InvalidParameter; Request ID: r-9; Proxy: null)");
}

TEST(DynamoDbItem, EachActionTargetsItsOperation) {
  for (const char* action : {"getItem", "putItem", "updateItem", "deleteItem"}) {
    ServiceRun run;
    run.http.answers.push_back(HttpAnswer{200, {}, R"({"Item": {"id": {"S": "a"}}})"});
    run.Start(Task(std::string("arn:aws:states:::dynamodb:") + action,
                   R"({"TableName":"t","Key":{"id":{"S":"a"}},"Bogus":1})"),
              "{}");
    std::string op = action;
    op[0] = static_cast<char>(std::toupper(op[0]));
    EXPECT_EQ(HeaderOf(run.http.sent[0], "X-Amz-Target"), "DynamoDB_20120810." + op);
    EXPECT_EQ(run.http.sent[0].body.find("Bogus"), std::string::npos) << action;
    Json out = run.Output();
    // AWS's compact body ({"Item":{"id":{"S":"a"}}}), not the stand-in's spaced one.
    EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "25") << action;
    EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["Server"], "Server");
    EXPECT_EQ(out["SdkHttpMetadata"]["HttpHeaders"]["x-amz-crc32"], "1120732588");
  }
}

TEST(DynamoDbItem, ConditionalCheckFailed) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      400,
      {{"x-amzn-requestid", "r-2"}},
      R"({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "message": "The conditional request failed"})"});
  run.Start(
      R"({"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
      "Parameters":{"TableName":"t","Item":{"id":{"S":"a"}}},
      "Catch":[{"ErrorEquals":["DynamoDB.ConditionalCheckFailedException"],"Next":"C"}],
      "End":true},"C":{"Type":"Pass","End":true}}})",
      "{}");
  ASSERT_TRUE(run.r.terminal);
  Json out = run.Output();
  EXPECT_EQ(out["Error"], "DynamoDB.ConditionalCheckFailedException");
  EXPECT_EQ(out["Cause"],
            "The conditional request failed (Service: AmazonDynamoDBv2; Status Code: 400; Error "
            "Code: ConditionalCheckFailedException; Request ID: r-2; Proxy: null)");
}

TEST(EventBridgePutEvents, StringifiesDetailAddsResourcesAndFailsOnFailedEntries) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      200,
      {},
      R"({"FailedEntryCount": 1, "Entries": [{"EventId": "e1"}, {"ErrorCode": "InvalidArgument", "ErrorMessage": "no source"}]})"});
  run.Start(Task("arn:aws:states:::events:putEvents",
                 R"({"Entries":[{"Source":"s","DetailType":"d","Detail":{"m":1}},
                                {"DetailType":"d","Detail":"x","Resources":["r"]}]})"),
            "{}");
  EXPECT_EQ(run.Types(), kTaskFailed);
  Json sent = ParseJson(run.http.sent[0].body).value();
  EXPECT_EQ(sent["Entries"][0]["Detail"], R"({"m":1})");
  EXPECT_EQ(sent["Entries"][0]["Resources"],
            Json::array({run.info.state_machine_arn, run.info.arn}));
  EXPECT_EQ(sent["Entries"][1]["Resources"],
            Json::array({"r", run.info.state_machine_arn, run.info.arn}));
  EXPECT_EQ(*run.r.terminal->error, "EventBridge.FailedEntry");
  EXPECT_EQ(ParseJson(*run.r.terminal->cause).value()["FailedEntryCount"], 1);
}

TEST(AwsSdk, S3GetObjectReadsHeadersAndBody) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{200,
                                        {{"etag", "\"332eec544317a6d340b8e77da7fe54ad\""},
                                         {"last-modified", "Sat, 05 Dec 2026 06:28:08 GMT"},
                                         {"content-length", "9"},
                                         {"content-type", "binary/octet-stream"},
                                         {"accept-ranges", "bytes"},
                                         {"x-amz-meta-owner", "me"}},
                                        "text data"});
  run.Start(Task("arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket":"b","Key":"a b/c"})"), "{}");
  EXPECT_EQ(run.Types(), kTaskSucceeded);
  EXPECT_EQ(run.http.sent[0].method, "GET");
  EXPECT_EQ(run.http.sent[0].url, "http://127.0.0.1:4566/b/a%20b/c");
  EXPECT_NE(HeaderOf(run.http.sent[0], "Authorization").find("/s3/aws4_request"),
            std::string::npos);
  EXPECT_EQ(run.Event("TaskScheduled")->details["resourceType"], "aws-sdk:s3");
  EXPECT_EQ(nlohmann::json(run.Output()),
            nlohmann::json::parse(R"({"ETag":"\"332eec544317a6d340b8e77da7fe54ad\"",
      "ContentType":"binary/octet-stream","AcceptRanges":"bytes","ContentLength":9,
      "LastModified":"2026-12-05T06:28:08Z","Metadata":{"owner":"me"},"Body":"text data"})"));
}

TEST(AwsSdk, ErrorsArePrefixedAndEndInException) {
  ServiceRun run;
  run.http.answers.push_back(
      HttpAnswer{404,
                 {},
                 "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                 "<RequestId>r-4</RequestId><HostId>h-4</HostId></Error>"});
  run.Start(Task("arn:aws:states:::aws-sdk:s3:getObject", R"({"Bucket":"b","Key":"k"})"), "{}");
  EXPECT_EQ(*run.r.terminal->error, "S3.NoSuchKeyException");
  EXPECT_EQ(*run.r.terminal->cause,
            "The specified key does not exist. (Service: S3, Status Code: 404, Request ID: r-4, "
            "Extended Request ID: h-4)");
}

TEST(AwsSdk, StepFunctionsParametersAreCamelCasedAndResultsPascalCased) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{200, {}, R"({"executionArn":"arn:x","startDate":1.5})"});
  run.Start(Task("arn:aws:states:::aws-sdk:sfn:startExecution",
                 R"({"StateMachineArn":"arn:sm","Input":"{}"})"),
            "{}");
  EXPECT_EQ(HeaderOf(run.http.sent[0], "X-Amz-Target"), "AWSStepFunctions.StartExecution");
  EXPECT_EQ(run.http.sent[0].body, R"({"stateMachineArn":"arn:sm","input":"{}"})");
  EXPECT_EQ(nlohmann::json(run.Output()),
            nlohmann::json::parse(R"({"ExecutionArn":"arn:x","StartDate":1.5})"));
}

TEST(AwsSdk, DynamoDbErrorsUseTheSdkServiceName) {
  ServiceRun run;
  run.http.answers.push_back(HttpAnswer{
      400,
      {{"x-amzn-requestid", "r"}},
      R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"})"});
  run.Start(Task("arn:aws:states:::aws-sdk:dynamodb:getItem", R"({"TableName":"t","Key":{}})"),
            "{}");
  EXPECT_EQ(*run.r.terminal->error, "DynamoDb.ResourceNotFoundException");
}

TEST(AwsSdk, UnknownServicesAreNotMatched) {
  ServiceRun run;
  EXPECT_EQ(run.registry->Match("arn:aws:states:::aws-sdk:nosuch:doIt"), nullptr);
  EXPECT_EQ(run.registry->Match("arn:aws:states:::aws-sdk:s3:selectObjectContent"), nullptr);
  EXPECT_NE(run.registry->Match("arn:aws:states:::aws-sdk:sns:listTopics"), nullptr);
  EXPECT_NE(run.registry->Match("arn:aws:states:::aws-sdk:eventbridge:putEvents"), nullptr);
}

// The integration patterns AWS lists for each ("Integrating optimized
// services"; AWS SDK integrations: request-response and .waitForTaskToken).
TEST(Patterns, EachEntryAcceptsTheFormsAwsHas) {
  ServiceRun run;
  struct Case {
    const char* resource;
    bool matched;
  };
  for (const Case& c : std::vector<Case>{
           {"arn:aws:states:::sqs:sendMessage", true},
           {"arn:aws:states:::sqs:sendMessage.waitForTaskToken", true},
           {"arn:aws:states:::sqs:sendMessage.sync", false},
           {"arn:aws:states:::sns:publish.waitForTaskToken", true},
           {"arn:aws:states:::events:putEvents.waitForTaskToken", true},
           {"arn:aws:states:::dynamodb:putItem", true},
           {"arn:aws:states:::dynamodb:putItem.waitForTaskToken", false},
           {"arn:aws:states:::dynamodb:scan", false},
           {"arn:aws:states:::aws-sdk:dynamodb:scan", true},
           {"arn:aws:states:::aws-sdk:sqs:sendMessage.waitForTaskToken", true},
           {"arn:aws:states:::aws-sdk:sqs:sendMessage.sync", false},
       }) {
    EXPECT_EQ(run.registry->Match(c.resource) != nullptr, c.matched) << c.resource;
  }
}

}  // namespace
}  // namespace sfn::integrations
