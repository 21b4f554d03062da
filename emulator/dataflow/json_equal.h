// Value equality for user JSON: object key order does not matter (unlike
// ordered_json's operator==), numbers compare by value (1 == 1.0).
#pragma once

#include "emulator/core/json.h"

namespace sfn::dataflow {

bool JsonEqual(const Json& a, const Json& b);

}  // namespace sfn::dataflow
