// JSONata fields of JSONata states (AWS "Transforming data with JSONata in
// Step Functions"): a string that starts with "{%" and ends with "%}" is a
// JSONata expression (only as a whole string: " {% x %}" is a literal);
// inside objects and arrays (Arguments, Output, Assign, ItemSelector, ...)
// every such string is evaluated and everything else, keys included, is
// copied as written.
//
// CompileJsonata turns a field's value into an Expression once per
// definition revision: a literal when it holds no expression, else an
// ExpressionKind::kJsonata expression whose leaves are compiled JSONata
// (emulator/jsonata). It also reports what AWS refuses when a definition is
// created: an expression that does not parse (INVALID_JSONATA_EXPRESSION,
// the parser's message without its code), a name read from the top level
// (UNSUPPORTED_JSONATA_EXPRESSION "Reference to 'x' at the top level is not
// supported."; the input is `$states.input`, variables are `$name`), and a
// `$states` member the field cannot read ("Field '$states.result' does not
// exist.").
//
// Evaluation reads the EvalScope: `$states` = {input, context, and result or
// errorOutput where the field has them}, the workflow variables as
// `$name`, the scope's time ($now, $millis) and random source ($random,
// $uuid). Each leaf reports where it sits ("Assign/result", "Output/a[0]",
// "Catch[0]/Output") in AWS's causes, all States.QueryEvaluationError:
//   - "The JSONata expression '<expr>' specified for the field '<location>'
//     returned nothing (undefined)."
//   - "... returned an unsupported result type." (a function)
//   - "... threw an error during evaluation. <code>: <message>"
// The Failure's `evaluation` is the location, so the state records AWS's
// EvaluationFailed event. Immutable; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/expression.h"

namespace sfn::dataflow {

// Which members of `$states` a field may read besides `input` and `context`
// (AWS "Reserved variable: $states"): `result` in the Output and Assign of a
// Task, Parallel or Map state, `errorOutput` in a Catch's Output and Assign.
struct StatesAccess {
  bool result = false;
  bool error_output = false;
};

// Something AWS refuses in a definition's JSONata field.
struct JsonataDiagnostic {
  std::string code;      // "INVALID_JSONATA_EXPRESSION", "UNSUPPORTED_JSONATA_EXPRESSION"
  std::string message;   // "Expected \"]\", got \",\""
  std::string location;  // below the field: "" for the field itself, "/v", "/a[0]"
};

struct CompiledJsonata {
  ExpressionPtr expression;  // null when there are diagnostics
  std::vector<JsonataDiagnostic> diagnostics;
};

// True for a string "{% ... %}".
bool IsJsonataText(const Json& value);
// True when `value` is or contains (in objects and arrays) a "{% ... %}" string.
bool ContainsJsonata(const Json& value);

// `location` names the field in runtime causes and roots the leaves'
// locations ("Output", "Catch[1]/Output", "Choices[0]/Condition").
CompiledJsonata CompileJsonata(const Json& value, std::string_view location,
                               StatesAccess access = {});

// The cause AWS gives when a whole-string JSONata field's value has the wrong
// type: "The JSONata expression '<expr>' specified for the field '<location>'
// returned an unexpected result type. Expected '<expected>', but was
// '<type>' for value: <json>" (States.QueryEvaluationError, `evaluation` set).
// `field` must be ExpressionKind::kJsonata.
Failure UnexpectedJsonataType(const Expression& field, std::string_view expected,
                              const Json& value);

}  // namespace sfn::dataflow
