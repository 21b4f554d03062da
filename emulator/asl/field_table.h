// Which fields exist: the one table of the fields each state type accepts in
// each query language, and of the fields of the objects nested in states
// (Retry, Catch, ProcessorConfig, Credentials, a JSONata Choice rule, a
// branch or processor body) and of the top level. The parser validates with it
// ("Field 'X' is not supported") and nothing else lists fields.
//
// Sources: Amazon States Language ("Common state fields", each state's
// page), "Transforming data with JSONata in Step Functions" (the JSONPath-only
// fields InputPath, Parameters, ResultSelector, ResultPath, OutputPath, the
// `...Path` variants; the JSONata-only Arguments, Output, Items). Constant
// data; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "emulator/asl/definition.h"

namespace sfn::asl {

// Where a field may appear, besides a state.
enum class FieldOwner {
  kState,              // a state (then the state type also decides)
  kTopLevel,           // the definition itself
  kBody,               // a Parallel branch (StartAt/States)
  kProcessor,          // a Map's ItemProcessor/Iterator
  kProcessorConfig,    // ItemProcessor.ProcessorConfig
  kRetrier,            // one Retry entry
  kCatcher,            // one Catch entry
  kCredentials,        // Task Credentials
  kJsonataChoiceRule,  // a top-level rule of a JSONata Choice state
};

// One field and where it is accepted. `state_types` is a set of StateType
// bits (StateTypeBit) and matters only for FieldOwner::kState.
struct FieldRule {
  std::string_view name;
  FieldOwner owner;
  uint8_t languages;  // LanguageBit(kJsonPath) | LanguageBit(kJsonata)
  uint16_t state_types;
};

constexpr uint16_t StateTypeBit(StateType type) {
  return static_cast<uint16_t>(1u << static_cast<unsigned>(type));
}
constexpr uint8_t LanguageBit(QueryLanguage language) {
  return static_cast<uint8_t>(1u << static_cast<unsigned>(language));
}

// Every rule, in the order fields are documented.
std::span<const FieldRule> FieldRules();

// Whether `name` is accepted in an object of `owner` (a state of `type` when
// `owner` is kState) written in `language`.
bool FieldAllowed(FieldOwner owner, StateType type, QueryLanguage language, std::string_view name);

// The accepted names, in table order (for messages and tests).
std::vector<std::string_view> AllowedFields(FieldOwner owner, StateType type,
                                            QueryLanguage language);

}  // namespace sfn::asl
