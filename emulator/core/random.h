// The one source of randomness (generated names, UUIDs, weighted choices).
//
// Seeded from --seed so that every random choice of a run is reproducible;
// unseeded, from std::random_device. Thread-safe (one mutex; the calls are
// rare and tiny).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

namespace sfn {

class Random {
 public:
  explicit Random(std::optional<uint64_t> seed = std::nullopt);
  uint64_t Next();
  // RFC 4122 version 4 UUID text, lower case.
  std::string Uuid();

 private:
  std::mutex mu_;
  std::mt19937_64 gen_;
};

}  // namespace sfn
