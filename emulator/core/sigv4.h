// AWS Signature Version 4 (AWS General Reference, "Signature Version 4
// signing process"; IAM user guide, "Create a signed AWS API request"):
// the canonical request, the string to sign, the derived signing key and
// the Authorization header, with HMAC-SHA256 from OpenSSL (core/hash.h).
//
// Used by every outbound AWS call (integrations/aws_client.h), so that real
// local services that check signatures (LocalStack, DynamoDB Local, MinIO)
// accept them. Pure functions over their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/time.h"

namespace sfn::sigv4 {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none (sent as X-Amz-Security-Token)
};

// One HTTP request to sign. `path` and `query` are as they go on the wire
// (already percent-encoded); headers must include `host`.
struct Request {
  std::string method = "POST";
  std::string path = "/";
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// What signing adds, also for tests: the canonical request, the string to
// sign and the Authorization header value.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string authorization;
};

// RFC 3986 unreserved characters stay, everything else is %XX (upper-case
// hex); '/' too unless `keep_slash` (AWS's UriEncode()).
std::string UriEncode(std::string_view text, bool keep_slash = false);

// Signs `request` for `service` in `region` at `now`: adds X-Amz-Date,
// X-Amz-Security-Token (with a session token), X-Amz-Content-Sha256 (for
// S3, which requires it) and Authorization. `service` is the signing name
// ("sqs", "dynamodb", "s3", "states", "events", ...). Every header present
// is signed except user-agent.
Signature Sign(Request& request, const Credentials& credentials, std::string_view region,
               std::string_view service, TimePoint now);

// Computes the signature without touching `request` (which must already
// carry X-Amz-Date); what Sign uses.
Signature Compute(const Request& request, const Credentials& credentials, std::string_view region,
                  std::string_view service, std::string_view amz_date);

// "20150830T123600Z"
std::string AmzDate(TimePoint now);

}  // namespace sfn::sigv4
