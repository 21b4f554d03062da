// What an expression reads, from its syntax tree alone (no evaluation):
// the names its top level reads from the input and the `$variable.field`
// pairs it contains (expression.h, References). Step Functions validates
// definitions with it ("Reference to 'x' at the top level is not supported";
// `$states.errorOutput` outside a Catch).
//
// The top level is what runs against the context item itself: the first
// step of a path, and everything that is not a step (operands, arguments,
// array and object constructors, blocks, conditions, lambda bodies, which
// keep the context of the expression that defines them). Later steps,
// predicates, sort terms and grouping run against the step before them and
// are not the top level. Pure; thread-safe.
#pragma once

#include "emulator/jsonata/ast.h"
#include "emulator/jsonata/expression.h"

namespace sfn::jsonata {

References FindReferences(const Node& root);

}  // namespace sfn::jsonata
