#include "api/error_table.h"

#include "emulator/core/json.h"

namespace sfn::api {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInternalFailure: return 500;
    case ErrorCode::kMissingAuthenticationToken: return 403;
    // Lambda (botocore's lambda model, each exception's "error" trait).
    case ErrorCode::kResourceNotFoundException: return 404;
    case ErrorCode::kResourceConflictException: return 409;
    case ErrorCode::kPreconditionFailedException: return 412;
    case ErrorCode::kRequestTooLargeException: return 413;
    case ErrorCode::kServiceException: return 500;
    case ErrorCode::kTooManyRequestsException: return 429;
    case ErrorCode::kRequestEntityTooLargeException: return 413;
    case ErrorCode::kAccessDeniedException: return 403;
    default: return 400;
  }
}

HttpResponse JsonErrorResponse(const Status& status) {
  std::string name(ErrorName(status.code()));
  // Coral (the AWS service framework) prefixes protocol-level errors with its
  // own namespace and service errors with the service model's.
  bool protocol = status.code() == ErrorCode::kSerializationException ||
                  status.code() == ErrorCode::kUnknownOperationException ||
                  status.code() == ErrorCode::kInternalFailure ||
                  status.code() == ErrorCode::kMissingAuthenticationToken ||
                  status.code() == ErrorCode::kAccessDeniedException ||
                  status.code() == ErrorCode::kUnrecognizedClientException ||
                  status.code() == ErrorCode::kInvalidSignatureException;
  std::string type = protocol ? "com.amazon.coral.service#" + name
                              : "com.amazonaws.swf.service.v2.model#" + name;
  Json body = {{"__type", type}, {"message", status.message()}};
  HttpResponse r;
  r.status = HttpStatusFor(status.code());
  r.headers = {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amzn-ErrorType", name}};
  r.body = DumpJson(body);
  return r;
}

HttpResponse LambdaErrorResponse(const Status& status) {
  std::string name(ErrorName(status.code()));
  int http = HttpStatusFor(status.code());
  if (status.code() == ErrorCode::kUnknownOperationException) http = 404;
  // Lambda answers authentication failures with 403 (Step Functions: 400).
  if (status.code() == ErrorCode::kUnrecognizedClientException ||
      status.code() == ErrorCode::kInvalidSignatureException) {
    http = 403;
  }
  Json body = {{"Type", http >= 500 ? "Service" : "User"}, {"message", status.message()}};
  HttpResponse r;
  r.status = http;
  r.headers = {{"Content-Type", "application/json"}, {"x-amzn-ErrorType", name}};
  r.body = DumpJson(body);
  return r;
}

}  // namespace sfn::api
