// Operational errors (DESIGN.md, "Values and errors", tier 2).
//
// A Status is either OK or carries one code of a closed set, named exactly as
// the AWS APIs name their exceptions, plus a human-readable message. The api/
// module owns the single table that maps a code to an HTTP status and the
// `__type` a client sees; nothing else in the tree knows about HTTP.
// Status and Result are plain values: copyable, no shared state, thread-safe
// as any value is.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sfn {

enum class ErrorCode {
  kOk,
  // Protocol-level (AWS JSON 1.0 / REST-JSON).
  kSerializationException,
  kUnknownOperationException,
  kValidationException,
  kMissingAuthenticationToken,
  kInternalFailure,
  // Step Functions.
  kInvalidArn,
  kInvalidName,
  kInvalidDefinition,
  kInvalidExecutionInput,
  kInvalidOutput,
  kInvalidToken,
  kStateMachineDoesNotExist,
  kStateMachineAlreadyExists,
  kStateMachineDeleting,
  kStateMachineTypeNotSupported,
  kExecutionDoesNotExist,
  kExecutionAlreadyExists,
  kExecutionNotRedrivable,
  kActivityDoesNotExist,
  kActivityAlreadyExists,
  kActivityWorkerLimitExceeded,
  kTaskDoesNotExist,
  kTaskTimedOut,
  kResourceNotFound,
  kTooManyTags,
  kConflictException,
  kServiceQuotaExceededException,
  kInvalidLoggingConfiguration,
  kInvalidTracingConfiguration,
  kInvalidEncryptionConfiguration,
  kMissingRequiredParameter,
  // Lambda (REST-JSON; HTTP statuses in api/error_table.cc).
  kResourceNotFoundException,
  kResourceConflictException,
  kInvalidParameterValueException,
  kPreconditionFailedException,
  kRequestTooLargeException,
  kInvalidRequestContentException,
  kServiceException,
  kTooManyRequestsException,
  kRequestEntityTooLargeException,
  // Who may call (api/request_guard.h).
  kAccessDeniedException,
  kUnrecognizedClientException,
  kInvalidSignatureException,
};

// The exception name AWS uses for `code` (e.g. "StateMachineDoesNotExist").
std::string_view ErrorName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(runtime/explicit)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(runtime/explicit)
    assert(!std::get<Status>(v_).ok());
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

#define SFN_CONCAT_INNER(a, b) a##b
#define SFN_CONCAT(a, b) SFN_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define SFN_RETURN_IF_ERROR(expr)        \
  do {                                   \
    ::sfn::Status sfn_status_ = (expr);  \
    if (!sfn_status_.ok()) return sfn_status_; \
  } while (0)

#define SFN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

// `SFN_ASSIGN_OR_RETURN(auto x, ComputeResult());`
#define SFN_ASSIGN_OR_RETURN(lhs, expr) \
  SFN_ASSIGN_OR_RETURN_IMPL(SFN_CONCAT(sfn_result_, __LINE__), lhs, expr)

}  // namespace sfn
