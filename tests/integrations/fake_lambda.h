// A LambdaPort for tests: resolves `name`, `name:N` and `name:<alias>`
// without running anything (Invoke never answers; tests answer through the
// step themselves). Only `known` names resolve when it is given; `aliases`
// map an alias to the version it routes to.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>

#include "emulator/engine/lambda_port.h"

namespace sfn::testing {

class FakeLambda : public engine::LambdaPort {
 public:
  FakeLambda() = default;
  FakeLambda(std::set<std::string> known, std::map<std::string, std::string> aliases)
      : known_(std::move(known)), aliases_(std::move(aliases)) {}

  Result<engine::ResolvedFunction> Resolve(const std::string& ref, const std::string& region,
                                           const std::string& account) override {
    size_t at = ref.rfind("function:");
    std::string name = ref.substr(at == std::string::npos ? 0 : at + 9);
    std::string version = "$LATEST";
    if (auto colon = name.find(':'); colon != std::string::npos) {
      version = name.substr(colon + 1);
      name = name.substr(0, colon);
      if (auto alias = aliases_.find(version); alias != aliases_.end()) version = alias->second;
    }
    std::string arn = "arn:aws:lambda:" + region + ":" + account + ":function:" + name;
    if (known_ && known_->count(name) == 0) {
      return Status(ErrorCode::kResourceNotFound, "Function not found: " + arn + ":" + version);
    }
    return engine::ResolvedFunction{name, arn, version};
  }
  void Invoke(const engine::ResolvedFunction&, std::string,
              std::function<void(engine::InvocationResult)>) override {}

 private:
  std::optional<std::set<std::string>> known_;  // nullopt: every name resolves
  std::map<std::string, std::string> aliases_;
};

}  // namespace sfn::testing
