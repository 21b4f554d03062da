// Base64 (RFC 4648 alphabet, with padding): the one implementation shared by
// States.Base64Encode/Decode, Lambda ZipFile blobs, CodeSha256 and LogResult.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn {

std::string Base64Encode(std::string_view bytes);

enum class Base64Mode {
  kStrict,   // whole 4-character groups, '=' only at the end (States.Base64Decode)
  kLenient,  // line breaks skipped, missing padding accepted (uploaded blobs)
};

// nullopt when `text` is not valid base64 under `mode`.
std::optional<std::string> Base64Decode(std::string_view text,
                                        Base64Mode mode = Base64Mode::kStrict);

}  // namespace sfn
