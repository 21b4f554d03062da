// Evaluation of Choice rules (Amazon States Language, "Choice Rules").
//
// Pure functions over a compiled ChoiceRule and an EvalScope; thread-safe.
// A JSONata rule's Condition goes through the expression interface; a value
// that is not a boolean is States.QueryEvaluationError ("... returned an
// unexpected result type. Expected 'boolean', ...").
// A comparison whose Variable matches nothing is a States.Runtime failure
// (except under IsPresent, which is false then); a comparison of mismatched
// types is false, as on AWS. StringMatches supports `*` and the escapes `\*`
// and `\\`. Timestamp comparisons parse RFC 3339 text (ParseRfc3339).
#pragma once

#include <optional>
#include <string>

#include "emulator/asl/definition.h"
#include "emulator/core/failure.h"
#include "emulator/dataflow/scope.h"

namespace sfn::states {

Outcome<bool> EvaluateRule(const asl::ChoiceRule& rule, const dataflow::EvalScope& scope);

// The first matching top-level rule, or null when none matches (the caller
// then takes Default or fails with States.NoChoiceMatched).
Outcome<const asl::ChoiceRule*> SelectChoice(const asl::State& choice_state,
                                             const dataflow::EvalScope& scope);

}  // namespace sfn::states
