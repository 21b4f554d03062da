// Step Functions Local compatibility: the environment variables of AWS's
// Step Functions Local (the amazon/aws-stepfunctions-local image and its
// JAR) mapped onto the emulator's Options, so a CI setup written for it runs
// unchanged. Each documented variable is either mapped or rejected at
// start-up with a message that names it; none is silently ignored.
//
// Precedence (lowest first): defaults, these variables, SFN_EMULATOR_*
// variables, flags. ParseOptions applies this first. Pure functions over an
// EnvLookup; thread-safe; nothing is owned.
#pragma once

#include <string>
#include <vector>

#include "api/options.h"
#include "emulator/core/status.h"

namespace sfn::api {

// One Step Functions Local variable and what the emulator does with it.
struct SfnLocalVariable {
  const char* name;     // e.g. "SQS_ENDPOINT"
  const char* maps_to;  // the emulator flag it sets
  const char* note;     // one line for the README and the error message
};

// Every variable Step Functions Local documents, in its documentation's order.
const std::vector<SfnLocalVariable>& SfnLocalVariables();

// Applies the Step Functions Local variables found through `env` to `options`
// (the *_ENDPOINT ones become --endpoint SERVICE=URL entries, SFN_MOCK_CONFIG
// --mock-config), and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY /
// AWS_SESSION_TOKEN as the credentials of outbound AWS calls. A variable that
// is unset or set to "" is skipped. kValidationException names the variable
// whose value is invalid.
Status ApplySfnLocalEnv(const EnvLookup& env, Options& options);

}  // namespace sfn::api
