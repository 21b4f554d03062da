// Intrinsic functions (Amazon States Language, "Intrinsic functions").
//
// An Intrinsic is parsed once from text such as
// `States.Format('Hello {}', $.name)` and evaluated against an EvalScope. Argument
// kinds: string literals in single quotes (with `\'`, `\{`, `\}`, `\\`
// escapes), numbers, booleans, null, paths (`$...`, `$$...`) and nested
// intrinsic calls. Evaluation failures (bad argument types or values, a path
// that matches nothing) are `States.Runtime`, as AWS reports them.
// Immutable after Parse; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

class Intrinsic {
 public:
  // True when `text` looks like an intrinsic call (`States.Name(`).
  static bool LooksLikeIntrinsic(std::string_view text);
  // Parses; an unknown function or bad syntax is kInvalidDefinition.
  static Result<Intrinsic> Parse(std::string_view text);

  Outcome<Json> Evaluate(const EvalScope& scope) const;
  const std::string& text() const { return text_; }

  struct Node;  // implementation detail

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;
};

}  // namespace sfn::dataflow
