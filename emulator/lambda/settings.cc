#include "emulator/lambda/settings.h"

#include <string>

#include "emulator/core/arn.h"
#include "emulator/core/hash.h"

namespace sfn::lambda {

Json MergeSettings(const Json& current, const Json& given) {
  Json out = current.is_object() ? current : Json::object();
  for (std::string_view member : kSettingMembers) {
    std::string key(member);
    if (given.contains(key)) out[key] = given.at(key);
  }
  return out;
}

void WriteSettings(const FunctionVersion& v, std::string_view region, Json& config) {
  const Json& s = v.settings;
  auto given = [&](const char* key) -> const Json* {
    return s.is_object() && s.contains(key) && !s.at(key).is_null() ? &s.at(key) : nullptr;
  };
  if (const Json* vpc = given("VpcConfig")) {
    Json out = {{"SubnetIds", vpc->value("SubnetIds", Json::array())},
                {"SecurityGroupIds", vpc->value("SecurityGroupIds", Json::array())},
                {"Ipv6AllowedForDualStack", vpc->value("Ipv6AllowedForDualStack", false)}};
    config["VpcConfig"] = std::move(out);
  }
  if (const Json* dlq = given("DeadLetterConfig")) config["DeadLetterConfig"] = *dlq;
  if (const Json* key = given("KMSKeyArn")) config["KMSKeyArn"] = *key;
  const Json* tracing = given("TracingConfig");
  config["TracingConfig"] = {
      {"Mode", tracing ? tracing->value("Mode", "PassThrough") : "PassThrough"}};
  if (const Json* layers = given("Layers"); layers && layers->is_array() && !layers->empty()) {
    Json out = Json::array();
    for (const Json& arn : *layers) out.push_back({{"Arn", arn}, {"CodeSize", 0}});
    config["Layers"] = std::move(out);
  }
  if (const Json* fs = given("FileSystemConfigs"); fs && fs->is_array() && !fs->empty()) {
    config["FileSystemConfigs"] = *fs;
  }
  const Json* arch = given("Architectures");
  config["Architectures"] = arch ? *arch : Json::array({"x86_64"});
  const Json* storage = given("EphemeralStorage");
  config["EphemeralStorage"] = {{"Size", storage ? storage->value("Size", 512) : 512}};
  // SnapStart: "OptimizationStatus: When set to On, SnapStart is activated
  // for published versions" (SnapStartResponse).
  const Json* snap = given("SnapStart");
  std::string apply_on = snap ? snap->value("ApplyOn", "None") : "None";
  bool on = apply_on == "PublishedVersions" && v.version != kLatest;
  config["SnapStart"] = {{"ApplyOn", apply_on}, {"OptimizationStatus", on ? "On" : "Off"}};
  // The emulator runs the local interpreter: name a runtime version that
  // stands for it (stable per runtime, as AWS's is until it is updated).
  config["RuntimeVersionConfig"] = {
      {"RuntimeVersionArn",
       BuildArn("lambda", region, "", "runtime:" + DigestHex(HashAlgorithm::kSha256, v.runtime))}};
  Json logging = {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + v.function_name}};
  if (const Json* given_logging = given("LoggingConfig")) {
    for (auto it = given_logging->begin(); it != given_logging->end(); ++it) {
      logging[it.key()] = it.value();
    }
    // API reference, LoggingConfig: the log levels apply to the JSON format,
    // and default to INFO there.
    if (logging["LogFormat"] == "JSON") {
      if (!logging.contains("ApplicationLogLevel")) logging["ApplicationLogLevel"] = "INFO";
      if (!logging.contains("SystemLogLevel")) logging["SystemLogLevel"] = "INFO";
    }
  }
  config["LoggingConfig"] = std::move(logging);
}

}  // namespace sfn::lambda
