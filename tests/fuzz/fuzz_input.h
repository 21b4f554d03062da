// Splitting one fuzz input into the parts a target needs (tests/fuzz/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace sfn::fuzz {

// The input as text, and its first line apart from the rest (for targets
// that take an expression and a document).
inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::pair<std::string_view, std::string_view> FirstLine(std::string_view text) {
  size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return {text, {}};
  return {text.substr(0, nl), text.substr(nl + 1)};
}

}  // namespace sfn::fuzz
