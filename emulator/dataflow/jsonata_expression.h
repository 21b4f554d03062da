// JSONata fields of JSONata states (AWS "Transforming data with JSONata in
// Step Functions"): a string that starts with "{%" and ends with "%}" is a
// JSONata expression (only as a whole string: " {% x %}" is a literal);
// inside objects and arrays (Arguments, Output, Assign, ItemSelector, ...)
// every such string is evaluated and everything else, keys included, is
// copied as written.
//
// CompileJsonata turns a field's value into an Expression: a literal when it
// holds no expression, else an ExpressionKind::kJsonata expression. Each
// expression reports where it sits ("Assign/result", "Arguments") for AWS's
// messages. An expression that yields nothing fails with
// States.QueryEvaluationError, "The JSONata expression '<expr>' specified for
// the field '<location>' returned nothing (undefined)."
//
// Until the JSONata language engine is wired in, evaluating an expression
// fails with States.Runtime and kJsonataNotSupported (the state adds its
// "An error occurred while executing the state ..." prefix); literals
// evaluate. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/expression.h"

namespace sfn::dataflow {

inline constexpr char kJsonataNotSupported[] =
    "Evaluating JSONata expressions is not supported by this version of sfn-emulator.";

// True for a string "{% ... %}".
bool IsJsonataText(const Json& value);
// True when `value` is or contains (in objects and arrays) a "{% ... %}" string.
bool ContainsJsonata(const Json& value);

// `field` is the field's name, the root of the locations ("Output").
Result<ExpressionPtr> CompileJsonata(const Json& value, std::string_view field);

}  // namespace sfn::dataflow
