// TestState's mock.fieldValidationMode (AWS API reference, "MockInput"): a
// mocked result of a Task is checked against the output shape of the API
// the Task calls, as AWS's service models describe it (member names as Step
// Functions writes them, with an upper-case first letter):
//   STRICT  (the default): every required member is present and every
//           present member has its shape's type, range, length and values;
//   PRESENT: only the present members are checked;
//   NONE:    nothing is checked.
// Members the model does not know are accepted. A resource whose API the
// emulator has no model of is not checked. Pure functions; thread-safe.
#pragma once

#include <string>

#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::control {

// kValidationException "Mock result schema validation error: Field 'X' must
// be a string" (AWS's texts) when `result` breaks the shape.
Status ValidateMockResult(const std::string& resource, const Json& result, const std::string& mode);

}  // namespace sfn::control
