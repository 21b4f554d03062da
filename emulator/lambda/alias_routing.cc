#include "emulator/lambda/alias_routing.h"

#include "emulator/lambda/function_ref.h"

namespace sfn::lambda {

double UniformDraw(Random& random) {
  return static_cast<double>(random.Next() >> 11) * (1.0 / 9007199254740992.0);
}

std::string PickVersion(const AliasRecord& alias, double draw) {
  double acc = 0;
  for (const auto& [version, weight] : alias.additional_weights) {
    acc += weight;
    if (draw < acc) return version;
  }
  return alias.function_version;
}

Status ValidateRouting(const AliasRecord& alias) {
  if (alias.additional_weights.size() > 1) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "Number of items in AdditionalVersionWeights cannot be greater than 1");
  }
  for (const auto& [version, weight] : alias.additional_weights) {
    if (!IsVersionNumber(version)) {
      return Status(ErrorCode::kInvalidParameterValueException,
                    "Invalid function version " + version +
                        ". Function version " + version + " is not a published version.");
    }
    if (version == alias.function_version) {
      return Status(ErrorCode::kInvalidParameterValueException,
                    "Invalid function version " + version +
                        ". Function version cannot be the same as the primary version of the "
                        "alias.");
    }
    if (!(weight >= 0.0 && weight <= 1.0)) {
      return Status(ErrorCode::kValidationException,
                    "1 validation error detected: Value '" + std::to_string(weight) +
                        "' at 'routingConfig.additionalVersionWeights' failed to satisfy "
                        "constraint: Map value must satisfy constraint: [Member must have value "
                        "less than or equal to 1.0, Member must have value greater than or "
                        "equal to 0.0]");
    }
  }
  if (!alias.additional_weights.empty() && !IsVersionNumber(alias.function_version)) {
    return Status(ErrorCode::kInvalidParameterValueException,
                  "$LATEST is not supported for an alias pointing to more than 1 version");
  }
  return Status::Ok();
}

}  // namespace sfn::lambda
