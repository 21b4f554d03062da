// Task states that call Lambda (Step Functions developer guide, "Invoke an
// AWS Lambda function with Step Functions"): two registry entries over the
// engine's LambdaPort.
//
//  - `arn:aws:states:::lambda:invoke` (the optimised integration): the
//    parameters are the Invoke request (FunctionName, Payload, Qualifier...);
//    the result is the response envelope (ExecutedVersion, Payload,
//    SdkHttpMetadata, StatusCode); Task* events. Also `.waitForTaskToken`:
//    the envelope is then the submission (TaskSubmitted) and the token's
//    answer the result.
//  - a function ARN as the resource: the effective input is the payload and
//    the function's response is the result; LambdaFunction* events.
//
// The function reference is resolved once, when the task is scheduled (an
// unqualified reference takes $LATEST as it is then, an alias draws its
// version then), and the planned task carries that version to every
// dispatch, also after a restart. Immutable; thread-safe.
#pragma once

#include "emulator/engine/lambda_port.h"
#include "emulator/engine/task_integration.h"

namespace sfn::integrations {

class LambdaTask : public engine::TaskIntegration {
 public:
  enum class Form { kInvokeIntegration, kFunctionArn };
  LambdaTask(Form form, engine::LambdaPort* lambda) : form_(form), lambda_(lambda) {}

  std::string_view Id() const override;
  bool Matches(std::string_view resource) const override;
  engine::PatternSet Patterns() const override;
  engine::EventFamily Events() const override;
  Outcome<engine::PlannedTask> Plan(const engine::TaskCall& call,
                                    const engine::TaskEnv& env) const override;
  std::optional<Failure> Bind(const engine::TaskCall& call, const engine::TaskEnv& env,
                              engine::PlannedTask& task) const override;
  void Dispatch(const engine::PlannedTask& task,
                std::function<void(engine::TaskAnswer)> done) const override;
  Outcome<Json> Interpret(const engine::PlannedTask& task, const engine::TaskAnswer& answer,
                          const engine::TaskEnv& env) const override;

 private:
  Form form_;
  engine::LambdaPort* lambda_;  // may be null: every call fails as a missing function
};

}  // namespace sfn::integrations
