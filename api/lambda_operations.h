// The Lambda operations on the wire (REST-JSON, API version 2015-03-31; tags
// under 2017-03-31), with the shapes, URIs and errors of botocore's lambda
// model: routes a request by method and path, reads path/query/header/body
// members, calls the LambdaService and writes the response shape. Errors use
// Lambda's REST-JSON error shape (x-amzn-ErrorType header, body
// {"Type": "User", "message": ...}).
//
// Not thread-safe: call on the engine thread, which owns the service. The
// callback runs there, except for Invoke, whose answer comes from the
// invocation's worker thread.
#pragma once

#include <string>

#include "api/http_types.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::api {

// Whether `path` (no query) belongs to the Lambda API.
bool IsLambdaPath(const std::string& path);

void RunLambdaOperation(lambda::LambdaService& service, const HttpRequest& request,
                        const std::string& region, ResponseCallback done);

}  // namespace sfn::api
