// The JSONPath input/output filters of every state (Amazon States Language,
// "Input and Output Processing"): InputPath, ResultPath, OutputPath.
//
// InputPath and OutputPath read: each is compiled into a Field (a path over
// the document or `$$`, a workflow variable `$name...`, or the definition's
// `null`, a literal `{}`) and applied by ApplyIoPath. ResultPath writes: an
// IoPath. The Apply* functions return the filtered document or a Failure whose
// cause is AWS's text *without* the "An error occurred while executing the
// state ..." prefix, which the state pipeline adds.
#pragma once

#include <optional>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/field.h"
#include "emulator/dataflow/jsonpath.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

// ResultPath as written: absent (`$`), `null`, or a reference path.
struct IoPath {
  // nullopt means the definition said `null`.
  std::optional<JsonPath> path;

  static IoPath Dollar();  // the default `$`
  // From the definition value: a string path or JSON null; anything else is
  // kInvalidDefinition.
  static Result<IoPath> FromJson(const Json& value);
};

// InputPath / OutputPath: the value `field` selects from `scope.input` (or
// `$$`, or its variable). A definite path that matches nothing fails with
// States.Runtime, cause "Invalid path '<path>' : No results for path:
// $['a']['b']" (or "... : Missing property in path $['a']" when a step before
// the last is missing, as Jayway words it); an undefined variable `$name`,
// "Invalid path '$name' : No results for path: $['name']".
Outcome<Json> ApplyIoPath(const Field& field, const EvalScope& scope);

// ResultPath: null -> `raw_input` unchanged; `$` -> result; otherwise a copy of
// `raw_input` with `result` written at the path (objects created as needed).
// When it cannot be written: States.ResultPathMatchFailure with AWS's cause.
Outcome<Json> ApplyResultPath(const IoPath& result_path, const Json& raw_input, const Json& result);

}  // namespace sfn::dataflow
