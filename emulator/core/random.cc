#include "emulator/core/random.h"

#include <cstdio>

namespace sfn {

Random::Random(std::optional<uint64_t> seed)
    : gen_(seed ? *seed : (static_cast<uint64_t>(std::random_device{}()) << 32) ^
                              std::random_device{}()) {}

uint64_t Random::Next() {
  std::lock_guard lock(mu_);
  return gen_();
}

std::string Random::Uuid() {
  uint64_t hi = Next(), lo = Next();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace sfn
