// Base64 (RFC 4648, with padding) for ZipFile blobs, CodeSha256 and
// LogResult. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn::lambda {

std::string Base64Encode(std::string_view bytes);
// nullopt when `text` is not valid base64.
std::optional<std::string> Base64Decode(std::string_view text);
// AWS's CodeSha256: the base64 of the raw SHA-256 digest of the zip.
std::string CodeSha256(std::string_view zip);

}  // namespace sfn::lambda
