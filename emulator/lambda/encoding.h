// Lambda's encodings: CodeSha256 (base64 itself is emulator/core/base64.h).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sfn::lambda {

// AWS's CodeSha256: the base64 of the raw SHA-256 digest of the zip.
std::string CodeSha256(std::string_view zip);

}  // namespace sfn::lambda
