// The AWS services Task states reach over HTTP, and how each one is spoken
// to: the one table of service names (as `--endpoint SERVICE=URL`, Step
// Functions Local's `*_ENDPOINT` variables and `aws-sdk:<service>:<action>`
// resources name them), SigV4 signing names, wire protocols (botocore's
// `metadata` of each service model: protocol, targetPrefix, jsonVersion,
// apiVersion) and the service part of error names.
//
// Immutable static data; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sfn::integrations {

// The wire protocols of the AWS services (botocore `metadata.protocol`).
enum class AwsProtocol {
  kJson,     // POST / with X-Amz-Target: <prefix>.<Operation> (DynamoDB, SQS, ...)
  kQuery,    // POST / with a form body Action=<Operation>&Version=... (SNS)
  kRestXml,  // operations mapped onto methods, paths and headers (S3)
  kRestJson  // the same with JSON bodies (Lambda)
};

struct AwsService {
  // The endpoint key: what `--endpoint SERVICE=URL` names ("sqs", "states").
  std::string name;
  // Other names for it: aws-sdk resource names ("sfn", "eventbridge") and
  // common spellings ("stepfunctions").
  std::vector<std::string> aliases;
  std::string signing_name;  // SigV4 credential scope
  AwsProtocol protocol;
  std::string target_prefix;  // kJson: X-Amz-Target prefix
  std::string json_version;   // kJson: "1.0" or "1.1"
  std::string api_version;    // kQuery: Version
  // The service part of aws-sdk error names (Step Functions developer
  // guide, "AWS SDK service integrations": `ServiceName.ErrorName`, both in
  // PascalCase): "DynamoDb", "Sqs", "S3", "Sfn".
  std::string sdk_error_prefix;
  // Step Functions Local's variable for its endpoint, or "".
  std::string local_variable;
  // Whether the API's members are camelCase (Step Functions, ECS, CloudWatch
  // Logs, CodeBuild): aws-sdk parameters are PascalCase all the same (the
  // developer guide's "API naming conventions"), so they are converted.
  bool camel_case = false;
};

// Every service of the table, in a fixed order.
const std::vector<AwsService>& AwsServices();

// The service `name` names (its endpoint key or an alias), or null.
const AwsService* FindAwsService(std::string_view name);

}  // namespace sfn::integrations
