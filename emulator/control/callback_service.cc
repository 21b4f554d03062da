#include "emulator/control/callback_service.h"

#include "emulator/core/json_syntax.h"
#include "emulator/engine/task_token.h"

namespace sfn::control {

Status CallbackService::Send(const std::string& token, engine::TokenAnswer answer) {
  // Messages: AWS's for TaskTimedOut; the others are our reading of AWS's
  // "<Exception>: '<detail>'" form.
  if (!engine::IsTaskToken(token)) {
    return Status(ErrorCode::kInvalidToken, "Invalid Token: 'Invalid token'");
  }
  SFN_ASSIGN_OR_RETURN(std::optional<std::string> execution, repo_.FindTaskToken(token));
  if (!execution) {
    return Status(ErrorCode::kTaskDoesNotExist,
                  "Task Does Not Exist: 'Provided task does not exist'");
  }
  return driver_.CompleteToken(*execution, token, std::move(answer));
}

Status CallbackService::SendSuccess(const std::string& token, const std::string& output) {
  if (std::optional<JsonSyntaxError> bad = FindJsonSyntaxError(output)) {
    return Status(ErrorCode::kInvalidOutput, "Invalid Output: '" + bad->message + "'");
  }
  engine::TokenAnswer a;
  a.kind = engine::TokenAnswer::Kind::kSuccess;
  a.output = output;
  return Send(token, std::move(a));
}

Status CallbackService::SendFailure(const std::string& token,
                                    const std::optional<std::string>& error,
                                    const std::optional<std::string>& cause) {
  engine::TokenAnswer a;
  a.kind = engine::TokenAnswer::Kind::kFailure;
  a.error = error;
  a.cause = cause;
  return Send(token, std::move(a));
}

Status CallbackService::SendHeartbeat(const std::string& token) {
  engine::TokenAnswer a;
  a.kind = engine::TokenAnswer::Kind::kHeartbeat;
  return Send(token, std::move(a));
}

}  // namespace sfn::control
