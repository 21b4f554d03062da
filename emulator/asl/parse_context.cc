#include "emulator/asl/parse_context.h"

#include <cctype>

#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/jsonata_expression.h"

namespace sfn::asl::internal {
namespace {

bool IsVariableStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

// A `.$` value inside a payload template: path, context path, variable path
// or intrinsic call.
bool IsValidDynamicValue(const std::string& text) {
  if (SplitVariablePath(text)) {
    auto split = SplitVariablePath(text);
    return dataflow::JsonPath::Compile(split->second).ok();
  }
  if (!text.empty() && text[0] == '$') return dataflow::JsonPath::Compile(text).ok();
  if (dataflow::Intrinsic::LooksLikeIntrinsic(text)) return dataflow::Intrinsic::Parse(text).ok();
  return false;
}

void CheckTemplateValues(const Json& value, const std::string& location, ParseContext& ctx) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      bool dynamic = key.size() >= 2 && key.compare(key.size() - 2, 2, ".$") == 0;
      if (dynamic) {
        if (!it.value().is_string() || !IsValidDynamicValue(it.value().get<std::string>())) {
          ctx.Error("The value for the field '" + key +
                        "' must be a valid JSONPath or a valid intrinsic function call",
                    location);
        }
      } else {
        CheckTemplateValues(it.value(), location, ctx);
      }
    }
  } else if (value.is_array()) {
    for (const Json& element : value) CheckTemplateValues(element, location, ctx);
  }
}

}  // namespace

std::string Child(const std::string& base, std::string_view key) {
  if (base == "/") return "/" + std::string(key);
  return base + "/" + std::string(key);
}

std::string Indexed(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

bool IsJsonataExpression(const Json& value) { return dataflow::IsJsonataText(value); }

std::string_view QueryLanguageName(QueryLanguage language) {
  return language == QueryLanguage::kJsonata ? "JSONata" : "JSONPath";
}

void CheckFields(const Json& object, FieldOwner owner, QueryLanguage language,
                 const std::string& location, ParseContext& ctx, StateType type) {
  const QueryLanguage other =
      language == QueryLanguage::kJsonata ? QueryLanguage::kJsonPath : QueryLanguage::kJsonata;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (FieldAllowed(owner, type, language, it.key())) continue;
    if (FieldAllowed(owner, type, other, it.key())) {
      // A field of the other query language ("Transforming data with
      // JSONata in Step Functions": InputPath, Parameters, ... are JSONPath
      // only; Arguments, Output, Items JSONata only).
      ctx.Error("The QueryLanguage is set to '" + std::string(QueryLanguageName(language)) +
                    "', but field '" + it.key() + "' is only supported for the '" +
                    std::string(QueryLanguageName(other)) + "' QueryLanguage",
                location);
    } else {
      ctx.Error("Field '" + it.key() + "' is not supported", location);
    }
  }
}

bool CheckRequiredFields(const Json& object, std::initializer_list<std::string_view> required,
                         const std::string& location, ParseContext& ctx) {
  std::string missing;
  for (std::string_view name : required) {
    if (!object.contains(name)) {
      if (!missing.empty()) missing += ", ";
      missing += name;
    }
  }
  if (missing.empty()) return true;
  ctx.Error("These fields are required: [" + missing + "]", location);
  return false;
}

