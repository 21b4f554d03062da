// --lambda-endpoint: forwards invocations of functions the emulator does not
// have to a Lambda-compatible endpoint (as Step Functions Local's
// LAMBDA_ENDPOINT does): an Invoke request (REST-JSON, POST
// /2015-03-31/functions/<name>/invocations) through engine::HttpPort, whose
// answer headers (X-Amz-Function-Error, X-Amz-Executed-Version,
// X-Amz-Log-Result, X-Amzn-ErrorType) become the InvocationResult.
// Asynchronous: no thread waits for the endpoint. Borrows the port, which
// must outlive it. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "emulator/core/status.h"
#include "emulator/engine/http_port.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::api {

// kValidationException unless `url` is http://host[:port][/prefix].
Result<std::unique_ptr<lambda::Forwarder>> MakeLambdaForwarder(const std::string& url,
                                                               engine::HttpPort& http);

}  // namespace sfn::api
