#include "emulator/integrations/registry.h"

#include "emulator/integrations/activity.h"
#include "emulator/integrations/aws_sdk_task.h"
#include "emulator/integrations/http_task.h"
#include "emulator/integrations/lambda.h"
#include "emulator/integrations/optimized_tasks.h"
#include "emulator/integrations/s3_map_io.h"
#include "emulator/integrations/start_execution.h"

namespace sfn::integrations {

void Registry::Add(std::unique_ptr<engine::TaskIntegration> entry) {
  entries_.push_back(std::move(entry));
}

const engine::TaskIntegration* Registry::Match(std::string_view resource) const {
  engine::SplitResource split = engine::SplitPattern(resource);
  for (const auto& e : entries_) {
    if (e->Matches(split.base) && e->Patterns().Has(split.pattern)) return e.get();
  }
  return nullptr;
}

const engine::TaskIntegration* Registry::Find(std::string_view id) const {
  for (const auto& e : entries_) {
    if (e->Id() == id) return e.get();
  }
  return nullptr;
}

std::string Registry::Unmatched(std::string_view resource) const {
  engine::SplitResource split = engine::SplitPattern(resource);
  for (const auto& e : entries_) {
    if (e->Matches(split.base)) {
      return "The resource '" + std::string(resource) + "' is not supported: " + split.base +
             " does not offer the integration pattern '" +
             std::string(engine::PatternSuffix(split.pattern)) + "'.";
    }
  }
  return "The resource '" + std::string(resource) +
         "' is not emulated by sfn-emulator; Task states can call Lambda functions (a function "
         "ARN or arn:aws:states:::lambda:invoke), activities, "
         "arn:aws:states:::states:startExecution, HTTP endpoints (arn:aws:states:::http:invoke), "
         "sqs:sendMessage, sns:publish, dynamodb:getItem/putItem/updateItem/deleteItem, "
         "events:putEvents and aws-sdk:<service>:<action> for " +
         AwsSdkServiceList() + ", or be mocked with a mock configuration file (SFN_MOCK_CONFIG).";
}

std::unique_ptr<Registry> MakeRegistry(const Ports& ports) {
  auto registry = std::make_unique<Registry>();
  registry->Add(std::make_unique<LambdaTask>(LambdaTask::Form::kInvokeIntegration, ports.lambda));
  registry->Add(std::make_unique<LambdaTask>(LambdaTask::Form::kFunctionArn, ports.lambda));
  registry->Add(std::make_unique<ActivityTaskEntry>(ports.activities));
  registry->Add(std::make_unique<StartExecutionTask>(ports.executions));
  registry->Add(MakeSqsSendMessage(ports.aws));
  registry->Add(MakeSnsPublish(ports.aws));
  registry->Add(MakeDynamoDbItem(ports.aws));
  registry->Add(MakeEventBridgePutEvents(ports.aws));
  registry->Add(MakeAwsSdkTask(ports.aws));
  registry->Add(std::make_unique<HttpTask>(ports.http));
  registry->Add(std::make_unique<S3ItemReader>(ports.s3));
  registry->Add(std::make_unique<S3ResultWriter>(ports.s3));
  return registry;
}

}  // namespace sfn::integrations
