#include "emulator/core/status.h"

namespace sfn {

std::string_view ErrorName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "OK";
    case ErrorCode::kSerializationException: return "SerializationException";
    case ErrorCode::kUnknownOperationException: return "UnknownOperationException";
    case ErrorCode::kValidationException: return "ValidationException";
    case ErrorCode::kMissingAuthenticationToken: return "MissingAuthenticationTokenException";
    case ErrorCode::kInternalFailure: return "InternalFailure";
    case ErrorCode::kInvalidArn: return "InvalidArn";
    case ErrorCode::kInvalidName: return "InvalidName";
    case ErrorCode::kInvalidDefinition: return "InvalidDefinition";
    case ErrorCode::kInvalidExecutionInput: return "InvalidExecutionInput";
    case ErrorCode::kInvalidOutput: return "InvalidOutput";
    case ErrorCode::kInvalidToken: return "InvalidToken";
    case ErrorCode::kStateMachineDoesNotExist: return "StateMachineDoesNotExist";
    case ErrorCode::kStateMachineAlreadyExists: return "StateMachineAlreadyExists";
    case ErrorCode::kStateMachineDeleting: return "StateMachineDeleting";
    case ErrorCode::kStateMachineTypeNotSupported: return "StateMachineTypeNotSupported";
    case ErrorCode::kExecutionDoesNotExist: return "ExecutionDoesNotExist";
    case ErrorCode::kExecutionAlreadyExists: return "ExecutionAlreadyExists";
    case ErrorCode::kExecutionNotRedrivable: return "ExecutionNotRedrivable";
    case ErrorCode::kActivityDoesNotExist: return "ActivityDoesNotExist";
    case ErrorCode::kActivityAlreadyExists: return "ActivityAlreadyExists";
    case ErrorCode::kActivityWorkerLimitExceeded: return "ActivityWorkerLimitExceeded";
    case ErrorCode::kTaskDoesNotExist: return "TaskDoesNotExist";
    case ErrorCode::kTaskTimedOut: return "TaskTimedOut";
    case ErrorCode::kResourceNotFound: return "ResourceNotFound";
    case ErrorCode::kTooManyTags: return "TooManyTags";
    case ErrorCode::kConflictException: return "ConflictException";
    case ErrorCode::kServiceQuotaExceededException: return "ServiceQuotaExceededException";
    case ErrorCode::kInvalidLoggingConfiguration: return "InvalidLoggingConfiguration";
    case ErrorCode::kInvalidTracingConfiguration: return "InvalidTracingConfiguration";
    case ErrorCode::kInvalidEncryptionConfiguration:
      return "InvalidEncryptionConfiguration";
    case ErrorCode::kMissingRequiredParameter: return "MissingRequiredParameter";
    case ErrorCode::kResourceNotFoundException: return "ResourceNotFoundException";
    case ErrorCode::kResourceConflictException: return "ResourceConflictException";
    case ErrorCode::kInvalidParameterValueException: return "InvalidParameterValueException";
    case ErrorCode::kPreconditionFailedException: return "PreconditionFailedException";
    case ErrorCode::kRequestTooLargeException: return "RequestTooLargeException";
    case ErrorCode::kInvalidRequestContentException: return "InvalidRequestContentException";
    case ErrorCode::kServiceException: return "ServiceException";
    case ErrorCode::kTooManyRequestsException: return "TooManyRequestsException";
    case ErrorCode::kRequestEntityTooLargeException: return "RequestEntityTooLargeException";
    case ErrorCode::kAccessDeniedException: return "AccessDeniedException";
    case ErrorCode::kUnrecognizedClientException: return "UnrecognizedClientException";
    case ErrorCode::kInvalidSignatureException: return "InvalidSignatureException";
  }
  return "InternalFailure";
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(ErrorName(code_)) + ": " + message_;
}

}  // namespace sfn
