// libFuzzer target: JSONPath. First line: the path; the rest: the document
// (when it is JSON). Compiles, evaluates, and writes through the path as
// ResultPath does.
#include <cstdint>

#include "emulator/core/json.h"
#include "emulator/dataflow/jsonpath.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto [path_text, doc_text] = sfn::fuzz::FirstLine(sfn::fuzz::Text(data, size));
  auto path = sfn::dataflow::JsonPath::Compile(path_text);
  if (!path.ok()) return 0;
  auto doc = sfn::ParseJson(doc_text);
  sfn::Json root = doc.ok() ? std::move(doc).value() : sfn::Json::object();
  auto value = path->Evaluate(root);
  (void)value;
  sfn::Json copy = root;
  path->Assign(copy, sfn::Json{{"x", 1}});
  path->Normalized();
  path->MatchedSteps(root);
  return 0;
}
