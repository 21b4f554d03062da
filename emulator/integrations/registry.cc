#include "emulator/integrations/registry.h"

#include "emulator/integrations/http_task.h"
#include "emulator/integrations/lambda.h"
#include "emulator/integrations/s3_map_io.h"

namespace sfn::integrations {

void Registry::Add(std::unique_ptr<engine::TaskIntegration> entry) {
  entries_.push_back(std::move(entry));
}

const engine::TaskIntegration* Registry::Match(std::string_view resource) const {
  for (const auto& e : entries_) {
    if (e->Matches(resource)) return e.get();
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
  return "The resource '" + std::string(resource) +
         "' is not emulated by sfn-emulator; Task states can call Lambda functions (a function "
         "ARN or arn:aws:states:::lambda:invoke) and HTTP endpoints "
         "(arn:aws:states:::http:invoke).";
}

std::unique_ptr<Registry> MakeRegistry(const Ports& ports) {
  auto registry = std::make_unique<Registry>();
  registry->Add(std::make_unique<LambdaTask>(LambdaTask::Form::kInvokeIntegration, ports.lambda));
  registry->Add(std::make_unique<LambdaTask>(LambdaTask::Form::kFunctionArn, ports.lambda));
  registry->Add(std::make_unique<HttpTask>(ports.http));
  registry->Add(std::make_unique<S3ItemReader>(ports.s3));
  registry->Add(std::make_unique<S3ResultWriter>(ports.s3));
  return registry;
}

}  // namespace sfn::integrations
