// A parsed, compiled state machine definition (Amazon States Language).
//
// A Definition is built once per definition revision by asl::Parse and is
// immutable afterwards; executions of that revision share it through a
// shared_ptr<const Definition>, from any thread. Every path, template and
// intrinsic inside is compiled at parse time, so executing a state never
// re-parses text.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/io_paths.h"
#include "emulator/dataflow/jsonpath.h"
#include "emulator/dataflow/template.h"

namespace sfn::asl {

enum class StateType { kPass, kWait, kChoice, kSucceed, kFail, kTask, kParallel, kMap };
std::string_view StateTypeName(StateType type);  // "Pass", "Wait", ...

enum class QueryLanguage { kJsonPath, kJsonata };

// A string field that may instead come from a path or intrinsic
// (e.g. Fail's Error/ErrorPath).
struct DynamicString {
  std::optional<std::string> literal;
  std::optional<dataflow::JsonPath> path;
  std::optional<dataflow::Intrinsic> intrinsic;
};

// --- Choice rules (ASL "Choice Rules") --------------------------------------

enum class ComparisonOp {
  kStringEquals, kStringLessThan, kStringGreaterThan, kStringLessThanEquals,
  kStringGreaterThanEquals, kStringMatches,
  kNumericEquals, kNumericLessThan, kNumericGreaterThan, kNumericLessThanEquals,
  kNumericGreaterThanEquals,
  kBooleanEquals,
  kTimestampEquals, kTimestampLessThan, kTimestampGreaterThan, kTimestampLessThanEquals,
  kTimestampGreaterThanEquals,
  kIsNull, kIsPresent, kIsNumeric, kIsString, kIsBoolean, kIsTimestamp,
};

struct ChoiceRule;
using ChoiceRulePtr = std::shared_ptr<const ChoiceRule>;

// Exactly one of: a comparison (variable + op + operand), And, Or, Not; or,
// in a JSONata Choice state, a `Condition` (kCondition).
struct ChoiceRule {
  enum class Kind { kComparison, kAnd, kOr, kNot, kCondition };
  Kind kind = Kind::kComparison;

  // kComparison
  std::optional<dataflow::JsonPath> variable;
  ComparisonOp op = ComparisonOp::kStringEquals;
  std::string op_name;     // as written, e.g. "NumericEqualsPath"
  Json operand;            // literal operand (when !operand_path)
  std::optional<dataflow::JsonPath> operand_path;  // the `...Path` variants
  // When `Variable` (or the `...Path` operand) names a workflow variable
  // (`$name`, `$name.a[0]`), the variable's name; `variable` (or
  // `operand_path`) is then the rest as a `$`-rooted path applied to the
  // variable's value (`$` for the bare `$name`).
  std::optional<std::string> variable_var;
  std::optional<std::string> operand_var;

  // kCondition: the JSONata `Condition` as written (`true`/`false` or a
  // "{% ... %}" string); not compiled yet.
  Json condition;

  // kAnd / kOr: several; kNot: one.
  std::vector<ChoiceRulePtr> children;

  // Only on top-level rules.
  std::string next;
  std::optional<Json> assign;  // the rule's Assign block, raw
  std::optional<dataflow::Template> assign_template;  // JSONPath: compiled Assign
  std::optional<Json> output;  // JSONata: the rule's Output, raw
};

// --- States -------------------------------------------------------------------

struct Retrier {
  std::vector<std::string> error_equals;
  double interval_seconds = 1;
  int max_attempts = 3;
  double backoff_rate = 2.0;
  std::optional<int64_t> max_delay_seconds;
  bool full_jitter = false;
};

struct Catcher {
  std::vector<std::string> error_equals;
  dataflow::IoPath result_path = dataflow::IoPath::Dollar();
  std::string next;
  std::optional<Json> assign;  // raw
  std::optional<dataflow::Template> assign_template;  // JSONPath: compiled Assign
  std::optional<Json> output;  // JSONata: raw
};

struct StateMachineBody;

// A path field that names a workflow variable instead of the input
// (`"InputPath": "$theAnswer"`, `"ItemsPath": "$items.list"`): the variable's
// name and the rest as a `$`-rooted path over its value (`$` when bare).
struct VariableRef {
  std::string name;
  dataflow::JsonPath path;
};

struct State {
  std::string name;
  StateType type = StateType::kPass;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  std::optional<std::string> comment;

