// The one table from operational error codes to what a client sees (DESIGN.md,
// "Values and errors"): HTTP status, and `__type` as AWS JSON 1.0 writes it,
// so boto3 raises the modelled exception class and the CLI prints
// "An error occurred (<Code>) when calling the <Op> operation: <message>".
#pragma once

#include "api/http_types.h"
#include "emulator/core/status.h"

namespace sfn::api {

int HttpStatusFor(ErrorCode code);

// An AWS JSON 1.0 error response for `status`.
HttpResponse JsonErrorResponse(const Status& status);

// A Lambda REST-JSON error response: the x-amzn-ErrorType header names the
// exception (botocore reads the code from it) and the body is
// {"Type": "User"|"Service", "message": ...}, as Lambda writes it.
HttpResponse LambdaErrorResponse(const Status& status);

}  // namespace sfn::api
