// An EnvLookup over a fixed map, for the options tests.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "api/options.h"

namespace sfn::api::testing {

inline EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

}  // namespace sfn::api::testing