  // Transition: exactly one of `next` / `end` for non-terminal states.
  std::optional<std::string> next;
  bool end = false;

  // Input/output processing (JSONPath states).
  dataflow::IoPath input_path = dataflow::IoPath::Dollar();
  dataflow::IoPath output_path = dataflow::IoPath::Dollar();
  dataflow::IoPath result_path = dataflow::IoPath::Dollar();
  std::optional<dataflow::Template> parameters;
  std::optional<dataflow::Template> result_selector;
  std::optional<Json> result;  // Pass: literal Result
  std::optional<Json> assign;  // Assign block as written
  // JSONPath states: the Assign block compiled as a payload template (keys
  // ending in `.$` are evaluated; AWS "Passing data between states with
  // variables").
  std::optional<dataflow::Template> assign_template;

  // Wait: exactly one of these.
  std::optional<int64_t> seconds;
  std::optional<std::string> timestamp;  // RFC 3339 text as written
  std::optional<dataflow::JsonPath> seconds_path;
  std::optional<dataflow::JsonPath> timestamp_path;

  // Choice.
  std::vector<ChoiceRulePtr> choices;
  std::optional<std::string> default_next;

  // Fail.
  DynamicString error;
  DynamicString cause;

  // Task / Parallel / Map (later issues); kept so definitions using them parse.
  std::optional<std::string> resource;
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> heartbeat_seconds;
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;
  std::vector<std::shared_ptr<const StateMachineBody>> branches;  // Parallel
  std::shared_ptr<const StateMachineBody> item_processor;         // Map
  std::optional<dataflow::JsonPath> timeout_seconds_path;         // Task
  std::optional<dataflow::JsonPath> heartbeat_seconds_path;       // Task
  std::optional<Json> credentials;                                // Task, raw

  // Map (JSONPath). `item_selector` is ItemSelector, or the legacy Parameters
  // of a Map (then `parameters` stays empty).
  std::optional<dataflow::JsonPath> items_path;
  std::optional<dataflow::Template> item_selector;
  std::optional<int64_t> max_concurrency;
  std::optional<dataflow::JsonPath> max_concurrency_path;
  std::optional<std::string> processor_mode;  // ItemProcessor.ProcessorConfig.Mode
  std::optional<int64_t> tolerated_failure_count;
  std::optional<double> tolerated_failure_percentage;
  std::optional<dataflow::JsonPath> tolerated_failure_count_path;
  std::optional<dataflow::JsonPath> tolerated_failure_percentage_path;
  std::optional<Json> item_reader;   // raw; S3 readers are not emulated
  std::optional<Json> item_batcher;  // raw

  // JSONata states: the raw fields (strings may be "{% ... %}" expressions).
  std::optional<Json> arguments;  // Task/Parallel Arguments
  std::optional<Json> output;     // Output
  std::optional<Json> items;      // Map Items
  // Wait/Task/Map numeric or timestamp fields given as JSONata expressions
  // (e.g. "Seconds": "{% $x %}"), keyed by field name.
  std::map<std::string, std::string> expressions;

  // Path fields (InputPath, OutputPath, ItemsPath, SecondsPath, ...) written
  // as variable references, keyed by field name; the typed field then keeps
  // its default.
  std::map<std::string, VariableRef> variable_refs;

  Json raw;  // the state's JSON as written, for anything not yet typed
};

// `StartAt` + `States`: the top level, a Parallel branch or a Map processor.
struct StateMachineBody {
  std::string start_at;
  std::map<std::string, std::shared_ptr<const State>> states;
  std::vector<std::string> order;  // state names in definition order
  const State* Find(const std::string& name) const {
    auto it = states.find(name);
    return it == states.end() ? nullptr : it->second.get();
  }
};

struct Definition {
  StateMachineBody body;
  std::optional<std::string> comment;
  std::optional<std::string> version;
  std::optional<int64_t> timeout_seconds;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  Json raw;
  // DescribeStateMachine's variableReferences, computed once per revision.
  Json variable_references = Json::object();
};

using DefinitionPtr = std::shared_ptr<const Definition>;

}  // namespace sfn::asl
