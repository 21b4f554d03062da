#include "emulator/dataflow/json_equal.h"

namespace sfn::dataflow {

bool JsonEqual(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return a == b;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!JsonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, value] : a.items()) {
      auto it = b.find(key);
      if (it == b.end() || !JsonEqual(value, *it)) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace sfn::dataflow
