// A value reference as payload templates and intrinsic arguments accept it:
// a path on the input (`$...`), on the context object (`$$...`), or on a
// workflow variable (`$name...`). Compiled once; immutable.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/jsonpath.h"
#include "emulator/dataflow/scope.h"

namespace sfn::dataflow {

class Reference {
 public:
  enum class Root { kInput, kContext, kVariable };

  // True when `text` starts like a variable reference (`$` then a name).
  static bool LooksLikeVariable(std::string_view text);
  // kInvalidDefinition when `text` is not a valid reference.
  static Result<Reference> Parse(std::string_view text);
  // From parts already checked: a path over the input or `$$` (by its root),
  // or workflow variable `name` with `path` (`$`-rooted) over its value.
  static Reference ForPath(JsonPath path);
  static Reference ForVariable(std::string name, JsonPath path);

  // The referenced value; nullopt when a definite path matches nothing or the
  // variable is not defined. Indefinite paths always yield an array. A
  // Failure when the path selects too much (JsonPath::Evaluate).
  Outcome<std::optional<Json>> Evaluate(const EvalScope& scope) const;
  // The document the reference reads from (for error messages); null for an
  // undefined variable.
  const Json* Document(const EvalScope& scope) const;

  const std::string& text() const { return text_; }
  Root root() const { return root_; }
  const std::string& variable() const { return variable_; }
  const JsonPath& path() const { return path_; }

 private:
  Reference() = default;

  std::string text_;
  Root root_ = Root::kInput;
  std::string variable_;  // kVariable only
  JsonPath path_;         // for kVariable: `$` + what follows the name
};

}  // namespace sfn::dataflow
