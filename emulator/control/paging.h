// Opaque pagination tokens for every List call (`nextToken`).
//
// A token encodes the offset of the next page and the resource it pages, so
// a token from one listing is rejected by another. A malformed or foreign
// token is kInvalidToken, as AWS answers. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "emulator/core/status.h"

namespace sfn::control {

std::string EncodeToken(const std::string& scope, int64_t offset);
// 0 when `token` is absent.
Result<int64_t> DecodeToken(const std::string& scope, const std::optional<std::string>& token);

// AWS's default and maximum page size is 1000; 0 means the default.
inline int PageSize(std::optional<int> max_results) {
  return (!max_results || *max_results <= 0) ? 100 : *max_results;
}

}  // namespace sfn::control
