#include "emulator/lambda/encoding.h"

#include "emulator/core/base64.h"
#include "emulator/dataflow/hash.h"

namespace sfn::lambda {

std::string CodeSha256(std::string_view zip) {
  std::string hex = dataflow::hash::Sha256Hex(zip);
  std::string raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return Base64Encode(raw);
}

}  // namespace sfn::lambda
