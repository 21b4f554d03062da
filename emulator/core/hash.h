// Message digests from OpenSSL's EVP interface (libssl-dev): MD5, SHA-1,
// SHA-256, SHA-384 and SHA-512. Users: States.Hash (dataflow/), JSONata's
// $hash (jsonata/) and Lambda's CodeSha256 (lambda/).
//
// Pure functions over their arguments; thread-safe (OpenSSL 3 needs no
// global initialisation and each call uses its own digest context).
#pragma once

#include <string>
#include <string_view>

namespace sfn {

enum class HashAlgorithm { kMd5, kSha1, kSha256, kSha384, kSha512 };

// The raw digest bytes of `data` (16, 20, 32, 48 or 64 bytes).
std::string Digest(HashAlgorithm algorithm, std::string_view data);
// The same digest as lowercase hex.
std::string DigestHex(HashAlgorithm algorithm, std::string_view data);

}  // namespace sfn
