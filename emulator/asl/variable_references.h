// DescribeStateMachine's `variableReferences` (API reference): for each state
// that reads workflow variables, the names it reads, in order of first
// appearance. Assigned names are not references; the values assigned are.
// Nested states (Parallel branches, Map processors) have their own entries.
// Pure function over the definition as written; thread-safe.
#pragma once

#include "emulator/core/json.h"

namespace sfn::asl {

// A JSON object (state name -> array of variable names); empty when no
// state reads a variable.
Json VariableReferences(const Json& definition);

}  // namespace sfn::asl
