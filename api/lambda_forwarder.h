// --lambda-endpoint: forwards invocations of functions the emulator does not
// have to a Lambda-compatible endpoint (as Step Functions Local's
// LAMBDA_ENDPOINT does), with a tiny blocking HTTP/1.1 client over a POSIX
// socket (plain http only), one worker thread per call. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "emulator/core/status.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::api {

// kValidationException unless `url` is http://host[:port][/prefix].
Result<std::unique_ptr<lambda::Forwarder>> MakeLambdaForwarder(const std::string& url);

}  // namespace sfn::api
