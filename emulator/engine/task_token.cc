#include "emulator/engine/task_token.h"

#include "emulator/core/base64.h"

namespace sfn::engine {
namespace {

constexpr std::string_view kMagic = "SFNT";
constexpr size_t kRandomBytes = 32;

}  // namespace

std::string MakeTaskToken(Random* random, uint64_t salt) {
  std::string bytes(kMagic);
  for (size_t i = 0; i < kRandomBytes / 8; ++i) {
    uint64_t word = random != nullptr ? random->Next() : salt * 0x9e3779b97f4a7c15ULL + i;
    for (int b = 0; b < 8; ++b) bytes.push_back(static_cast<char>((word >> (8 * b)) & 0xff));
  }
  return Base64Encode(bytes);
}

bool IsTaskToken(std::string_view text) {
  std::optional<std::string> bytes = Base64Decode(text);
  return bytes && bytes->size() == kMagic.size() + kRandomBytes &&
         bytes->compare(0, kMagic.size(), kMagic) == 0;
}

}  // namespace sfn::engine
