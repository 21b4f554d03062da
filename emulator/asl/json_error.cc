// Diagnostics for definition text that is not JSON, worded like the Jackson
// parser AWS uses (the wording itself lives in core/json_syntax).
#include "emulator/asl/parse_context.h"
#include "emulator/core/json_syntax.h"

namespace sfn::asl::internal {

Diagnostic JsonSyntaxDiagnostic(std::string_view text) {
  std::optional<JsonSyntaxError> e = FindJsonSyntaxError(text);
  if (!e) e = JsonSyntaxError{"Unexpected end-of-input", ""};
  return Diagnostic{"ERROR", kInvalidJsonDescription, e->message + "\n at " + e->location,
                    e->location};
}

}  // namespace sfn::asl::internal
