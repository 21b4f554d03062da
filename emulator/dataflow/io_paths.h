// The JSONPath input/output filters of every state (Amazon States Language,
// "Input and Output Processing"): InputPath, ResultPath, OutputPath.
//
// In a definition each of these is absent (meaning `$`), `null`, or a path.
// An IoPath holds that choice, compiled once. The Apply* functions return the
// filtered document or a Failure whose cause is AWS's text *without* the
// "An error occurred while executing the state ..." prefix, which the state
// pipeline adds.
#pragma once

#include <optional>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/jsonpath.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

struct IoPath {
  // nullopt means the definition said `null`.
  std::optional<JsonPath> path;

  static IoPath Dollar();  // the default `$`
  // From the definition value: a string path or JSON null; anything else is
  // kInvalidDefinition.
  static Result<IoPath> FromJson(const Json& value);
};

// InputPath: null -> {}; otherwise the selected value. A definite path that
// matches nothing fails with States.Runtime, cause
// "Invalid path '<path>' : No results for path: $['a']['b']".
Outcome<Json> ApplyInputPath(const IoPath& input_path, const Scope& scope);

// OutputPath: same rules as InputPath, applied to the state's output.
Outcome<Json> ApplyOutputPath(const IoPath& output_path, const Json& document);

// ResultPath: null -> `raw_input` unchanged; `$` -> result; otherwise a copy of
// `raw_input` with `result` written at the path (objects created as needed).
// When it cannot be written: States.ResultPathMatchFailure with AWS's cause.
Outcome<Json> ApplyResultPath(const IoPath& result_path, const Json& raw_input,
                              const Json& result);

}  // namespace sfn::dataflow
