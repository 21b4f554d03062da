// One expression interface for every query language (DESIGN.md, "Engine
// shape"): a field of a state (a path, a payload template, an intrinsic, a
// literal, a JSONata expression) is compiled once per definition revision into
// an Expression, and evaluated against an EvalScope.
//
// Evaluation gives a Value: a JSON value, or nothing (a definite path that
// matched nothing, an undefined variable, a JSONata expression that returned
// undefined); what "nothing" means for a field (a default, an error) is the
// caller's rule, as are the type checks and AWS's messages. A Failure is an
// error raised while evaluating (an intrinsic's States.Runtime, a JSONata
// error); its cause lacks the "An error occurred while executing the state
// ..." prefix, which the state adds.
//
// The JSONPath forms are made here (MakeLiteral, MakePath, MakeIntrinsic,
// MakeTemplate); the JSONata form in jsonata_expression.h. Expressions are
// immutable once made and shared (ExpressionPtr) by every execution of a
// revision, from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/reference.h"
#include "emulator/dataflow/scope.h"
#include "emulator/dataflow/template.h"

namespace sfn::dataflow {

// A JSON value, or nullopt for nothing (JSONata's undefined).
using Value = std::optional<Json>;

enum class ExpressionKind {
  kLiteral,    // a constant: `"Seconds": 5`, `"InputPath": null` (-> {}), JSONata's plain values
  kPath,       // `$.a`, `$$.Execution.Id`, `$name.a[0]`: reference()
  kIntrinsic,  // `States.Format('{}', $.x)`
  kTemplate,   // a JSONPath payload template (keys ending in `.$`)
  kJsonata,    // a JSONata field: "{% ... %}" strings, alone or inside objects and arrays
};

class Expression {
 public:
  virtual ~Expression() = default;

  virtual Outcome<Value> Evaluate(const EvalScope& scope) const = 0;
  virtual ExpressionKind kind() const = 0;
  // The expression as written, for messages: the path or intrinsic text, the
  // "{% ... %}" string; for literals and templates their JSON text.
  virtual const std::string& text() const = 0;
  // kPath only: what the path reads (input, `$$` or a variable) and how.
  virtual const Reference* reference() const { return nullptr; }
  // kJsonata only: where the field sits in AWS's causes ("Output",
  // "Catch[0]/Output"); empty for other kinds.
  virtual const std::string& location() const {
    static const std::string kNone;
    return kNone;
  }
};

using ExpressionPtr = std::shared_ptr<const Expression>;

ExpressionPtr MakeLiteral(Json value);
ExpressionPtr MakePath(Reference reference);
ExpressionPtr MakeIntrinsic(Intrinsic intrinsic);
// `source` is the template as written (for text()).
ExpressionPtr MakeTemplate(Template templ, const Json& source);

}  // namespace sfn::dataflow
