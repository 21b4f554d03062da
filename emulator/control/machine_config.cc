#include "emulator/control/machine_config.h"

#include <string>

#include "emulator/core/arn.h"

namespace sfn::control {
namespace {

// The developer guide ("Data at rest encryption"): data keys are reused for
// 300 seconds unless the caller sets 60-900.
constexpr int kDefaultKeyReuseSeconds = 300;

Status InvalidLogging(const std::string& why) {
  return Status(ErrorCode::kInvalidLoggingConfiguration, "Invalid Logging Configuration: " + why);
}

Status InvalidEncryption(const std::string& why) {
  return Status(ErrorCode::kInvalidEncryptionConfiguration,
                "Invalid Encryption Configuration: " + why);
}

// A CloudWatch Logs log group ARN, which must end with ":*" (model,
// CloudWatchLogsLogGroup.logGroupArn). The emulator has no log groups: a
// well-formed ARN is taken as one that exists.
bool IsLogGroupArn(const std::string& arn) {
  Result<Arn> parsed = ParseArn(arn);
  if (!parsed.ok() || parsed->service != "logs" || !IsRegionName(parsed->region) ||
      !IsAccountId(parsed->account) || PartitionOf(parsed->region) != parsed->partition) {
    return false;
  }
  const std::string& r = parsed->resource;
  constexpr std::string_view kPrefix = "log-group:";
  return r.size() > kPrefix.size() + 2 && r.compare(0, kPrefix.size(), kPrefix) == 0 &&
         r.compare(r.size() - 2, 2, ":*") == 0;
}

// kmsKeyId: "An alias, alias ARN, key ID, or key ARN of a symmetric
// encryption KMS key" (model, EncryptionConfiguration).
bool IsKmsKeyReference(const std::string& id) {
  if (id.rfind("arn:", 0) != 0) return !id.empty();
  Result<Arn> parsed = ParseArn(id);
  if (!parsed.ok() || parsed->service != "kms" || !IsRegionName(parsed->region) ||
      !IsAccountId(parsed->account)) {
    return false;
  }
  const std::string& r = parsed->resource;
  return (r.rfind("key/", 0) == 0 && r.size() > 4) || (r.rfind("alias/", 0) == 0 && r.size() > 6);
}

}  // namespace

Json DefaultLoggingConfiguration() {
  return Json{{"level", "OFF"}, {"includeExecutionData", false}};
}

Json DefaultTracingConfiguration() { return Json{{"enabled", false}}; }

Json DefaultEncryptionConfiguration() { return Json{{"type", "AWS_OWNED_KEY"}}; }

Result<Json> NormalizeLoggingConfiguration(const Json& given) {
  Json out = DefaultLoggingConfiguration();
  if (given.contains("level")) out["level"] = given.at("level");
  if (given.contains("includeExecutionData")) {
    out["includeExecutionData"] = given.at("includeExecutionData");
  }
  size_t destinations = 0;
  if (given.contains("destinations")) {
    const Json& list = given.at("destinations");
    if (!list.is_array()) return InvalidLogging("Must specify exactly one Log Destination.");
    destinations = list.size();
    for (const Json& d : list) {
      const Json* group = d.is_object() && d.contains("cloudWatchLogsLogGroup")
                              ? &d.at("cloudWatchLogsLogGroup")
                              : nullptr;
      const Json* arn = group && group->is_object() && group->contains("logGroupArn")
                            ? &group->at("logGroupArn")
                            : nullptr;
      if (!arn || !arn->is_string() || !IsLogGroupArn(arn->get<std::string>())) {
        return InvalidLogging("Log Destination not found.");
      }
    }
    out["destinations"] = list;
  }
  // Recorded on AWS (CreateStateMachine and UpdateStateMachine): a level other
  // than OFF without a destination, and two destinations at any level.
  if (destinations > 1 || (out["level"] != "OFF" && destinations != 1)) {
    return InvalidLogging("Must specify exactly one Log Destination.");
  }
  return out;
}

Json NormalizeTracingConfiguration(const Json& given) {
  Json out = DefaultTracingConfiguration();
  if (given.contains("enabled")) out["enabled"] = given.at("enabled");
  return out;
}

Result<Json> NormalizeEncryptionConfiguration(const Json& given) {
  std::string type = given.value("type", "");
  bool has_key = given.contains("kmsKeyId");
  bool has_period = given.contains("kmsDataKeyReusePeriodSeconds");
  if (type == "AWS_OWNED_KEY") {
    if (has_key || has_period) {
      return InvalidEncryption(
          "kmsKeyId and kmsDataKeyReusePeriodSeconds apply only to the type "
          "'CUSTOMER_MANAGED_KMS_KEY'");
    }
    return DefaultEncryptionConfiguration();
  }
  // The model's exception text: "if type is set to CUSTOMER_MANAGED_KMS_KEY,
  // but kmsKeyId is null, or kmsDataKeyReusePeriodSeconds is not between 60
  // and 900" (the reader has checked the range).
  if (!has_key) {
    return InvalidEncryption("'kmsKeyId' is required when 'type' is 'CUSTOMER_MANAGED_KMS_KEY'");
  }
  std::string key = given.at("kmsKeyId").get<std::string>();
  if (!IsKmsKeyReference(key)) {
    return InvalidEncryption("'kmsKeyId' is not a KMS key ID, key ARN, alias or alias ARN: '" +
                             key + "'");
  }
  return Json{{"kmsKeyId", key},
              {"kmsDataKeyReusePeriodSeconds", has_period ? given.at("kmsDataKeyReusePeriodSeconds")
                                                          : Json(kDefaultKeyReuseSeconds)},
              {"type", type}};
}

Result<Json> LoggingOrDefault(const std::optional<Json>& given) {
  if (!given) return DefaultLoggingConfiguration();
  return NormalizeLoggingConfiguration(*given);
}

Json TracingOrDefault(const std::optional<Json>& given) {
  return given ? NormalizeTracingConfiguration(*given) : DefaultTracingConfiguration();
}

Result<Json> EncryptionOrDefault(const std::optional<Json>& given) {
  if (!given) return DefaultEncryptionConfiguration();
  return NormalizeEncryptionConfiguration(*given);
}

}  // namespace sfn::control
