// What a path or expression in a state may read while it is evaluated.
//
// `input` is the effective input ($), `context` the context object ($$),
// `variables` the visible workflow variables ($name; may be null before the
// variables issue lands). The scope only borrows; the caller keeps the
// documents alive for the duration of the call. `random` feeds
// States.MathRandom (unseeded) and States.UUID; when null a thread-local
// generator seeded from std::random_device is used.
#pragma once

#include "emulator/core/json.h"
#include "emulator/core/random.h"

namespace sfn::dataflow {

struct Scope {
  const Json& input;
  const Json& context;
  const Json* variables = nullptr;
  Random* random = nullptr;
};

}  // namespace sfn::dataflow
