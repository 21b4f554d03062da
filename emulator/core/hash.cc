#include "emulator/core/hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace sfn {
namespace {

const EVP_MD* Algorithm(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kMd5:
      return EVP_md5();
    case HashAlgorithm::kSha1:
      return EVP_sha1();
    case HashAlgorithm::kSha256:
      return EVP_sha256();
    case HashAlgorithm::kSha384:
      return EVP_sha384();
    case HashAlgorithm::kSha512:
      return EVP_sha512();
  }
  std::abort();  // unreachable: the switch covers the enum
}

}  // namespace

std::string Digest(HashAlgorithm algorithm, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // EVP_Digest fails only when the library cannot allocate a context or the
  // algorithm is unavailable; both are broken installations, not inputs.
  if (EVP_Digest(data.data(), data.size(), digest, &size, Algorithm(algorithm), nullptr) != 1) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

std::string DigestHex(HashAlgorithm algorithm, std::string_view data) {
  return HexOf(Digest(algorithm, data));
}

std::string Hmac(HashAlgorithm algorithm, std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  // As with EVP_Digest: HMAC fails only on a broken installation.
  if (HMAC(Algorithm(algorithm), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac,
           &size) == nullptr) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string HexOf(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xf];
  }
  return hex;
}

}  // namespace sfn
