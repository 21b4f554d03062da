// States.MathRandom, MathAdd, UUID.

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

std::string Quoted(const Json& value) { return "'" + DumpJson(value) + "'"; }

// Java's Math.round: the closest integer, ties towards positive infinity.
int64_t RoundHalfUp(const Json& value) {
  if (value.is_number_integer()) return AsInt64(value);
  return static_cast<int64_t>(std::floor(value.get<double>() + 0.5));
}

bool InRange(const Json& value) {
  if (value.is_number_unsigned()) return IsIntegral(value);  // within int64
  if (value.is_number_integer()) return true;
  double d = value.get<double>();
  return std::isfinite(d) && std::fabs(d) < 9.0e18;
}

std::mt19937_64& ThreadGenerator() {
  thread_local std::mt19937_64 gen{(static_cast<uint64_t>(std::random_device{}()) << 32) ^
                                   std::random_device{}()};
  return gen;
}

uint64_t NextRandom(const EvalScope& scope) {
  return scope.random != nullptr ? scope.random->Next() : ThreadGenerator()();
}

}  // namespace

Outcome<Json> FnMathAdd(CallArgs& args) {
  for (const auto& v : args.values) {
    if (!v.is_number() || !InRange(v)) {
      return InvalidArgument(args.call, "expected numeric arguments but got " + Quoted(v));
    }
  }
  int64_t sum = 0;
  if (__builtin_add_overflow(RoundHalfUp(args.values[0]), RoundHalfUp(args.values[1]), &sum)) {
    return InvalidArgument(args.call, "the sum of " + Quoted(args.values[0]) + " and " +
                                          Quoted(args.values[1]) +
                                          " is outside the range of a 64-bit integer");
  }
  return Json(sum);
}

// A random integer in [start, end); with a seed, always the same one.
Outcome<Json> FnMathRandom(CallArgs& args) {
  for (const auto& v : args.values) {
    if (!v.is_number() || !InRange(v)) {
      return InvalidArgument(args.call, "expected numeric arguments but got " + Quoted(v));
    }
  }
  int64_t start = RoundHalfUp(args.values[0]);
  int64_t end = RoundHalfUp(args.values[1]);
  if (start > end) {
    return InvalidArgument(args.call, "the start " + std::to_string(start) +
                                          " is greater than the end " + std::to_string(end));
  }
  if (start == end) return Json(start);
  // Unsigned: the span of [-9e18, 9e18) does not fit in an int64.
  uint64_t span = static_cast<uint64_t>(end) - static_cast<uint64_t>(start);
  uint64_t draw;
  if (args.values.size() == 3) {
    std::mt19937_64 seeded(static_cast<uint64_t>(RoundHalfUp(args.values[2])));
    draw = seeded();
  } else {
    draw = NextRandom(args.scope);
  }
  return Json(static_cast<int64_t>(static_cast<uint64_t>(start) + draw % span));
}

Outcome<Json> FnUuid(CallArgs& args) {
  if (args.scope.random != nullptr) return Json(args.scope.random->Uuid());
  Random local(ThreadGenerator()());
  return Json(local.Uuid());
}

}  // namespace sfn::dataflow
