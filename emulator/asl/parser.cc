#include "emulator/asl/parser.h"

#include <cctype>
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"
#include "emulator/asl/variable_references.h"

namespace sfn::asl {
namespace {

using internal::Child;
using internal::ParseContext;

bool IsBlank(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Parses and checks `text`; the definition is complete only when `ctx` has
// no diagnostics afterwards.
std::shared_ptr<Definition> Build(std::string_view text, ParseContext& ctx) {
  if (IsBlank(text)) {
    ctx.Error("Definition must be a valid JSON object", std::nullopt);
    return nullptr;
  }
  Result<Json> parsed = ParseJson(text, ErrorCode::kInvalidDefinition);
  if (!parsed.ok()) {
    ctx.diagnostics.push_back(internal::JsonSyntaxDiagnostic(text));
    return nullptr;
  }
  Json root = std::move(parsed).value();
  if (!root.is_object()) {
    ctx.Error("Definition must be a valid JSON object", std::nullopt);
    return nullptr;
  }
  auto definition = std::make_shared<Definition>();
  definition->raw = root;
  definition->variable_references = VariableReferences(root);
  const std::string top = "/";
  internal::CheckFields(root, FieldOwner::kTopLevel, QueryLanguage::kJsonPath, top, ctx);
  if (root.contains("QueryLanguage")) {
    const Json& ql = root.at("QueryLanguage");
    if (ql == "JSONata") {
      definition->query_language = QueryLanguage::kJsonata;
    } else if (ql != "JSONPath") {
      ctx.Error("QueryLanguage must be one of [JSONPath, JSONata]", Child(top, "QueryLanguage"));
    }
  }
  ctx.top_level_language = definition->query_language;
  if (root.contains("Comment")) {
    definition->comment =
        internal::StringField(root.at("Comment"), "Comment", Child(top, "Comment"), ctx);
  }
  if (root.contains("Version")) {
    definition->version =
        internal::StringField(root.at("Version"), "Version", Child(top, "Version"), ctx);
  }
  if (root.contains("TimeoutSeconds")) {
    definition->timeout_seconds = internal::IntegerField(
        root.at("TimeoutSeconds"), "TimeoutSeconds", 1, Child(top, "TimeoutSeconds"), ctx);
  }
  auto body = internal::ParseBody(root, top, /*item_processor=*/false, ctx);
  if (body) definition->body = std::move(*body);
  if (ctx.diagnostics.empty()) {
    internal::ValidateGraph(definition->body, top, ctx, /*nested_only=*/ctx.single_state);
  }
  return definition;
}

// Joins the ERROR diagnostics into AWS's InvalidDefinition message.
Result<DefinitionPtr> Finished(std::shared_ptr<Definition> definition, const ParseContext& ctx) {
  std::string joined;
  for (const Diagnostic& d : ctx.diagnostics) {
    if (d.severity != "ERROR") continue;
    if (!joined.empty()) joined += ", ";
    joined += d.code + ": " + d.message;
    // A JSON syntax message already ends with its own " at [Source: ...]".
    if (d.code != internal::kInvalidJsonDescription) {
      joined += " at " + d.location.value_or("null");
    }
  }
  if (!joined.empty() || !definition) {
    return Status(ErrorCode::kInvalidDefinition,
                  "Invalid State Machine Definition: '" + joined + "'");
  }
  return DefinitionPtr(std::move(definition));
}

}  // namespace

std::vector<Diagnostic> Validate(std::string_view text, MachineType type) {
  ParseContext ctx;
  ctx.machine_type = type;
  try {
    Build(text, ctx);
  } catch (const std::exception& e) {
    ctx.Error(std::string("Internal error while validating the definition: ") + e.what(),
              std::nullopt);
  }
  return std::move(ctx.diagnostics);
}

Result<DefinitionPtr> Parse(std::string_view text, MachineType type) {
  ParseContext ctx;
  ctx.machine_type = type;
  std::shared_ptr<Definition> definition;
  try {
    definition = Build(text, ctx);
  } catch (const std::exception& e) {
    ctx.Error(std::string("Internal error while parsing the definition: ") + e.what(),
              std::nullopt);
  }
  return Finished(std::move(definition), ctx);
}

Result<DefinitionPtr> ParseSingleState(std::string_view text) {
  ParseContext ctx;
  ctx.single_state = true;
  std::shared_ptr<Definition> definition;
  // Too deep to parse safely: refused with Jackson's words before the parser
  // runs (core/json.h).
  if (JsonTextDepth(text) > kMaxJsonDepth) {
    ctx.diagnostics.push_back(internal::JsonSyntaxDiagnostic(text));
    return Finished(nullptr, ctx);
  }
  try {
    Json state = Json::parse(text.begin(), text.end());
    Json machine = {{"StartAt", kSingleStateName}, {"States", {{kSingleStateName, state}}}};
    definition = Build(machine.dump(), ctx);
  } catch (const Json::exception&) {
    ctx.diagnostics.push_back(internal::JsonSyntaxDiagnostic(text));
  } catch (const std::exception& e) {
    ctx.Error(std::string("Internal error while parsing the definition: ") + e.what(),
              std::nullopt);
  }
  return Finished(std::move(definition), ctx);
}

}  // namespace sfn::asl
