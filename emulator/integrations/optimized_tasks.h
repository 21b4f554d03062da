// Step Functions' optimised integrations with AWS services (developer guide,
// "Integrating optimized services"), one registry entry each over AwsTask:
//
//  - `arn:aws:states:::sqs:sendMessage` ("Send messages to Amazon SQS")
//  - `arn:aws:states:::sns:publish` ("Publish messages to Amazon SNS")
//  - `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`
//    ("Call DynamoDB APIs")
//  - `arn:aws:states:::events:putEvents` ("Add EventBridge events")
//
// SQS, SNS and EventBridge also as `.waitForTaskToken` (DynamoDB is
// request-response only; `.sync` is none's). They take the parameters AWS supports for
// the action (others are left out, also of TaskScheduled), serialise a
// non-string MessageBody/Message/Detail as JSON text, add the SDK's HTTP
// metadata to SQS, SNS and DynamoDB results (sdk_metadata.h), and fail with
// the AWS SDK for Java's error names and causes
// (`SQS.QueueDoesNotExistException`, `DynamoDB.ConditionalCheckFailedException`,
// `SNS.InvalidParameterException`, `EventBridge.FailedEntry`, ...).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/engine/task_integration.h"
#include "emulator/integrations/aws_client.h"

namespace sfn::integrations {

std::unique_ptr<engine::TaskIntegration> MakeSqsSendMessage(const AwsClient* aws);
std::unique_ptr<engine::TaskIntegration> MakeSnsPublish(const AwsClient* aws);
std::unique_ptr<engine::TaskIntegration> MakeDynamoDbItem(const AwsClient* aws);
std::unique_ptr<engine::TaskIntegration> MakeEventBridgePutEvents(const AwsClient* aws);

// How the AWS SDK for Java (v1), which Step Functions' optimised
// integrations use, names a service's errors.
struct JavaSdkErrors {
  std::string prefix;        // of error names: "SQS"
  std::string service_name;  // in causes: "AmazonSQS"
  std::string catch_all;     // the exception of codes the model lacks: "AmazonSQSException"
  // Error codes the model has, with their exception names.
  std::vector<std::pair<std::string, std::string>> modeled;
};

// `<prefix>.<exception>` and `<message> (Service: <name>; Status Code: <n>;
// Error Code: <code>; Request ID: <id>; Proxy: null)`.
Failure JavaSdkFailure(const JavaSdkErrors& errors, const AwsError& error);

// True when `resource` is `arn:<partition>:states:::<service_action>`, with
// or without `.waitForTaskToken`.
bool IsStatesResource(std::string_view resource, std::string_view service_action);

}  // namespace sfn::integrations
