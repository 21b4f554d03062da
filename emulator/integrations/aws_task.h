// The shared part of the registry entries that call an AWS service over
// HTTP (SQS, SNS, DynamoDB, EventBridge, aws-sdk:*): Plan builds the service
// request (the entry's Build) and keeps it in the planned task as JSON; Bind
// fails the task when the service has no endpoint (a catchable
// `<Service>.SdkClientException` whose cause names the settings); Dispatch
// signs and sends it through AwsClient, off the engine thread; Interpret
// turns a transport failure into that same client error, an error document
// into the entry's AWS error name (ServiceFailure) and a success into the
// state's result (Decode).
//
// Entries accept their `.waitForTaskToken` resource form too
// (`arn:aws:states:::sqs:sendMessage.waitForTaskToken`, Patterns); the token
// itself is the engine's (task_integration.h). Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "emulator/engine/task_integration.h"
#include "emulator/integrations/aws_client.h"

namespace sfn::integrations {

class AwsTask : public engine::TaskIntegration {
 public:
  explicit AwsTask(const AwsClient* aws) : aws_(aws) {}

  engine::EventFamily Events() const override { return engine::EventFamily::kTask; }
  // Request-response and .waitForTaskToken ("Discover service integration
  // patterns"); an entry without the callback form narrows it.
  engine::PatternSet Patterns() const override {
    return {engine::Pattern::kRequestResponse, engine::Pattern::kWaitForTaskToken};
  }
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall& call, const engine::TaskEnv& env,
                              engine::PlannedTask& task) const override;
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 protected:
  // What an entry's Build returns: the request, and the parameters the
  // TaskScheduled event shows when the entry changes them (optimised
  // integrations leave out the parameters they do not support; null: the
  // call's).
  struct Built {
    AwsRequest request;
    Json shown_parameters;
  };
  virtual Outcome<Built> Build(const engine::TaskCall& call, const engine::TaskEnv& env) const = 0;
  // The state's result from a 2xx answer.
  virtual Outcome<Json> Decode(const engine::HttpAnswer& answer, const engine::PlannedTask& task,
                               const engine::TaskEnv& env) const = 0;
  // The task's failure for an error answer.
  virtual Failure ServiceFailure(const AwsError& error, const engine::PlannedTask& task) const = 0;
  // The error of a call that got no answer or has no endpoint
  // ("SQS.SdkClientException").
  virtual std::string ClientErrorName(const engine::PlannedTask& task) const = 0;
  // The service the call goes to (an endpoint key of aws_services.h).
  virtual std::string ServiceOf(const engine::PlannedTask& task) const = 0;

  const AwsClient* aws_;  // may be null: every call fails as having no endpoint
};

// The resource without its `.waitForTaskToken` suffix, and whether it had it.
std::string_view WithoutPattern(std::string_view resource, bool* wait_for_token = nullptr);

// The parameters as an object (null and absent parameters are {}).
Json ParametersObject(const Json& parameters);

// `text` with invalid UTF-8 replaced by U+FFFD, so that it can be a JSON string.
std::string ValidUtf8(std::string_view text);

// `value` as a JSON string (strings as they are, anything else as its compact
// JSON text), as the optimised integrations send MessageBody, Message and
// Detail.
std::string AsText(const Json& value);

}  // namespace sfn::integrations
