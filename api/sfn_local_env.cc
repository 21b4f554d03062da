#include "api/sfn_local_env.h"

#include <optional>
#include <stdexcept>

#include "emulator/integrations/aws_endpoints.h"
#include "emulator/integrations/aws_services.h"

namespace sfn::api {
namespace {

Status Invalid(const std::string& name, const std::string& value, const std::string& why) {
  return Status(ErrorCode::kValidationException,
                "invalid value '" + value + "' for " + name + " (Step Functions Local): " + why);
}

}  // namespace

const std::vector<SfnLocalVariable>& SfnLocalVariables() {
  static const std::vector<SfnLocalVariable> kVariables = {
      {"AWS_ACCOUNT_ID", "--account-id", "account in ARNs"},
      {"AWS_DEFAULT_REGION", "--region", "region for requests without a SigV4 scope"},
      {"WAIT_TIME_SCALE", "--wait-scale",
       "scale of Wait states; 0 (no waiting in Step Functions Local) selects --clock virtual"},
      // Applied by ParseOptions with the other Lambda options (lowest priority).
      {"LAMBDA_ENDPOINT", "--lambda-endpoint", "functions the emulator lacks are forwarded there"},
      {"BATCH_ENDPOINT", "--endpoint batch=URL", "AWS Batch (aws-sdk:batch:*)"},
      {"DYNAMODB_ENDPOINT", "--endpoint dynamodb=URL",
       "DynamoDB: dynamodb:* and aws-sdk:dynamodb:*"},
      {"ECS_ENDPOINT", "--endpoint ecs=URL", "Amazon ECS (aws-sdk:ecs:*)"},
      {"GLUE_ENDPOINT", "--endpoint glue=URL", "AWS Glue (aws-sdk:glue:*)"},
      {"SAGE_MAKER_ENDPOINT", "--endpoint sagemaker=URL", "SageMaker (aws-sdk:sagemaker:*)"},
      {"SQS_ENDPOINT", "--endpoint sqs=URL", "SQS: sqs:sendMessage and aws-sdk:sqs:*"},
      {"SNS_ENDPOINT", "--endpoint sns=URL", "SNS: sns:publish and aws-sdk:sns:*"},
      {"STEP_FUNCTIONS_ENDPOINT", "--endpoint states=URL",
       "Step Functions (aws-sdk:sfn:*); unset, these calls stay in this emulator"},
      {"EKS_ENDPOINT", "--endpoint eks=URL", "Amazon EKS (aws-sdk:eks:*)"},
      {"DATABRICKS_ENDPOINT", "--endpoint databricks=URL", "accepted; no integration uses it"},
      {"SFN_MOCK_CONFIG", "--mock-config",
       "mocked service integrations for executions started on <stateMachineArn>#<TestCase>"},
  };
  return kVariables;
}

Status ApplySfnLocalEnv(const EnvLookup& env, Options& options) {
  for (const SfnLocalVariable& var : SfnLocalVariables()) {
    const std::string name = var.name;
    std::optional<std::string> value = env(name);
    if (!value || value->empty()) continue;
    if (name == "AWS_ACCOUNT_ID") {
      if (value->size() != 12 || value->find_first_not_of("0123456789") != std::string::npos) {
        return Invalid(name, *value, "expected 12 digits");
      }
      options.account_id = *value;
    } else if (name == "AWS_DEFAULT_REGION") {
      options.region = *value;
    } else if (name == "WAIT_TIME_SCALE") {
      double scale = 0;
      try {
        size_t used = 0;
        scale = std::stod(*value, &used);
        if (used != value->size() || !(scale >= 0)) throw std::invalid_argument("");
      } catch (...) {
        return Invalid(name, *value, "expected a number >= 0");
      }
      if (scale == 0) {
        options.clock = "virtual";  // waits end at once, with truthful history timestamps
      } else {
        options.wait_scale = scale;
      }
    } else if (name == "LAMBDA_ENDPOINT") {
      // ParseOptions applies it right after these (see api/options.cc).
    } else if (name == "SFN_MOCK_CONFIG") {
      options.mock_config = *value;
    } else {
      // An endpoint: the service table knows which variable names which service.
      const integrations::AwsService* service = nullptr;
      for (const integrations::AwsService& s : integrations::AwsServices()) {
        if (s.local_variable == name) service = &s;
      }
      integrations::AwsEndpoints check;
      if (service == nullptr || !check.Set(service->name, *value).ok()) {
        return Invalid(name, *value, "expected http://host[:port]");
      }
      options.endpoints.emplace_back(service->name, *value);
    }
  }
  // The credentials that sign calls to AWS endpoints, as AWS SDKs read them.
  if (std::optional<std::string> v = env("AWS_ACCESS_KEY_ID"); v && !v->empty()) {
    options.aws_access_key_id = *v;
  }
  if (std::optional<std::string> v = env("AWS_SECRET_ACCESS_KEY"); v && !v->empty()) {
    options.aws_secret_access_key = *v;
  }
  if (std::optional<std::string> v = env("AWS_SESSION_TOKEN"); v && !v->empty()) {
    options.aws_session_token = *v;
  }
  return Status::Ok();
}

}  // namespace sfn::api
