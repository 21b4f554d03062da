// The HTTP metadata Step Functions adds to the results of its optimised SQS,
// SNS and DynamoDB integrations (AWS SDK for Java's SdkHttpMetadata and
// SdkResponseMetadata: the answer's headers, status and request id), in the
// shape AWS's recorded histories show (../shared/conformance: the headers
// each service's front end sends, AllHttpHeaders as lists).
//
// The headers describe the answer AWS would have sent, not the local
// stand-in's (moto's Server, Connection: close, spaced JSON): Content-Length
// is the length of AWS's body for the same result (compact JSON; SNS's
// indented XML), Date is the answer's or the current time, and a request id
// that is not a UUID (moto's) is replaced by one. Pure; thread-safe.
#pragma once

#include <string>

#include "emulator/core/json.h"
#include "emulator/core/time.h"
#include "emulator/engine/http_port.h"

namespace sfn::integrations {

enum class SdkMetadataStyle { kSqs, kSns, kDynamoDb };

struct SdkMetadataInput {
  SdkMetadataStyle style;
  const engine::HttpAnswer* answer;  // for Date and the request id
  std::string body;                  // AWS's body for this result (its length, its CRC32)
  std::string request_id;            // a UUID
  TimePoint now;                     // Date when the answer has none
};

// Adds "SdkHttpMetadata" and "SdkResponseMetadata" to `output` (an object).
void AddSdkMetadata(Json& output, const SdkMetadataInput& in);

// The answer's request id when it is a UUID, else `fallback`.
std::string UuidRequestId(const engine::HttpAnswer& answer, const std::string& fallback);

// RFC 1123 date as HTTP sends it: "Sat, 05 Dec 2026 06:28:08 GMT".
std::string HttpDate(TimePoint t);

// ISO 8601 ("2026-12-05T06:28:08Z") of an RFC 1123 HTTP date, or "" when
// `http_date` is not one.
std::string IsoFromHttpDate(const std::string& http_date);

}  // namespace sfn::integrations
