// `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`
// (developer guide, "Call DynamoDB APIs with Step Functions"), over
// DynamoDB's JSON protocol.
#include <map>
#include <set>

#include "emulator/integrations/aws_task.h"
#include "emulator/integrations/optimized_tasks.h"
#include "emulator/integrations/sdk_metadata.h"

namespace sfn::integrations {
namespace {

// The parameters each action passes on (AWS's "Supported parameters").
const std::map<std::string, std::set<std::string>>& Supported() {
  static const std::map<std::string, std::set<std::string>> kSupported = {
      {"getItem",
       {"Key", "TableName", "AttributesToGet", "ConsistentRead", "ExpressionAttributeNames",
        "ProjectionExpression", "ReturnConsumedCapacity"}},
      {"putItem",
       {"Item", "TableName", "ConditionalOperator", "ConditionExpression", "Expected",
        "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
        "ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure"}},
      {"deleteItem",
       {"Key", "TableName", "ConditionalOperator", "ConditionExpression", "Expected",
        "ExpressionAttributeNames", "ExpressionAttributeValues", "ReturnConsumedCapacity",
        "ReturnItemCollectionMetrics", "ReturnValues", "ReturnValuesOnConditionCheckFailure"}},
      {"updateItem",
       {"Key", "TableName", "AttributeUpdates", "ConditionalOperator", "ConditionExpression",
        "Expected", "ExpressionAttributeNames", "ExpressionAttributeValues",
        "ReturnConsumedCapacity", "ReturnItemCollectionMetrics", "ReturnValues", "UpdateExpression",
        "ReturnValuesOnConditionCheckFailure"}},
  };
  return kSupported;
}

const JavaSdkErrors& DynamoDbErrors() {
  // botocore's item operation errors, as the SDK names their exceptions.
  static const JavaSdkErrors kErrors{
      "DynamoDB",
      "AmazonDynamoDBv2",
      "AmazonDynamoDBException",
      {{"ConditionalCheckFailedException", "ConditionalCheckFailedException"},
       {"ProvisionedThroughputExceededException", "ProvisionedThroughputExceededException"},
       {"ResourceNotFoundException", "ResourceNotFoundException"},
       {"ItemCollectionSizeLimitExceededException", "ItemCollectionSizeLimitExceededException"},
       {"TransactionConflictException", "TransactionConflictException"},
       {"RequestLimitExceeded", "RequestLimitExceededException"},
       {"InternalServerError", "InternalServerErrorException"},
       {"ReplicatedWriteConflictException", "ReplicatedWriteConflictException"},
       {"ThrottlingException", "ThrottlingException"}}};
  return kErrors;
}

// "arn:aws:states:::dynamodb:putItem" -> "putItem"
std::string ActionOf(std::string_view resource) {
  std::string_view base = WithoutPattern(resource);
  return std::string(base.substr(base.rfind(':') + 1));
}

class DynamoDbItem : public AwsTask {
 public:
  using AwsTask::AwsTask;
  std::string_view Id() const override { return "dynamodb.item"; }
  // Request-response only ("Integrating optimized services": DynamoDB has
  // no .waitForTaskToken form).
  engine::PatternSet Patterns() const override { return {engine::Pattern::kRequestResponse}; }
  bool Matches(std::string_view resource) const override {
    for (const auto& [action, params] : Supported()) {
      if (IsStatesResource(resource, "dynamodb:" + action)) return true;
    }
    return false;
  }

 protected:
  Outcome<Built> Build(const engine::TaskCall& call, const engine::TaskEnv&) const override {
    std::string action = ActionOf(call.resource);
    const std::set<std::string>& supported = Supported().at(action);
    Json params = ParametersObject(call.parameters);
    Json shown = Json::object();
    for (auto it = params.begin(); it != params.end(); ++it) {
      if (supported.count(it.key()) > 0) shown[it.key()] = it.value();
    }
    Json body = Json::object();
    for (auto it = shown.begin(); it != shown.end(); ++it) {
      if (!it.value().is_null()) body[it.key()] = it.value();
    }
    action[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(action[0])));
    Built b;
    b.request.service = "dynamodb";
    b.request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                         {"X-Amz-Target", "DynamoDB_20120810." + action}};
    b.request.body = DumpJson(body);
    b.shown_parameters = std::move(shown);
    return b;
  }

  Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask&,
                       const engine::TaskEnv& env) const override {
    Result<Json> parsed = ParseJson(answer.body);
    Json output = parsed.ok() && parsed->is_object() ? *parsed : Json::object();
    std::string body = DumpJson(output);
    AddSdkMetadata(output, {SdkMetadataStyle::kDynamoDb, &answer, body,
                            UuidRequestId(answer, env.NewRequestId()), env.now});
    return output;
  }

  Failure ServiceFailure(const AwsError& error, const engine::PlannedTask&) const override {
    return JavaSdkFailure(DynamoDbErrors(), error);
  }
  std::string ClientErrorName(const engine::PlannedTask&) const override {
    return "DynamoDB.SdkClientException";
  }
  std::string ServiceOf(const engine::PlannedTask&) const override { return "dynamodb"; }
};

}  // namespace

std::unique_ptr<engine::TaskIntegration> MakeDynamoDbItem(const AwsClient* aws) {
  return std::make_unique<DynamoDbItem>(aws);
}

}  // namespace sfn::integrations
