// Test helper: evaluates an expression and describes the outcome as text
// ("undefined", "error T2001", or the compact JSON of the result).
#pragma once

#include <string>

#include "emulator/core/json.h"
#include "emulator/jsonata/expression.h"

namespace sfn::jsonata::jtest {

inline std::string Eval(const std::string& expr, const char* input_json = nullptr,
                        const Bindings& bindings = {}, Environment env = {}) {
  auto compiled = Expression::Compile(expr);
  if (!compiled.ok()) return "error " + compiled.error().code;
  Json input;
  if (input_json != nullptr) input = Json::parse(input_json);
  auto result = compiled.value()->Evaluate(input_json != nullptr ? &input : nullptr, bindings, env);
  if (!result.ok()) return "error " + result.error().code;
  if (!result.value()) return "undefined";
  return DumpJson(*result.value());
}

struct Case {
  std::string expr;
  const char* input;  // JSON text, or nullptr for no input
  std::string want;   // compact JSON, "undefined" or "error CODE"
};

}  // namespace sfn::jsonata::jtest
