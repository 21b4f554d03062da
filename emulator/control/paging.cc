#include "emulator/control/paging.h"

#include <cstdio>
#include <functional>

namespace sfn::control {
namespace {

std::string Hex(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::string EncodeToken(const std::string& scope, int64_t offset) {
  uint64_t h = std::hash<std::string>{}(scope);
  std::string body = Hex(static_cast<uint64_t>(offset));
  return "sfnpage1" + body + Hex(h ^ static_cast<uint64_t>(offset) * 0x9E3779B97F4A7C15ull);
}

Result<int64_t> DecodeToken(const std::string& scope, const std::optional<std::string>& token) {
  if (!token) return int64_t{0};
  Status invalid(ErrorCode::kInvalidToken, "Invalid Token: '" + *token + "'");
  if (token->size() != 8 + 32 || token->compare(0, 8, "sfnpage1") != 0) return invalid;
  uint64_t offset = 0;
  try {
    offset = std::stoull(token->substr(8, 16), nullptr, 16);
  } catch (...) {
    return invalid;
  }
  if (EncodeToken(scope, static_cast<int64_t>(offset)) != *token) return invalid;
  return static_cast<int64_t>(offset);
}

}  // namespace sfn::control
