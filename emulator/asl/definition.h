// A parsed, compiled state machine definition (Amazon States Language).
//
// A Definition is built once per definition revision by asl::Parse and is
// immutable afterwards; executions of that revision share it through a
// shared_ptr<const Definition>, from any thread. Every field that holds a
// path, a payload template, an intrinsic or a JSONata expression is compiled
// at parse time into a dataflow::Field (one per meaning, whichever spelling
// and query language it was written in), so executing a state never reads
// the definition's JSON nor re-parses text. Which fields a state may have is
// said once, in field_table.h.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/dataflow/field.h"
#include "emulator/dataflow/io_paths.h"

namespace sfn::asl {

enum class StateType { kPass, kWait, kChoice, kSucceed, kFail, kTask, kParallel, kMap };
std::string_view StateTypeName(StateType type);  // "Pass", "Wait", ...

enum class QueryLanguage { kJsonPath, kJsonata };

using dataflow::Field;

// --- Choice rules (ASL "Choice Rules") --------------------------------------

enum class ComparisonOp {
  kStringEquals,
  kStringLessThan,
  kStringGreaterThan,
  kStringLessThanEquals,
  kStringGreaterThanEquals,
  kStringMatches,
  kNumericEquals,
  kNumericLessThan,
  kNumericGreaterThan,
  kNumericLessThanEquals,
  kNumericGreaterThanEquals,
  kBooleanEquals,
  kTimestampEquals,
  kTimestampLessThan,
  kTimestampGreaterThan,
  kTimestampLessThanEquals,
  kTimestampGreaterThanEquals,
  kIsNull,
  kIsPresent,
  kIsNumeric,
  kIsString,
  kIsBoolean,
  kIsTimestamp,
};

struct ChoiceRule;
using ChoiceRulePtr = std::shared_ptr<const ChoiceRule>;

// Exactly one of: a comparison (variable + op + operand), And, Or, Not; or,
// in a JSONata Choice state, a `Condition` (kCondition).
struct ChoiceRule {
  enum class Kind { kComparison, kAnd, kOr, kNot, kCondition };
  Kind kind = Kind::kComparison;

  // kComparison: `Variable` (a path over the input or `$$`, or a workflow
  // variable `$name.a[0]`), the operator, and its operand: a literal, or the
  // `...Path` variant's path (`operand_path`, named as written, e.g.
  // "NumericEqualsPath").
  std::optional<Field> variable;
  ComparisonOp op = ComparisonOp::kStringEquals;
  std::string op_name;  // as written, e.g. "NumericEqualsPath"
  Json operand;         // literal operand (when !operand_path)
  std::optional<Field> operand_path;

  // kCondition: JSONata's `Condition` (a literal boolean or an expression).
  std::optional<Field> condition;

  // kAnd / kOr: several; kNot: one.
  std::vector<ChoiceRulePtr> children;

  // Only on top-level rules: where to go, and the rule's own Assign (a
  // payload template in JSONPath, JSONata values in JSONata) and, in JSONata,
  // Output; a matching rule's replace the state's.
  std::string next;
  std::optional<Field> assign_template;
  std::optional<Field> output;
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

// A Catch entry. `assign_template` is its Assign (JSONPath: a payload template
// over the error output; JSONata: JSONata values); `output` JSONata's Output
// (default: the error output), `result_path` JSONPath's ResultPath.
struct Catcher {
  std::vector<std::string> error_equals;
  dataflow::IoPath result_path = dataflow::IoPath::Dollar();
  std::string next;
  std::optional<Field> assign_template;
  std::optional<Field> output;
};

// A Map's ItemBatcher (distributed Map). Each limit is a literal, its
// `...Path` or a JSONata expression; every batch carries BatchInput under
// its own key, beside "Items".
struct ItemBatcher {
  std::optional<Field> max_items_per_batch;        // MaxItemsPerBatch(Path)
  std::optional<Field> max_input_bytes_per_batch;  // MaxInputBytesPerBatch(Path)
  std::optional<Field> batch_input;                // BatchInput
};

// A Map's ItemReader: the Amazon S3 call that reads its items
// (`arn:aws:states:::s3:getObject` or `...:s3:listObjectsV2`), its
// Parameters (JSONPath) or Arguments (JSONata), and its ReaderConfig.
struct ItemReader {
  std::string resource;
  std::optional<Field> arguments;       // Parameters (JSONPath) / Arguments (JSONata)
  std::optional<Field> max_items;       // ReaderConfig.MaxItems(Path)
  Json reader_config = Json::object();  // ReaderConfig as written
};

// A Map's ResultWriter: where its results are written
// (`arn:aws:states:::s3:putObject` with Bucket and Prefix) and how
// (WriterConfig: Transformation, OutputType). Without a Resource the results
// are only transformed.
struct ResultWriter {
  std::string resource;
  std::optional<Field> arguments;       // Parameters (JSONPath) / Arguments (JSONata)
  Json writer_config = Json::object();  // WriterConfig as written
};

struct StateMachineBody;

struct State {
  std::string name;
  StateType type = StateType::kPass;
  QueryLanguage query_language = QueryLanguage::kJsonPath;
  std::optional<std::string> comment;

