// UTF-8 helpers for JSONata's string functions. jsonata-js counts characters
// as JavaScript strings do: $length and $substring by code point, regex match
// positions by UTF-16 unit. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::jsonata {

void AppendUtf8(uint32_t cp, std::string* out);
// Code points of `s` (invalid bytes decode as U+FFFD).
std::vector<uint32_t> DecodeUtf8(std::string_view s);
std::string EncodeUtf8(const std::vector<uint32_t>& cps, size_t from = 0, size_t to = SIZE_MAX);
size_t CodePointCount(std::string_view s);
// UTF-16 units in s[0, byte_offset).
size_t Utf16Offset(std::string_view s, size_t byte_offset);

}  // namespace sfn::jsonata
