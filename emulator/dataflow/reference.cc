#include "emulator/dataflow/reference.h"

#include <cctype>
#include <utility>

namespace sfn::dataflow {
namespace {

bool IsNameChar(char c, bool first) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x80 || c == '_' || std::isalpha(u)) return true;
  return !first && std::isdigit(u);
}

}  // namespace

bool Reference::LooksLikeVariable(std::string_view text) {
  return text.size() >= 2 && text[0] == '$' && IsNameChar(text[1], /*first=*/true);
}

Result<Reference> Reference::Parse(std::string_view text) {
  Reference ref;
  ref.text_ = std::string(text);
  if (LooksLikeVariable(text)) {
    size_t end = 1;
    while (end < text.size() && IsNameChar(text[end], end == 1)) ++end;
    ref.root_ = Root::kVariable;
    ref.variable_ = std::string(text.substr(1, end - 1));
    std::string rest = "$" + std::string(text.substr(end));
    auto path = JsonPath::Compile(rest);
    if (!path.ok()) {
      return Status(ErrorCode::kInvalidDefinition,
                    "The value '" + std::string(text) + "' is not a valid variable reference");
    }
    ref.path_ = std::move(path).value();
    return ref;
  }
  SFN_ASSIGN_OR_RETURN(ref.path_, JsonPath::Compile(text));
  ref.root_ = ref.path_.IsContextPath() ? Root::kContext : Root::kInput;
  return ref;
}

Reference Reference::ForPath(JsonPath path) {
  Reference ref;
  ref.text_ = path.text();
  ref.root_ = path.IsContextPath() ? Root::kContext : Root::kInput;
  ref.path_ = std::move(path);
  return ref;
}

Reference Reference::ForVariable(std::string name, JsonPath path) {
  Reference ref;
  ref.text_ = "$" + name + path.text().substr(1);
  ref.root_ = Root::kVariable;
  ref.variable_ = std::move(name);
  ref.path_ = std::move(path);
  return ref;
}

const Json* Reference::Document(const EvalScope& scope) const {
  switch (root_) {
    case Root::kInput:
      return &scope.input;
    case Root::kContext:
      return &scope.context;
    case Root::kVariable: {
      if (scope.variables == nullptr || !scope.variables->is_object()) return nullptr;
      auto it = scope.variables->find(variable_);
      return it == scope.variables->end() ? nullptr : &*it;
    }
  }
  return nullptr;
}

Outcome<std::optional<Json>> Reference::Evaluate(const EvalScope& scope) const {
  const Json* document = Document(scope);
  if (document == nullptr) return std::optional<Json>();
  return path_.Evaluate(*document);
}

}  // namespace sfn::dataflow
