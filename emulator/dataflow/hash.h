// Message digests for States.Hash, implemented here (no OpenSSL): MD5
// (RFC 1321), SHA-1, SHA-256, SHA-384 and SHA-512 (FIPS 180-4). Each returns
// the lower-case hex digest of `data`. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sfn::dataflow::hash {

std::string Md5Hex(std::string_view data);
std::string Sha1Hex(std::string_view data);
std::string Sha256Hex(std::string_view data);
std::string Sha384Hex(std::string_view data);
std::string Sha512Hex(std::string_view data);

}  // namespace sfn::dataflow::hash
