// The configurations a caller sets on a state machine besides its definition
// and role: logging, tracing and encryption (API reference,
// CreateStateMachine / UpdateStateMachine). Each has AWS's default (what
// DescribeStateMachine returns when the caller gave none), AWS's checks and a
// normal form, the one stored and returned:
//   logging     {"level": "OFF", "includeExecutionData": false}, members the
//               caller left out filled in; a level other than OFF needs
//               exactly one destination, and more than one is never allowed
//               (InvalidLoggingConfiguration, "Invalid Logging Configuration:
//               Must specify exactly one Log Destination.", recorded on AWS).
//   tracing     {"enabled": false}.
//   encryption  {"type": "AWS_OWNED_KEY"}; a customer managed key needs
//               kmsKeyId and gets kmsDataKeyReusePeriodSeconds 300 unless
//               given (InvalidEncryptionConfiguration otherwise).
// Nothing here logs, traces or encrypts: the emulator keeps what the caller
// set and hands it back. The api/ module has checked member types, enums and
// ranges. Pure functions; thread-safe.
#pragma once

#include <optional>

#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::control {

Json DefaultLoggingConfiguration();
Json DefaultTracingConfiguration();
Json DefaultEncryptionConfiguration();

Result<Json> NormalizeLoggingConfiguration(const Json& given);
Json NormalizeTracingConfiguration(const Json& given);
Result<Json> NormalizeEncryptionConfiguration(const Json& given);

// The stored configuration of a request: the normal form of `given`, or the
// default when it was not given.
Result<Json> LoggingOrDefault(const std::optional<Json>& given);
Json TracingOrDefault(const std::optional<Json>& given);
Result<Json> EncryptionOrDefault(const std::optional<Json>& given);

}  // namespace sfn::control
