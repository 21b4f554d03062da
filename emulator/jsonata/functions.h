// The function library: every built-in of jsonata-js 2.0.6 but $eval, plus
// AWS Step Functions' own ($partition, $range, $hash, $random with a seed,
// $uuid, $parse). Each family lives in its own functions_*.cc and registers
// its entries in the table of functions.cc.
//
// The table is built once (thread-safe static initialisation) and immutable.
#pragma once

#include <string_view>
#include <vector>

#include "emulator/jsonata/function.h"

namespace sfn::jsonata {

// The function value bound to `$name`, or nullptr.
const Value* FindBuiltin(std::string_view name);

// One family's entries: {name, signature, implementation, arity}.
struct BuiltinSpec {
  std::string_view name;
  std::string_view signature;
  BuiltinImpl impl;
  int arity;
};

std::vector<BuiltinSpec> AggregateFunctions();
std::vector<BuiltinSpec> StringFunctions();
std::vector<BuiltinSpec> NumericFunctions();
std::vector<BuiltinSpec> ArrayObjectFunctions();
std::vector<BuiltinSpec> HigherOrderFunctions();
std::vector<BuiltinSpec> TimeFunctions();
std::vector<BuiltinSpec> AwsFunctions();

// Calls a function argument from a built-in, passing as many of
// (value, index, array) as the function takes (jsonata-js's hofFuncArgs).
Value CallHof(Call& call, const Value& func, const Value& a1, const Value& a2, const Value& a3);

}  // namespace sfn::jsonata