  // Transition: exactly one of `next` / `end` for non-terminal states.
  std::optional<std::string> next;
  bool end = false;

  // Input and output. JSONPath: InputPath -> Parameters -> (work) ->
  // ResultSelector -> ResultPath -> OutputPath; absent paths mean `$`.
  // JSONata: Arguments -> (work) -> Output. `parameters` holds Parameters or
  // JSONata's Arguments (Task, Parallel), `assign_template` Assign in either.
  std::optional<Field> input_path;  // InputPath: a path, `$name...`, or null (-> {})
  std::optional<Field> parameters;  // Parameters | Arguments
  std::optional<Field> result_selector;
  dataflow::IoPath result_path = dataflow::IoPath::Dollar();
  std::optional<Field> output_path;  // OutputPath
  std::optional<Field> output;       // JSONata Output
  std::optional<Field> assign_template;
  std::optional<Json> result;  // Pass: literal Result

  // Wait: exactly one of these, each in any of its spellings
  // (Seconds | SecondsPath | JSONata Seconds; Timestamp | TimestampPath | ...).
  std::optional<Field> seconds;
  std::optional<Field> timestamp;

  // Choice.
  std::vector<ChoiceRulePtr> choices;
  std::optional<std::string> default_next;

  // Fail: Error | ErrorPath (a path or an intrinsic) | JSONata; same for Cause.
  std::optional<Field> error;
  std::optional<Field> cause;

  // Task.
  std::optional<std::string> resource;
  std::optional<Field> timeout_seconds;    // TimeoutSeconds | TimeoutSecondsPath | JSONata
  std::optional<Field> heartbeat_seconds;  // HeartbeatSeconds | HeartbeatSecondsPath | JSONata
  std::optional<Field> credentials;        // Credentials (a template; not used: no IAM here)

  // Task, Parallel, Map.
  std::vector<Retrier> retry;
  std::vector<Catcher> catches;

  // Parallel.
  std::vector<std::shared_ptr<const StateMachineBody>> branches;

  // Map. `items` is ItemsPath (over the effective input) or JSONata's Items;
  // `item_selector` ItemSelector, or the legacy Parameters of a Map.
  std::shared_ptr<const StateMachineBody> item_processor;  // ItemProcessor | Iterator
  std::optional<std::string> processor_mode;               // ItemProcessor.ProcessorConfig.Mode
  std::optional<std::string> label;                        // Label (names distributed map runs)
  std::optional<Field> items;
  std::optional<Field> item_selector;
  std::optional<Field> max_concurrency;          // MaxConcurrency | MaxConcurrencyPath | JSONata
  std::optional<Field> tolerated_failure_count;  // ...Count | ...CountPath | JSONata
  std::optional<Field> tolerated_failure_percentage;  // ...Percentage | ...PercentagePath | ...
  std::optional<ItemBatcher> item_batcher;
  std::optional<ItemReader> item_reader;
  std::optional<ResultWriter> result_writer;

  Json raw;  // the state's JSON as written (parse-time checks only)
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
