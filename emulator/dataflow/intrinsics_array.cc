// States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem,
// ArrayLength, ArrayUnique.

#include <string>
#include <utility>

#include "emulator/dataflow/intrinsics_internal.h"
#include "emulator/dataflow/json_equal.h"

namespace sfn::dataflow {
namespace {

constexpr int64_t kMaxRangeItems = 1000;

std::string Quoted(const Json& value) { return "'" + DumpJson(value) + "'"; }

}  // namespace

Outcome<Json> FnArray(CallArgs& args) {
  Json out = Json::array();
  for (auto& v : args.values) out.push_back(std::move(v));
  return out;
}

Outcome<Json> FnArrayPartition(CallArgs& args) {
  const Json& array = args.values[0];
  const Json& size = args.values[1];
  if (!array.is_array()) {
    return InvalidArgument(args.call, "expected an array but got " + Quoted(array));
  }
  if (!IsIntegral(size) || AsInt64(size) <= 0) {
    return InvalidArgument(args.call,
                           "the chunk size must be a positive integer but got " + Quoted(size));
  }
  auto chunk = static_cast<size_t>(AsInt64(size));
  Json out = Json::array();
  for (size_t i = 0; i < array.size(); i += chunk) {
    Json part = Json::array();
    for (size_t j = i; j < array.size() && j < i + chunk; ++j) part.push_back(array[j]);
    out.push_back(std::move(part));
  }
  return out;
}

Outcome<Json> FnArrayContains(CallArgs& args) {
  const Json& array = args.values[0];
  if (!array.is_array()) {
    return InvalidArgument(args.call, "expected an array but got " + Quoted(array));
  }
  for (const auto& item : array) {
    if (JsonEqual(item, args.values[1])) return Json(true);
  }
  return Json(false);
}

Outcome<Json> FnArrayRange(CallArgs& args) {
  for (const auto& v : args.values) {
    if (!IsIntegral(v)) {
      return InvalidArgument(args.call, "expected integer arguments but got " + Quoted(v));
    }
  }
  int64_t start = AsInt64(args.values[0]);
  int64_t end = AsInt64(args.values[1]);
  int64_t step = AsInt64(args.values[2]);
  if (step == 0) return InvalidArgument(args.call, "the step must not be 0");
  Json out = Json::array();
  int64_t count = 0;
  for (int64_t i = start; step > 0 ? i <= end : i >= end;) {
    if (++count > kMaxRangeItems) {
      return InvalidArgument(args.call, "the result exceeds the maximum of " +
                                            std::to_string(kMaxRangeItems) + " items");
    }
    out.push_back(i);
    // The next item would pass int64's range, so it is past `end` too.
    if (__builtin_add_overflow(i, step, &i)) break;
  }
  return out;
}

Outcome<Json> FnArrayGetItem(CallArgs& args) {
  const Json& array = args.values[0];
  const Json& index = args.values[1];
  if (!array.is_array()) {
    return InvalidArgument(args.call, "expected an array but got " + Quoted(array));
  }
  if (!IsIntegral(index) || AsInt64(index) < 0) {
    return InvalidArgument(args.call,
                           "the index must be a non-negative integer but got " + Quoted(index));
  }
  auto i = static_cast<size_t>(AsInt64(index));
  if (i >= array.size()) {
    return InvalidArgument(args.call, "the index " + std::to_string(i) +
                                          " is out of bounds for an array of length " +
                                          std::to_string(array.size()));
  }
  return array[i];
}

Outcome<Json> FnArrayLength(CallArgs& args) {
  const Json& array = args.values[0];
  if (!array.is_array()) {
    return InvalidArgument(args.call, "expected an array but got " + Quoted(array));
  }
  return Json(static_cast<int64_t>(array.size()));
}

Outcome<Json> FnArrayUnique(CallArgs& args) {
  const Json& array = args.values[0];
  if (!array.is_array()) {
    return InvalidArgument(args.call, "expected an array but got " + Quoted(array));
  }
  Json out = Json::array();
  for (const auto& item : array) {
    bool seen = false;
    for (const auto& kept : out) {
      if (JsonEqual(kept, item)) {
        seen = true;
        break;
      }
    }
    if (!seen) out.push_back(item);
  }
  return out;
}

}  // namespace sfn::dataflow
