#include "emulator/lambda/encoding.h"

#include "emulator/core/base64.h"
#include "emulator/core/hash.h"

namespace sfn::lambda {

std::string CodeSha256(std::string_view zip) {
  return Base64Encode(Digest(HashAlgorithm::kSha256, zip));
}

}  // namespace sfn::lambda
