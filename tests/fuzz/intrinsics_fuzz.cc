// libFuzzer target: intrinsic functions. First line: the call
// (`States.Format(...)`); the rest: the input document.
#include <cstdint>

#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/dataflow/intrinsics.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [call, doc_text] = sfn::fuzz::FirstLine(sfn::fuzz::Text(data, size));
  auto intrinsic = sfn::dataflow::Intrinsic::Parse(call);
  if (!intrinsic.ok()) return 0;
  auto doc = sfn::ParseJson(doc_text);
  sfn::Json input = doc.ok() ? std::move(doc).value() : sfn::Json::object();
  sfn::Json context = {{"Execution", {{"Id", "arn:x"}, {"Input", input}}}};
  sfn::Json variables = {{"v", input}};
  sfn::Random random(1);
  sfn::dataflow::Scope scope{input, context, &variables, &random};
  auto result = intrinsic->Evaluate(scope);
  if (result.ok()) (void)sfn::DumpJson(result.value());
  return 0;
}
