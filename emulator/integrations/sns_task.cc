// `arn:aws:states:::sns:publish` (developer guide, "Publish messages to
// Amazon SNS with Step Functions"), over SNS's query protocol.
#include <array>

#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/optimized_tasks.h"
#include "emulator/integrations/query_protocol.h"
#include "emulator/integrations/sdk_metadata.h"

namespace sfn::integrations {
namespace {

constexpr std::array<const char*, 9> kSupported = {
    "Message",        "MessageAttributes", "MessageStructure", "MessageDeduplicationId",
    "MessageGroupId", "PhoneNumber",       "Subject",          "TargetArn",
    "TopicArn"};

const JavaSdkErrors& SnsErrors() {
  // botocore's Publish errors: code -> the exception the SDK models.
  static const JavaSdkErrors kErrors{
      "SNS",
      "AmazonSNS",
      "AmazonSNSException",
      {{"InvalidParameter", "InvalidParameterException"},
       {"ParameterValueInvalid", "InvalidParameterValueException"},
       {"InternalError", "InternalErrorException"},
       {"NotFound", "NotFoundException"},
       {"EndpointDisabled", "EndpointDisabledException"},
       {"PlatformApplicationDisabled", "PlatformApplicationDisabledException"},
       {"AuthorizationError", "AuthorizationErrorException"},
       {"KMSDisabled", "KMSDisabledException"},
       {"KMSInvalidState", "KMSInvalidStateException"},
       {"KMSNotFound", "KMSNotFoundException"},
       {"KMSOptInRequired", "KMSOptInRequiredException"},
       {"KMSThrottling", "KMSThrottlingException"},
       {"KMSAccessDenied", "KMSAccessDeniedException"},
       {"InvalidSecurity", "InvalidSecurityException"},
       {"ValidationException", "ValidationException"}}};
  return kErrors;
}

// SNS's answer to Publish as AWS writes it (two-space indentation, a final
// newline): its length is the Content-Length AWS reports.
std::string AwsPublishBody(const Json& result, const std::string& request_id) {
  std::string body = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">\n";
  body += "  <PublishResult>\n";
  for (const char* member : {"MessageId", "SequenceNumber"}) {
    if (result.contains(member) && result.at(member).is_string()) {
      body += std::string("    <") + member + ">" + result.at(member).get<std::string>() + "</" +
              member + ">\n";
    }
  }
  body += "  </PublishResult>\n  <ResponseMetadata>\n    <RequestId>" + request_id +
          "</RequestId>\n  </ResponseMetadata>\n</PublishResponse>\n";
  return body;
}

class SnsPublish : public AwsTask {
 public:
  using AwsTask::AwsTask;
  std::string_view Id() const override { return "sns.publish"; }
  bool Matches(std::string_view resource) const override {
    return IsStatesResource(resource, "sns:publish");
  }

 protected:
  Outcome<Built> Build(const engine::TaskCall& call, const engine::TaskEnv&) const override {
    Json params = ParametersObject(call.parameters);
    Json shown = Json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
      for (const char* name : kSupported) {
        if (it.key() == name) shown[it.key()] = it.value();
      }
    }
    Json sent = shown;
    if (sent.contains("Message") && !sent.at("Message").is_null()) {
      sent["Message"] = AsText(sent.at("Message"));
    }
    Built b;
    b.request.service = "sns";
    b.request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
    b.request.body = QueryBody("Publish", "2010-03-31", sent);
    b.shown_parameters = std::move(shown);
    return b;
  }

  Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask&,
                       const engine::TaskEnv& env) const override {
    Result<Json> result = QueryResult("Publish", answer.body, QueryOutputCollections("sns"));
    Json output = Json::object();
    if (result.ok()) {
      for (const char* member : {"MessageId", "SequenceNumber"}) {
        if (result->contains(member)) output[member] = result->at(member);
      }
    }
    std::string request_id = UuidRequestId(answer, env.NewRequestId());
    AddSdkMetadata(output, {SdkMetadataStyle::kSns, &answer, AwsPublishBody(output, request_id),
                            request_id, env.now});
    return output;
  }

  Failure ServiceFailure(const AwsError& error, const engine::PlannedTask&) const override {
    return JavaSdkFailure(SnsErrors(), error);
  }
  std::string ClientErrorName(const engine::PlannedTask&) const override {
    return "SNS.SdkClientException";
  }
  std::string ServiceOf(const engine::PlannedTask&) const override { return "sns"; }
};

}  // namespace

std::unique_ptr<engine::TaskIntegration> MakeSnsPublish(const AwsClient* aws) {
  return std::make_unique<SnsPublish>(aws);
}

}  // namespace sfn::integrations
