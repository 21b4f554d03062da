// `arn:aws:states:::aws-sdk:<service>:<action>` (developer guide, "AWS SDK
// service integrations"): one registry entry for every service of the table
// (aws_services.h) that speaks AWS JSON (DynamoDB, SQS, EventBridge, Step
// Functions, ECS, Glue, SageMaker, Kinesis, Firehose, SSM, Secrets Manager,
// KMS, CloudWatch Logs, Athena, CodeBuild, EMR: any action), the query
// protocol (SNS: any action) or S3's REST-XML (the operations of
// s3_operations.h).
//
// AWS's conventions: parameters are PascalCase (converted to the API's
// camelCase members for Step Functions, ECS, Logs and CodeBuild, and the
// results back to PascalCase); results carry no HTTP metadata; errors are
// `<Service>.<Code>` with an `Exception` suffix added when the code lacks one
// (`S3.NoSuchKeyException`, `DynamoDb.ResourceNotFoundException`,
// `Sfn.StateMachineDoesNotExistException`), the cause in the AWS SDK for
// Java v2's words. Step Functions calls go to this emulator unless an endpoint
// names another (aws_endpoints.h). Immutable; thread-safe.
#pragma once

#include <memory>

#include "emulator/engine/task_integration.h"
#include "emulator/integrations/aws_client.h"

namespace sfn::integrations {

std::unique_ptr<engine::TaskIntegration> MakeAwsSdkTask(const AwsClient* aws);

// The services aws-sdk tasks can call ("dynamodb, sqs, sns, ..."), for
// messages.
std::string AwsSdkServiceList();

}  // namespace sfn::integrations
