// How Step Functions turns a Lambda invocation into a Task state's result or
// failure (Step Functions developer guide, "Invoke an AWS Lambda function with
// Step Functions" and "Handling errors": Lambda.* error names, the function's
// errorType as the error and its error payload as the cause).
//
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/lambda_port.h"

namespace sfn::integrations {

// `integration`: arn:aws:states:::lambda:invoke (the response envelope with
// ExecutedVersion, Payload, SdkHttpMetadata, StatusCode); otherwise a bare
// function ARN (the payload itself). `state_label` names the task in the
// DataLimitExceeded cause ("lambda" or the function ARN, as AWS writes it).
Outcome<Json> InterpretInvocation(const engine::InvocationResult& result, bool integration,
                                  const std::string& state_label, TimePoint now);

// A function that could not be invoked (not found, bad qualifier, ...):
// "Lambda.<Exception>" with the Java SDK's message shape AWS reports.
Failure InvocationFailure(const std::string& exception, const std::string& message,
                          const std::string& request_id);
Failure InvocationFailure(const Status& status, const std::string& request_id);

}  // namespace sfn::integrations
