// The Lambda operations on the wire (REST-JSON, API version 2015-03-31; tags
// under 2017-03-31), with the shapes, URIs and errors of botocore's lambda
// model. A table routes a request by method and URI pattern to its
// operation; each operation reads its members (path labels, query string,
// headers, JSON body) through a RequestReader, so a wrong type or a missing
// member is answered the same way everywhere, calls the LambdaService and
// writes the response shape. Every List operation pages with
// control/paging's one helper (Marker/NextMarker). Errors use Lambda's
// REST-JSON error shape (x-amzn-ErrorType header, body {"Type": "User",
// "message": ...}).
//
// Not thread-safe: call on the engine thread, which owns the service. The
// callback runs there, except for Invoke, whose answer comes from the
// invocation's worker thread, and for code uploads, posted back to it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/http_types.h"
#include "emulator/lambda/lambda_service.h"

namespace sfn::api {

// Whether `path` (no query) belongs to the Lambda API.
bool IsLambdaPath(const std::string& path);

// The operation a request's method and target name ("GetAlias"), with its
// decoded path labels ({"FunctionName": "f", "Name": "live"}); nullopt when
// the Lambda API has none there.
struct LambdaRouteMatch {
  std::string operation;
  std::map<std::string, std::string> labels;
};
std::optional<LambdaRouteMatch> MatchLambdaRoute(const std::string& method,
                                                 const std::string& target);

void RunLambdaOperation(lambda::LambdaService& service, const HttpRequest& request,
                        const std::string& region, ResponseCallback done);

}  // namespace sfn::api
