// A state's field compiled once, when its definition is parsed: the name it
// was written under and the Expression that computes its value.
//
// Fields of one meaning share one Field whatever their spelling: a Wait's
// `Seconds: 5`, `SecondsPath: "$.s"` and JSONata `Seconds: "{% ... %}"` are
// each a Field named as written ("Seconds", "SecondsPath") with a literal, a
// path or a JSONata expression inside, evaluated by one call. The caller
// keeps the type checks and AWS's messages, which quote name() and text().
// Cheap to copy (the expression is shared); immutable; thread-safe.
#pragma once

#include <string>
#include <utility>

#include "emulator/dataflow/expression.h"

namespace sfn::dataflow {

class Field {
 public:
  Field(std::string name, ExpressionPtr expression)
      : name_(std::move(name)), expression_(std::move(expression)) {}

  // As written in the definition: "SecondsPath", "Parameters", "Arguments".
  const std::string& name() const { return name_; }
  const Expression& expression() const { return *expression_; }
  ExpressionKind kind() const { return expression_->kind(); }
  const std::string& text() const { return expression_->text(); }
  // Path fields: what the path reads; null for other kinds.
  const Reference* reference() const { return expression_->reference(); }
  bool IsJsonata() const { return kind() == ExpressionKind::kJsonata; }
  // JSONata fields: where AWS's causes say the field is ("Items").
  const std::string& location() const { return expression_->location(); }
  bool IsLiteral() const { return kind() == ExpressionKind::kLiteral; }

  Outcome<Value> Evaluate(const EvalScope& scope) const { return expression_->Evaluate(scope); }

 private:
  std::string name_;
  ExpressionPtr expression_;
};

}  // namespace sfn::dataflow
