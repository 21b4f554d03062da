// Unicode facts about request text: strict UTF-8 decoding and lengths as AWS
// measures them.
//
// AWS's services are Java: a model constraint such as "Maximum length of 80"
// counts UTF-16 code units (java.lang.String#length), so a name of 80 `é` is
// as long as one of 80 `e`, and a character outside the Basic Multilingual
// Plane counts twice. Decoding is Boost.Locale's (header-only): overlong
// forms, encoded surrogates and code points above U+10FFFF are invalid.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace sfn {

// The code points of `text`, or nullopt when it is not valid UTF-8.
std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text);

// The length of `text` in UTF-16 code units (bytes of invalid sequences count
// one each, so a malformed string is never shorter than it looks).
size_t Utf16Length(std::string_view text);

}  // namespace sfn