std::optional<std::pair<std::string, std::string>> SplitVariablePath(std::string_view text) {
  if (text.size() < 2 || text[0] != '$' || !IsVariableStart(text[1])) return std::nullopt;
  size_t end = 1;
  while (end < text.size() &&
         (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
    ++end;
  }
  return std::make_pair(std::string(text.substr(1, end - 1)), "$" + std::string(text.substr(end)));
}

std::optional<Field> CompilePathField(const Json& value, std::string_view field,
                                      const std::string& location, ParseContext& ctx) {
  std::string message =
      "The value for the field '" + std::string(field) + "' must be a valid JSONPath";
  if (!value.is_string()) {
    ctx.Error(message, location);
    return std::nullopt;
  }
  const std::string& text = value.get_ref<const std::string&>();
  if (auto split = SplitVariablePath(text)) {
    auto compiled = dataflow::JsonPath::Compile(split->second);
    if (!compiled.ok()) {
      ctx.Error(message, location);
      return std::nullopt;
    }
    return Field(std::string(field), dataflow::MakePath(dataflow::Reference::ForVariable(
                                         std::move(split->first), std::move(compiled).value())));
  }
  auto compiled = dataflow::JsonPath::Compile(text);
  if (text.empty() || text[0] != '$' || !compiled.ok()) {
    ctx.Error(message, location);
    return std::nullopt;
  }
  return Field(std::string(field),
               dataflow::MakePath(dataflow::Reference::ForPath(std::move(compiled).value())));
}

std::optional<Field> CompileIoPathField(const Json& value, std::string_view field,
                                        const std::string& location, ParseContext& ctx) {
  // "InputPath": null makes the effective input {} (and "OutputPath": null
  // the output): a constant.
  if (value.is_null()) return LiteralField(field, Json::object());
  return CompilePathField(value, field, location, ctx);
}

std::optional<dataflow::IoPath> CompileResultPath(const Json& value, const std::string& location,
                                                  ParseContext& ctx) {
  dataflow::IoPath io;
  if (value.is_null()) return io;
  std::optional<Field> path = CompilePathField(value, "ResultPath", location, ctx);
  if (!path) return std::nullopt;
  const dataflow::Reference* ref = path->reference();
  // A variable cannot be written: such a ResultPath is read as `$`, as it
  // always has been here.
  if (ref->root() == dataflow::Reference::Root::kVariable) return dataflow::IoPath::Dollar();
  io.path = ref->path();
  return io;
}

std::optional<Field> CompilePathOrIntrinsicField(const Json& value, std::string_view field,
                                                 const std::string& location, ParseContext& ctx) {
  if (value.is_string() &&
      dataflow::Intrinsic::LooksLikeIntrinsic(value.get_ref<const std::string&>())) {
    auto intrinsic = dataflow::Intrinsic::Parse(value.get_ref<const std::string&>());
    if (!intrinsic.ok()) {
      ctx.Error("The value for the field '" + std::string(field) +
                    "' must be a valid JSONPath or a valid intrinsic function call",
                location);
      return std::nullopt;
    }
    return Field(std::string(field), dataflow::MakeIntrinsic(std::move(intrinsic).value()));
  }
  return CompilePathField(value, field, location, ctx);
}

std::optional<Field> CompileTemplateField(const Json& value, std::string_view field,
                                          const std::string& location, ParseContext& ctx) {
  size_t before = ctx.error_count();
  CheckTemplateValues(value, location, ctx);
  if (ctx.error_count() != before) return std::nullopt;
  auto compiled = dataflow::Template::Compile(value);
  if (!compiled.ok()) {
    std::string message = compiled.status().message();
    if (message.empty())
      message = "The value for the field '" + std::string(field) + "' is invalid";
    ctx.Error(message, location);
    return std::nullopt;
  }
  return Field(std::string(field), dataflow::MakeTemplate(std::move(compiled).value(), value));
}

std::optional<Field> CompileJsonataField(const Json& value, std::string_view field,
                                         const std::string& location, ParseContext& ctx,
                                         dataflow::StatesAccess access,
                                         std::string_view runtime_location) {
  dataflow::CompiledJsonata compiled =
      dataflow::CompileJsonata(value, runtime_location.empty() ? field : runtime_location, access);
  for (const dataflow::JsonataDiagnostic& d : compiled.diagnostics) {
    ctx.Error(d.message, location + d.location, d.code);
  }
  if (!compiled.expression) return std::nullopt;
  return Field(std::string(field), std::move(compiled.expression));
}

std::optional<Field> CompileValueField(const Json& value, std::string_view field,
                                       QueryLanguage language, const std::string& location,
                                       ParseContext& ctx, dataflow::StatesAccess access,
                                       std::string_view runtime_location) {
  if (language == QueryLanguage::kJsonata) {
    return CompileJsonataField(value, field, location, ctx, access, runtime_location);
  }
  return CompileTemplateField(value, field, location, ctx);
}

Field LiteralField(std::string_view field, const Json& value) {
  return Field(std::string(field), dataflow::MakeLiteral(value));
}

std::optional<int64_t> IntegerField(const Json& value, std::string_view field, int64_t min,
                                    const std::string& location, ParseContext& ctx) {
  (void)field;
  if (!value.is_number_integer()) {
    // 5.0 is accepted as an integer by AWS's parser; other numbers are not.
    if (value.is_number_float()) {
      double d = value.get<double>();
      if (d == static_cast<double>(static_cast<int64_t>(d)) && d >= static_cast<double>(min)) {
        return static_cast<int64_t>(d);
      }
    }
    ctx.Error("Expected value of type: Integer", location);
    return std::nullopt;
  }
  int64_t v = value.is_number_unsigned() && value.get<uint64_t>() > INT64_MAX
                  ? INT64_MAX
                  : value.get<int64_t>();
  if (v < min) {
    ctx.Error("Value must be greater than or equal to " + std::to_string(min), location);
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> StringField(const Json& value, std::string_view field,
                                       const std::string& location, ParseContext& ctx) {
  (void)field;
  if (!value.is_string()) {
    ctx.Error("Expected value of type: String", location);
    return std::nullopt;
  }
  return value.get<std::string>();
}

}  // namespace sfn::asl::internal
