// Internal to the asl module: the state of one Parse/Validate run and the
// helpers the per-part parsers share. Not part of the module's API.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/asl/field_table.h"
#include "emulator/asl/parser.h"
#include "emulator/core/json.h"
#include "emulator/dataflow/jsonata_expression.h"

namespace sfn::asl::internal {

inline constexpr char kSchemaValidationFailed[] = "SCHEMA_VALIDATION_FAILED";
inline constexpr char kMissingTransitionTarget[] = "MISSING_TRANSITION_TARGET";
inline constexpr char kMissingEndState[] = "MISSING_END_STATE";
inline constexpr char kInvalidJsonDescription[] = "INVALID_JSON_DESCRIPTION";
inline constexpr char kInvalidLabelName[] = "INVALID_LABEL_NAME";
inline constexpr char kDuplicateLabelName[] = "DUPLICATE_LABEL_NAME";

struct ParseContext {
  MachineType machine_type = MachineType::kStandard;
  // TestState's one state: the top level's transitions are not checked.
  bool single_state = false;
  QueryLanguage top_level_language = QueryLanguage::kJsonPath;
  std::vector<Diagnostic> diagnostics;
  std::set<std::string> map_labels;  // "must be unique within a state machine definition"

  void Error(std::string message, std::optional<std::string> location,
             std::string code = kSchemaValidationFailed) {
    diagnostics.push_back(
        Diagnostic{"ERROR", std::move(code), std::move(message), std::move(location)});
  }
  size_t error_count() const { return diagnostics.size(); }
};

// "/States/A" + "Next" -> "/States/A/Next"; "/" + "States" -> "/States".
std::string Child(const std::string& base, std::string_view key);
// "/States/P/Branches" + 0 -> "/States/P/Branches[0]".
std::string Indexed(const std::string& base, size_t index);

// "JSONPath", "JSONata".
std::string_view QueryLanguageName(QueryLanguage language);

// True for a JSONata expression string "{% ... %}".
bool IsJsonataExpression(const Json& value);

// Reports every field of `object` that field_table.h does not accept for
// `owner` (a state of `type` when `owner` is kState) in `language`:
// "Field 'X' is not supported", or, for a field of the other query language,
// "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only
// supported for the 'JSONPath' QueryLanguage".
void CheckFields(const Json& object, FieldOwner owner, QueryLanguage language,
                 const std::string& location, ParseContext& ctx, StateType type = StateType::kPass);
// Reports the absent ones of `required` as one "These fields are required:
// [A, B]" diagnostic. Returns true when all are present.
bool CheckRequiredFields(const Json& object, std::initializer_list<std::string_view> required,
                         const std::string& location, ParseContext& ctx);

// Field compilers: each returns the compiled Field named `field`, or nullopt
// after reporting a diagnostic at `location` (the field's own location).
//
// A path field such as ItemsPath or SecondsPath: a JSONPath over the input or
// `$$`, or a workflow variable reference (`$name`, `$name.a[0]`).
std::optional<Field> CompilePathField(const Json& value, std::string_view field,
                                      const std::string& location, ParseContext& ctx);
// InputPath/OutputPath: a path field, or null (a literal {}).
std::optional<Field> CompileIoPathField(const Json& value, std::string_view field,
                                        const std::string& location, ParseContext& ctx);
// ResultPath: a path (a variable reference is read as `$`), or null.
std::optional<dataflow::IoPath> CompileResultPath(const Json& value, const std::string& location,
                                                  ParseContext& ctx);
// A path or an intrinsic function call (Fail's ErrorPath/CausePath).
std::optional<Field> CompilePathOrIntrinsicField(const Json& value, std::string_view field,
                                                 const std::string& location, ParseContext& ctx);
// A JSONPath payload template: Parameters, ResultSelector, ItemSelector, Assign.
std::optional<Field> CompileTemplateField(const Json& value, std::string_view field,
                                          const std::string& location, ParseContext& ctx);
// Any value of a JSONata state ("{% ... %}" strings inside are expressions),
// reporting AWS's INVALID_JSONATA_EXPRESSION / UNSUPPORTED_JSONATA_EXPRESSION
// diagnostics at `location` plus the path below it. `access` says which
// `$states` members the field may read; `runtime_location` names the field
// in runtime causes when it is not `field` itself ("Catch[0]/Output").
std::optional<Field> CompileJsonataField(const Json& value, std::string_view field,
                                         const std::string& location, ParseContext& ctx,
                                         dataflow::StatesAccess access = {},
                                         std::string_view runtime_location = {});
// A value field in `language`: a payload template or JSONata values (Assign,
// ItemSelector, ...).
std::optional<Field> CompileValueField(const Json& value, std::string_view field,
                                       QueryLanguage language, const std::string& location,
                                       ParseContext& ctx, dataflow::StatesAccess access = {},
                                       std::string_view runtime_location = {});
// A literal (a constant the caller checked).
Field LiteralField(std::string_view field, const Json& value);

// Splits `$name.rest` into ("name", "$.rest"); nullopt for `$`, `$.x`, `$$...`.
std::optional<std::pair<std::string, std::string>> SplitVariablePath(std::string_view text);

// Integer fields: reports "Expected value of type: Integer" style errors.
std::optional<int64_t> IntegerField(const Json& value, std::string_view field, int64_t min,
                                    const std::string& location, ParseContext& ctx);
std::optional<std::string> StringField(const Json& value, std::string_view field,
                                       const std::string& location, ParseContext& ctx);

// A `StartAt` + `States` object (top level, Parallel branch, Map processor).
std::shared_ptr<StateMachineBody> ParseBody(const Json& object, const std::string& location,
                                            bool item_processor, ParseContext& ctx);

std::shared_ptr<State> ParseState(const std::string& name, const Json& object,
                                  const std::string& location, ParseContext& ctx);

// The fields of a Map state (map_parser.cc); Retry and Catch
// (retry_catch_parser.cc). `location` is the state's, or the list's.
void ParseMap(const Json& object, State& state, const std::string& location, ParseContext& ctx);
void ParseRetry(const Json& value, State& state, const std::string& location, ParseContext& ctx);
void ParseCatch(const Json& value, State& state, const std::string& location, ParseContext& ctx);

// `object[field]`, an integer of at least `min` or (in a JSONata state) an
// expression; `location` is the state's.
std::optional<Field> IntegerOrExpression(const Json& object, const char* field, int64_t min,
                                         const State& state, const std::string& location,
                                         ParseContext& ctx);
// `object[field]` when present, a path field, into `out`; `location` is the
// object's.
void ParsePathInto(const Json& object, const char* field, std::optional<Field>& out,
                   const std::string& location, ParseContext& ctx);

// Choices of a Choice state (`location` is the state's).
std::vector<ChoiceRulePtr> ParseChoices(const Json& choices, QueryLanguage language,
                                        const std::string& location, ParseContext& ctx);

// Task Resource checks (known integrations, Express restrictions).
void CheckResource(const std::string& resource, const std::string& location, ParseContext& ctx);

// Transition targets, terminal states and reachability of `body` (unless
// `nested_only`) and of the bodies nested in it.
void ValidateGraph(const StateMachineBody& body, const std::string& location, ParseContext& ctx,
                   bool nested_only = false);

// Jackson-like diagnostic for text that is not JSON.
Diagnostic JsonSyntaxDiagnostic(std::string_view text);

}  // namespace sfn::asl::internal
