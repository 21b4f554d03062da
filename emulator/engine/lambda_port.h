// What the engine needs from the Lambda module (implemented by
// emulator/lambda; DESIGN.md, "Lambda: versioned local functions").
//
// A Task state that calls Lambda resolves its function reference when the
// task is scheduled (Resolve, on the engine thread, never blocking) and the
// engine records the resolved version durably before invoking it, so an
// invocation repeated after a restart runs the same version. Invoke runs one
// invocation of exactly that version and reports once through `done`, from
// any thread; the engine posts the result back to its own thread. A slow
// handler never blocks the caller.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "emulator/core/status.h"

namespace sfn::engine {

// The function an invocation will run: fixed at scheduling time.
struct ResolvedFunction {
  std::string function_name;  // "greet"
  std::string function_arn;   // unqualified: arn:aws:lambda:<region>:<account>:function:greet
  std::string version;        // "$LATEST" or "1", "2", ...
};

struct InvocationResult {
  int status_code = 200;         // 200 for RequestResponse
  std::string executed_version;  // X-Amz-Executed-Version
  std::string payload;           // the response body: JSON text (or AWS's error payload)
  std::optional<std::string> function_error;  // X-Amz-Function-Error: "Unhandled", "Handled"
  std::optional<std::string> log_result;      // base64 tail, when asked for
  std::string request_id;                     // x-amzn-RequestId (empty: unknown)
  // The invocation could not run (function deleted meanwhile, runtime
  // missing, ...): the AWS exception name ("ResourceNotFoundException",
  // "ServiceException", ...) and its message. `payload` is then unused.
  std::optional<std::string> service_error;
  std::string service_message;
};

class LambdaPort {
 public:
  virtual ~LambdaPort() = default;
  // Resolves a function reference as AWS would at this moment: a name, a
  // partial ARN ("123456789012:function:greet") or a full ARN, each with an
  // optional ":qualifier" (version number, alias or $LATEST). Unqualified ->
  // $LATEST; an alias -> one of its versions (weighted draw from the seeded
  // random source). Errors: ResourceNotFoundException and
  // InvalidParameterValueException with AWS's messages. `region` and
  // `account` complete a bare name.
  virtual Result<ResolvedFunction> Resolve(const std::string& function_ref,
                                           const std::string& region,
                                           const std::string& account) = 0;
  // Invokes `fn` synchronously (RequestResponse) with `payload` (JSON text).
  // `done` is called exactly once, from any thread.
  virtual void Invoke(const ResolvedFunction& fn, std::string payload,
                      std::function<void(InvocationResult)> done) = 0;
};

}  // namespace sfn::engine
