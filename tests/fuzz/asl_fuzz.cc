// libFuzzer target: the ASL parser and validator on any definition text
// (CreateStateMachine's and ValidateStateMachineDefinition's path).
#include <cstdint>

#include "emulator/asl/parser.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = sfn::fuzz::Text(data, size);
  auto parsed = sfn::asl::Parse(text);
  (void)parsed;
  auto diagnostics = sfn::asl::Validate(text, sfn::asl::MachineType::kExpress);
  (void)diagnostics;
  return 0;
}
