// Message digests from OpenSSL's EVP interface (libssl-dev): MD5, SHA-1,
// SHA-256, SHA-384 and SHA-512, and their HMACs. Users: States.Hash
// (dataflow/), JSONata's $hash (jsonata/), Lambda's CodeSha256 (lambda/) and
// SigV4 request signing (core/sigv4.h).
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
// The raw HMAC (RFC 2104) of `data` under `key` with `algorithm`.
std::string Hmac(HashAlgorithm algorithm, std::string_view key, std::string_view data);
// Lowercase hex of raw bytes.
std::string HexOf(std::string_view bytes);

}  // namespace sfn
