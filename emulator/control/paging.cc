#include "emulator/control/paging.h"

#include <charconv>
#include <cstdio>
#include <functional>

namespace sfn::control {
namespace {

std::string Hex(uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// AWS Step Functions, every List* operation: "InvalidToken: The provided
// token is not valid."
Status InvalidToken(const std::string& token) {
  return Status(ErrorCode::kInvalidToken, "Invalid Token: '" + token + "'");
}

// AWS Lambda, List* operations: a Marker it did not issue is a 400
// InvalidParameterValueException.
Status InvalidMarker(const std::string& /*token*/) {
  return Status(ErrorCode::kInvalidParameterValueException, "Invalid Marker");
}

}  // namespace

const PagingRules kStepFunctionsPaging{100, InvalidToken};
const PagingRules kLambdaPaging{50, InvalidMarker};

std::string EncodeToken(const std::string& scope, int64_t offset) {
  uint64_t h = std::hash<std::string>{}(scope);
  std::string body = Hex(static_cast<uint64_t>(offset));
  return "sfnpage1" + body + Hex(h ^ static_cast<uint64_t>(offset) * 0x9E3779B97F4A7C15ull);
}

Result<int64_t> DecodeToken(const std::string& scope, const std::optional<std::string>& token,
                            const PagingRules& rules) {
  if (!token) return int64_t{0};
  Status invalid = rules.bad_token(*token);
  if (token->size() != 8 + 32 || token->compare(0, 8, "sfnpage1") != 0) return invalid;
  uint64_t offset = 0;
  const char* begin = token->data() + 8;
  auto [end, ec] = std::from_chars(begin, begin + 16, offset, 16);
  if (ec != std::errc() || end != begin + 16) return invalid;
  if (EncodeToken(scope, static_cast<int64_t>(offset)) != *token) return invalid;
  return static_cast<int64_t>(offset);
}

// "sfnpage2", then each value of the position as 16 hex digits, then a
// 16-digit check binding the position to the scope (like the offset token's:
// it catches edits and foreign tokens, it is no secret).
std::string EncodeKeysetToken(const std::string& scope, const Position& after) {
  std::string body;
  for (int64_t v : after) body += Hex(static_cast<uint64_t>(v));
  uint64_t check = std::hash<std::string>{}(scope + '\n' + body) * 0x9E3779B97F4A7C15ull;
  return "sfnpage2" + body + Hex(check);
}

Result<std::optional<Position>> DecodeKeysetToken(const std::string& scope,
                                                  const std::optional<std::string>& token,
                                                  size_t key_size, const PagingRules& rules) {
  if (!token) return std::optional<Position>();
  Status invalid = rules.bad_token(*token);
  if (token->size() != 8 + 16 * key_size + 16 || token->compare(0, 8, "sfnpage2") != 0) {
    return invalid;
  }
  Position after;
  for (size_t i = 0; i < key_size; ++i) {
    uint64_t v = 0;
    const char* begin = token->data() + 8 + 16 * i;
    auto [end, ec] = std::from_chars(begin, begin + 16, v, 16);
    if (ec != std::errc() || end != begin + 16) return invalid;
    after.push_back(static_cast<int64_t>(v));
  }
  if (EncodeKeysetToken(scope, after) != *token) return invalid;
  return std::optional<Position>(std::move(after));
}

int PageSize(std::optional<int> max_results, const PagingRules& rules) {
  return (!max_results || *max_results <= 0) ? rules.default_page_size : *max_results;
}

}  // namespace sfn::control
