// libFuzzer target: JSONata. First line: the expression; the rest: the
// input document. Evaluated with the engine's limits (U1001, step budget,
// native-stack guard) that the States Language uses.
#include <cstdint>

#include "emulator/core/json.h"
#include "emulator/jsonata/expression.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [expr_text, doc_text] = sfn::fuzz::FirstLine(sfn::fuzz::Text(data, size));
  auto expr = sfn::jsonata::Expression::Compile(expr_text);
  if (!expr.ok()) return 0;
  auto doc = sfn::ParseJson(doc_text);
  sfn::Json input = doc.ok() ? std::move(doc).value() : sfn::Json::object();
  sfn::jsonata::Environment env;
  env.max_steps = 200'000;  // keeps each run short; the limit itself is what is tested
  auto result = expr.value()->Evaluate(&input, sfn::jsonata::Bindings{}, env);
  (void)result;
  return 0;
}
