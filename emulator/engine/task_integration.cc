#include "emulator/engine/task_integration.h"

#include "emulator/core/arn.h"

namespace sfn::engine {

std::string TaskEnv::NewRequestId() const {
  if (random != nullptr) return random->Uuid();
  // Without a random source (unit tests), ids stay unique per event.
  return "00000000-0000-4000-8000-" + std::to_string(100000000000 + event_id);
}

std::string_view PatternSuffix(Pattern p) {
  switch (p) {
    case Pattern::kRequestResponse:
      return "";
    case Pattern::kSync:
      return ".sync";
    case Pattern::kSync2:
      return ".sync:2";
    case Pattern::kWaitForTaskToken:
      return ".waitForTaskToken";
  }
  return "";
}

SplitResource SplitPattern(std::string_view resource) {
  // arn:<partition>:states:::<service>:<action>[.<pattern>] (core/arn.h)
  SplitResource out{std::string(resource), Pattern::kRequestResponse};
  std::optional<IntegrationResource> r = ParseIntegrationResource(resource);
  if (!r || r->pattern.empty()) return out;
  for (Pattern p : {Pattern::kSync2, Pattern::kSync, Pattern::kWaitForTaskToken}) {
    if (PatternSuffix(p).substr(1) == r->pattern) {
      out.base = std::string(resource.substr(0, resource.size() - r->pattern.size() - 1));
      out.pattern = p;
      return out;
    }
  }
  return out;
}

Json TokenAnswer::ToJson() const {
  Json j = {{"kind", kind == Kind::kSuccess   ? "success"
                     : kind == Kind::kFailure ? "failure"
                                              : "heartbeat"}};
  if (kind == Kind::kSuccess) j["output"] = output;
  if (error) j["error"] = *error;
  if (cause) j["cause"] = *cause;
  return j;
}

TokenAnswer TokenAnswer::FromJson(const Json& j) {
  TokenAnswer a;
  const std::string& kind = j.at("kind").get_ref<const std::string&>();
  a.kind = kind == "success"   ? Kind::kSuccess
           : kind == "failure" ? Kind::kFailure
                               : Kind::kHeartbeat;
  if (j.contains("output")) a.output = j.at("output").get<std::string>();
  if (j.contains("error")) a.error = j.at("error").get<std::string>();
  if (j.contains("cause")) a.cause = j.at("cause").get<std::string>();
  return a;
}

}  // namespace sfn::engine
