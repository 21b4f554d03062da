#include "api/sfn_local_env.h"

#include <optional>
#include <stdexcept>

namespace sfn::api {
namespace {

constexpr const char kUnsupportedNote[] =
    "not supported: sfn-emulator emulates Lambda tasks only; unset it (a Task state calling "
    "this service fails with States.Runtime)";

Status Invalid(const std::string& name, const std::string& value, const std::string& why) {
  return Status(ErrorCode::kValidationException,
                "invalid value '" + value + "' for " + name + " (Step Functions Local): " + why);
}

}  // namespace

const std::vector<SfnLocalVariable>& SfnLocalVariables() {
  static const std::vector<SfnLocalVariable> kVariables = {
      {"AWS_ACCOUNT_ID", "--account-id", "account in ARNs"},
      {"AWS_DEFAULT_REGION", "--region", "region for requests without a SigV4 scope"},
      {"WAIT_TIME_SCALE", "--wait-scale",
       "scale of Wait states; 0 (no waiting in Step Functions Local) selects --clock virtual"},
      // Applied by ParseOptions with the other Lambda options (lowest priority).
      {"LAMBDA_ENDPOINT", "--lambda-endpoint", "functions the emulator lacks are forwarded there"},
      {"BATCH_ENDPOINT", "", kUnsupportedNote},
      {"DYNAMODB_ENDPOINT", "", kUnsupportedNote},
      {"ECS_ENDPOINT", "", kUnsupportedNote},
      {"GLUE_ENDPOINT", "", kUnsupportedNote},
      {"SAGE_MAKER_ENDPOINT", "", kUnsupportedNote},
      {"SQS_ENDPOINT", "", kUnsupportedNote},
      {"SNS_ENDPOINT", "", kUnsupportedNote},
      {"STEP_FUNCTIONS_ENDPOINT", "", kUnsupportedNote},
      {"EKS_ENDPOINT", "", kUnsupportedNote},
      {"DATABRICKS_ENDPOINT", "", kUnsupportedNote},
      {"SFN_MOCK_CONFIG", "",
       "not supported: sfn-emulator has no mocked service integrations; unset it and run Lambda "
       "functions on the emulator instead"},
  };
  return kVariables;
}

Status ApplySfnLocalEnv(const EnvLookup& env, Options& options) {
  for (const SfnLocalVariable& var : SfnLocalVariables()) {
    const std::string name = var.name;
    std::optional<std::string> value = env(name);
    if (!value || value->empty()) continue;
    if (name == "AWS_ACCOUNT_ID") {
      if (value->size() != 12 || value->find_first_not_of("0123456789") != std::string::npos) {
        return Invalid(name, *value, "expected 12 digits");
      }
      options.account_id = *value;
    } else if (name == "AWS_DEFAULT_REGION") {
      options.region = *value;
    } else if (name == "WAIT_TIME_SCALE") {
      double scale = 0;
      try {
        size_t used = 0;
        scale = std::stod(*value, &used);
        if (used != value->size() || !(scale >= 0)) throw std::invalid_argument("");
      } catch (...) {
        return Invalid(name, *value, "expected a number >= 0");
      }
      if (scale == 0) {
        options.clock = "virtual";  // waits end at once, with truthful history timestamps
      } else {
        options.wait_scale = scale;
      }
    } else if (name == "LAMBDA_ENDPOINT") {
      // ParseOptions applies it right after these (see api/options.cc).
    } else {
      return Status(ErrorCode::kValidationException, name + " is " + var.note);
    }
  }
  return Status::Ok();
}

}  // namespace sfn::api
