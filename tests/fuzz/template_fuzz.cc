// libFuzzer target: payload templates (Parameters, ResultSelector, ...).
// First line: the template (JSON); the rest: the input document.
#include <cstdint>

#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/dataflow/template.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [templ_text, doc_text] = sfn::fuzz::FirstLine(sfn::fuzz::Text(data, size));
  auto templ_json = sfn::ParseJson(templ_text);
  if (!templ_json.ok()) return 0;
  auto templ = sfn::dataflow::Template::Compile(*templ_json);
  if (!templ.ok()) return 0;
  auto doc = sfn::ParseJson(doc_text);
  sfn::Json input = doc.ok() ? std::move(doc).value() : sfn::Json::object();
  sfn::Json context = {{"Execution", {{"Id", "arn:x"}}}, {"State", {{"Name", "S"}}}};
  sfn::Json variables = {{"v", input}};
  sfn::Random random(1);
  sfn::dataflow::Scope scope{input, context, &variables, &random};
  auto result = templ->Evaluate(scope);
  if (result.ok() && !sfn::JsonDepthExceeds(result.value(), sfn::kMaxStoredJsonDepth)) {
    (void)sfn::DumpJson(result.value());
  }
  return 0;
}
