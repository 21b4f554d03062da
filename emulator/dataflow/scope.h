// What an expression may read while it is evaluated, whatever its query
// language (DESIGN.md, "Engine shape": `Expression::Evaluate(const EvalScope&)`).
//
// JSONPath reads `input` (`$`, the effective input or the document the field
// applies to), `context` (`$$`, the context object) and `variables` (`$name`).
// JSONata reads the same variables and the reserved `$states` (AWS "Passing
// data between states with variables", "Reserved variable: $states"):
// `$states.input` (the state's raw input), `$states.result` (a Task,
// Parallel or Map result, once there is one), `$states.errorOutput` (in a
// Catch) and `$states.context` (= `context`); the pointers are null where the
// field may not read them. `random` feeds States.MathRandom (unseeded),
// States.UUID and JSONata's $random/$uuid (when null a thread-local generator
// seeded from std::random_device is used); `now` is the evaluation time for
// JSONata's $now/$millis (never the system clock).
//
// The scope only borrows: the caller keeps every document alive for the
// duration of the call. A scope is used by one thread at a time.
#pragma once

#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"

namespace sfn::dataflow {

struct EvalScope {
  const Json& input;
  const Json& context;
  const Json* variables = nullptr;
  Random* random = nullptr;
  TimePoint now{};
  const Json* states_input = nullptr;
  const Json* states_result = nullptr;
  const Json* states_error_output = nullptr;
};

// The name callers outside this module (Lambda stub templates) still use.
using Scope = EvalScope;

}  // namespace sfn::dataflow
