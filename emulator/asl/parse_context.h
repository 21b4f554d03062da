// Internal to the asl module: the state of one Parse/Validate run and the
// helpers the per-part parsers share. Not part of the module's API.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/asl/parser.h"
#include "emulator/core/json.h"

namespace sfn::asl::internal {

inline constexpr char kSchemaValidationFailed[] = "SCHEMA_VALIDATION_FAILED";
inline constexpr char kMissingTransitionTarget[] = "MISSING_TRANSITION_TARGET";
inline constexpr char kMissingEndState[] = "MISSING_END_STATE";
inline constexpr char kInvalidJsonDescription[] = "INVALID_JSON_DESCRIPTION";

struct ParseContext {
  MachineType machine_type = MachineType::kStandard;
  QueryLanguage top_level_language = QueryLanguage::kJsonPath;
  std::vector<Diagnostic> diagnostics;

  void Error(std::string message, std::optional<std::string> location,
             std::string code = kSchemaValidationFailed) {
    diagnostics.push_back(Diagnostic{"ERROR", std::move(code), std::move(message),
                                     std::move(location)});
  }
  size_t error_count() const { return diagnostics.size(); }
};

// "/States/A" + "Next" -> "/States/A/Next"; "/" + "States" -> "/States".
std::string Child(const std::string& base, std::string_view key);
// "/States/P/Branches" + 0 -> "/States/P/Branches[0]".
std::string Indexed(const std::string& base, size_t index);

// True for a JSONata expression string "{% ... %}".
bool IsJsonataExpression(const Json& value);

// Reports fields of `object` not in `allowed` ("Field 'X' is not supported").
void CheckAllowedFields(const Json& object, std::initializer_list<std::string_view> allowed,
                        const std::string& location, ParseContext& ctx);
// Reports the absent ones of `required` as one "These fields are required:
// [A, B]" diagnostic. Returns true when all are present.
bool CheckRequiredFields(const Json& object, std::initializer_list<std::string_view> required,
                         const std::string& location, ParseContext& ctx);

// A compiled path field: a JSONPath over the input/context, or a reference
// to a workflow variable. `ok` is false when a diagnostic was reported.
struct CompiledPath {
  bool ok = false;
  std::optional<dataflow::JsonPath> path;
  std::optional<VariableRef> var;
};
// A path field such as ItemsPath or SecondsPath (a string). `location` is the
// field's own location.
CompiledPath CompilePathField(const Json& value, std::string_view field,
                              const std::string& location, ParseContext& ctx);
// InputPath/OutputPath/ResultPath: a path or null (-> IoPath without path).
struct CompiledIoPath {
  bool ok = false;
  dataflow::IoPath io = dataflow::IoPath::Dollar();
  std::optional<VariableRef> var;
};
CompiledIoPath CompileIoPathField(const Json& value, std::string_view field,
                                  const std::string& location, ParseContext& ctx);
// Parameters / ResultSelector / ItemSelector.
std::optional<dataflow::Template> CompileTemplateField(const Json& value, std::string_view field,
                                                       const std::string& location,
                                                       ParseContext& ctx);

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

// Choices of a Choice state (`location` is the state's).
std::vector<ChoiceRulePtr> ParseChoices(const Json& choices, QueryLanguage language,
                                        const std::string& location, ParseContext& ctx);

// Task Resource checks (known integrations, Express restrictions).
void CheckResource(const std::string& resource, const std::string& location, ParseContext& ctx);

// Transition targets, terminal states and reachability of `body` and of the
// bodies nested in it.
void ValidateGraph(const StateMachineBody& body, const std::string& location, ParseContext& ctx);

// Jackson-like diagnostic for text that is not JSON.
Diagnostic JsonSyntaxDiagnostic(std::string_view text);

}  // namespace sfn::asl::internal
