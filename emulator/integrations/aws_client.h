// Calls to AWS service endpoints (DESIGN.md, "Layout": integrations reach
// other services through the engine's HTTP port, SigV4 signing from core/):
// an AwsRequest names a service of the table (aws_services.h) and what to
// send; AwsClient finds the service's endpoint (aws_endpoints.h), signs the
// request with the configured credentials at the real time of the call, and
// sends it through engine::HttpPort, which never blocks its caller.
// ParseAwsError reads the error documents of every protocol.
//
// A planned task keeps its AwsRequest as JSON (ToJson/FromJson), so a
// dispatch repeated after a restart sends exactly what was scheduled, signed
// anew. AwsClient borrows its port and endpoints, which outlive it;
// immutable after construction; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/sigv4.h"
#include "emulator/core/status.h"
#include "emulator/engine/http_port.h"
#include "emulator/integrations/aws_endpoints.h"

namespace sfn::integrations {

struct AwsRequest {
  std::string service;  // an endpoint key or alias of aws_services.h ("sqs")
  std::string region;   // signing region (the execution's)
  std::string method = "POST";
  std::string path = "/";  // percent-encoded, appended to the endpoint's URL
  std::string query;       // percent-encoded, without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host and SigV4's
  std::string body;
  std::chrono::milliseconds timeout{60000};

  Json ToJson() const;
  // kSerializationException for a shape this build did not write.
  static Result<AwsRequest> FromJson(const Json& j);
};

// A service's error answer, in any protocol: JSON (`__type`, `message`,
// X-Amzn-ErrorType, x-amzn-query-error), query XML (<ErrorResponse>) or S3's
// <Error>.
struct AwsError {
  int status = 0;
  // The error code as the service's own protocol names it ("QueueDoesNotExist",
  // "ConditionalCheckFailedException", "InvalidParameter", "NoSuchKey").
  std::string code;
  // The query-compatible code, when the answer carries one
  // (x-amzn-query-error: "AWS.SimpleQueueService.NonExistentQueue").
  std::string query_code;
  std::string message;
  std::string request_id;
  std::string host_id;  // S3's extended request id
};

// nullopt for a 2xx answer. Any other status gives an AwsError, with the
// HTTP status as the code when the body names none.
std::optional<AwsError> ParseAwsError(const engine::HttpAnswer& answer);

// The request id of an answer (x-amzn-RequestId, x-amz-request-id, or the
// one in an XML body), or "".
std::string RequestIdOf(const engine::HttpAnswer& answer);

class AwsClient {
 public:
  AwsClient(engine::HttpPort* http, const AwsEndpoints* endpoints, sigv4::Credentials credentials)
      : http_(http), endpoints_(endpoints), credentials_(std::move(credentials)) {}

  const AwsEndpoints& endpoints() const { return *endpoints_; }

  // The endpoint of `service`, or kResourceNotFound whose message names the
  // settings that would give it one.
  Result<std::string> EndpointOf(std::string_view service) const;

  // The HTTP request `request` becomes (URL, Host, SigV4 headers), signed
  // at `now`; kResourceNotFound when its service has no endpoint.
  Result<engine::HttpRequestSpec> Prepare(const AwsRequest& request, TimePoint now) const;

  // Prepares at the current real time and sends; `done` is called exactly
  // once, from any thread (not at all for a call still waiting at shutdown,
  // as engine::HttpPort documents). Without an endpoint or an HTTP port,
  // `done` is called at once with kResourceNotFound.
  void Send(const AwsRequest& request, engine::HttpCallback done) const;

 private:
  engine::HttpPort* http_;  // may be null: every call fails
  const AwsEndpoints* endpoints_;
  sigv4::Credentials credentials_;
};

}  // namespace sfn::integrations
