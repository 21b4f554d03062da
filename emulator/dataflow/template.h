// Payload templates: `Parameters`, `ResultSelector`, `ItemSelector`
// (Amazon States Language, "Payload Template").
//
// A Template is compiled once from the JSON in the definition. Keys ending in
// `.$` take their value from a path (`$...` from the input, `$$...` from the
// context), an intrinsic function, or a variable (`$name`); the `.$` suffix is
// dropped in the result. Other values are copied literally, recursively.
// Evaluation failures use AWS's cause texts, e.g. for a path that matches
// nothing: "The JSONPath '$.x' specified for the field 'y.$' could not be found
// in the input '{...}'" (error States.Runtime). Immutable; thread-safe.
#pragma once

#include <memory>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

class Template {
 public:
  // kInvalidDefinition for a bad path or intrinsic inside the template.
  static Result<Template> Compile(const Json& templ);
  Outcome<Json> Evaluate(const EvalScope& scope) const;

  struct Node;  // implementation detail

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace sfn::dataflow
