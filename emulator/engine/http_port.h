// What the emulator needs to call another HTTP endpoint (DESIGN.md, "Layout":
// integrations reach other services through an HTTP port that api/
// implements with Beast's client). Used by Lambda forwarding
// (--lambda-endpoint) and by the AWS service integrations
// (integrations/aws_client.h: SQS, SNS, DynamoDB, EventBridge, aws-sdk:*).
//
// Send never blocks its caller (the engine thread may call it) and calls
// `done` exactly once, from any thread (the implementation's I/O thread),
// except at shutdown, when a call still waiting is dropped with the callback
// unrun. Implementations are thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/status.h"

namespace sfn::engine {

struct HttpRequestSpec {
  std::string method = "GET";
  // http://host[:port][/path][?query]; the path and query are sent as
  // written (percent-encode them first). https is not supported.
  std::string url;
  // Sent as given; Host and Content-Length are added.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // For the whole exchange after name resolution: connect, send, receive.
  std::chrono::milliseconds timeout{30000};
  size_t max_response_bytes = 64 * 1024 * 1024;
};

struct HttpAnswer {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased, in order
  std::string body;                                          // de-chunked
  // The status line's reason phrase ("OK", "Not Found", ...); last, so that
  // {status, headers, body} initialisers stay valid.
  std::string reason;

  // The first value of `lower_name`, or nullptr.
  const std::string* Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
      if (name == lower_name) return &value;
    }
    return nullptr;
  }
};

// kValidationException for a URL this port cannot call (not http://, no
// host); kServiceException when no HTTP answer came (resolution, connection,
// timeout, a malformed or too large response), the message saying which. Any
// HTTP status, 4xx and 5xx included, is an answer.
using HttpCallback = std::function<void(Result<HttpAnswer>)>;

class HttpPort {
 public:
  virtual ~HttpPort() = default;
  virtual void Send(HttpRequestSpec request, HttpCallback done) = 0;
};

}  // namespace sfn::engine
