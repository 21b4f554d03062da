// `arn:aws:states:::sqs:sendMessage` (developer guide, "Send messages to
// Amazon SQS with Step Functions"), over SQS's JSON protocol.
#include <array>

#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/optimized_tasks.h"
#include "emulator/integrations/sdk_metadata.h"

namespace sfn::integrations {
namespace {

// The parameters the integration passes on (AWS's "Supported parameters").
constexpr std::array<const char*, 6> kSupported = {"DelaySeconds",   "MessageAttributes",
                                                   "MessageBody",    "MessageDeduplicationId",
                                                   "MessageGroupId", "QueueUrl"};

const JavaSdkErrors& SqsErrors() {
  // botocore's SendMessage errors: the exceptions the SDK models.
  static const JavaSdkErrors kErrors{
      "SQS",
      "AmazonSQS",
      "AmazonSQSException",
      {{"QueueDoesNotExist", "QueueDoesNotExistException"},
       {"AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExistException"},
       {"InvalidMessageContents", "InvalidMessageContentsException"},
       {"UnsupportedOperation", "UnsupportedOperationException"},
       {"AWS.SimpleQueueService.UnsupportedOperation", "UnsupportedOperationException"},
       {"RequestThrottled", "RequestThrottledException"},
       {"InvalidSecurity", "InvalidSecurityException"},
       {"InvalidAddress", "InvalidAddressException"},
       {"KmsAccessDenied", "KmsAccessDeniedException"},
       {"KmsDisabled", "KmsDisabledException"},
       {"KmsInvalidKeyUsage", "KmsInvalidKeyUsageException"},
       {"KmsInvalidState", "KmsInvalidStateException"},
       {"KmsNotFound", "KmsNotFoundException"},
       {"KmsOptInRequired", "KmsOptInRequiredException"},
       {"KmsThrottled", "KmsThrottledException"}}};
  return kErrors;
}

class SqsSendMessage : public AwsTask {
 public:
  using AwsTask::AwsTask;
  std::string_view Id() const override { return "sqs.sendMessage"; }
  bool Matches(std::string_view resource) const override {
    return IsStatesResource(resource, "sqs:sendMessage");
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
    Json body = Json::object();
    for (auto it = shown.begin(); it != shown.end(); ++it) {
      if (it.value().is_null()) continue;  // the SDK sends no member for null
      body[it.key()] = it.key() == "MessageBody" ? Json(AsText(it.value())) : it.value();
    }
    Built b;
    b.request.service = "sqs";
    b.request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                         {"X-Amz-Target", "AmazonSQS.SendMessage"}};
    b.request.body = DumpJson(body);
    b.shown_parameters = std::move(shown);
    return b;
  }

  Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask&,
                       const engine::TaskEnv& env) const override {
    Result<Json> parsed = ParseJson(answer.body);
    Json output = parsed.ok() && parsed->is_object() ? *parsed : Json::object();
    std::string body = DumpJson(output);  // what AWS sends: compact JSON
    AddSdkMetadata(output, {SdkMetadataStyle::kSqs, &answer, body,
                            UuidRequestId(answer, env.NewRequestId()), env.now});
    return output;
  }

  Failure ServiceFailure(const AwsError& error, const engine::PlannedTask&) const override {
    return JavaSdkFailure(SqsErrors(), error);
  }
  std::string ClientErrorName(const engine::PlannedTask&) const override {
    return "SQS.SdkClientException";
  }
  std::string ServiceOf(const engine::PlannedTask&) const override { return "sqs"; }
};

}  // namespace

std::unique_ptr<engine::TaskIntegration> MakeSqsSendMessage(const AwsClient* aws) {
  return std::make_unique<SqsSendMessage>(aws);
}

}  // namespace sfn::integrations
