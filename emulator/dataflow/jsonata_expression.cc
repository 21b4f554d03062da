#include "emulator/dataflow/jsonata_expression.h"

#include <memory>
#include <utility>
#include <vector>

#include "emulator/jsonata/expression.h"

namespace sfn::dataflow {
namespace {

constexpr char kInvalid[] = "INVALID_JSONATA_EXPRESSION";
constexpr char kUnsupported[] = "UNSUPPORTED_JSONATA_EXPRESSION";

// One "{% ... %}" string: the compiled expression, its text between the
// delimiters and where it sits in its field.
struct Leaf {
  std::shared_ptr<const jsonata::Expression> expression;
  std::string source;    // inner text, trimmed: "$states.input"
  std::string location;  // "Output", "Assign/result", "Output/a[0]"
};

Failure QueryError(const Leaf& leaf, std::string what) {
  return Failure{errors::kQueryEvaluationError,
                 "The JSONata expression '" + leaf.source + "' specified for the field '" +
                     leaf.location + "' " + std::move(what),
                 leaf.location};
}

// Evaluates one expression over the scope: `$states` and the variables are
// borrowed, never copied.
Outcome<Json> EvaluateLeaf(const Leaf& leaf, const EvalScope& scope) {
  std::vector<jsonata::BorrowedBinding> bindings;
  if (scope.variables != nullptr && scope.variables->is_object()) {
    bindings.reserve(scope.variables->size() + 1);
    for (auto it = scope.variables->begin(); it != scope.variables->end(); ++it) {
      bindings.push_back(jsonata::BorrowedBinding{it.key(), &it.value(), {}});
    }
  }
  // Bound last: `$states` is reserved and wins over a variable of that name.
  jsonata::BorrowedBinding states{"states", nullptr, {}};
  states.members = {{"input", scope.states_input ? scope.states_input : &scope.input},
                    {"context", &scope.context}};
  if (scope.states_result) states.members.emplace_back("result", scope.states_result);
  if (scope.states_error_output) {
    states.members.emplace_back("errorOutput", scope.states_error_output);
  }
  bindings.push_back(std::move(states));
  jsonata::Environment env;
  env.now = scope.now;
  env.random = scope.random;
  jsonata::Expected<jsonata::Evaluation> r = leaf.expression->Evaluate(nullptr, bindings, env);
  if (!r.ok()) {
    return QueryError(
        leaf, "threw an error during evaluation. " + r.error().code + ": " + r.error().message);
  }
  if (r.value().is_function) return QueryError(leaf, "returned an unsupported result type.");
  if (!r.value().value) return QueryError(leaf, "returned nothing (undefined).");
  return std::move(*r.value().value);
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A JSON value with expressions at some of its leaves.
struct NodeField;
struct Node {
  enum class Kind { kLiteral, kExpression, kObject, kArray };
  Kind kind = Kind::kLiteral;
  Json literal;
  Leaf leaf;
  // A named struct, not std::pair<std::string, Node>: a vector may hold an
  // incomplete type, a pair may not (clang with libstdc++ checks the pair's
  // traits while Node is still incomplete).
  std::vector<NodeField> fields;
  std::vector<Node> items;
};
struct NodeField {
  std::string key;
  Node node;
};

// What a compilation collects: the diagnostics, with locations below the
// field ("/a", "[0]").
struct Compiler {
  StatesAccess access;
  std::string root;  // the field's location, stripped from the leaves' ones
  std::vector<JsonataDiagnostic> diagnostics;

  void Check(const jsonata::References& refs, const std::string& below) {
    for (const std::string& name : refs.input_names) {
      diagnostics.push_back(
          {kUnsupported, "Reference to '" + name + "' at the top level is not supported.", below});
    }
    for (const auto& [variable, field] : refs.variable_fields) {
      if (variable != "states") continue;
      bool known = field == "input" || field == "context" || (field == "result" && access.result) ||
                   (field == "errorOutput" && access.error_output);
      if (!known) {
        diagnostics.push_back(
            {kUnsupported, "Field '$states." + field + "' does not exist.", below});
      }
    }
  }

  Node Build(const Json& value, const std::string& location) {
    Node node;
    std::string below = location.substr(root.size());
    if (IsJsonataText(value)) {
      const std::string& s = value.get_ref<const std::string&>();
      node.kind = Node::Kind::kExpression;
      node.leaf.source = Trimmed(std::string_view(s).substr(2, s.size() - 4));
      node.leaf.location = location;
      auto compiled = jsonata::Expression::Compile(node.leaf.source);
      if (!compiled.ok()) {
        diagnostics.push_back({kInvalid, compiled.error().message, below});
      } else {
        node.leaf.expression = std::move(compiled).value();
        Check(node.leaf.expression->references(), below);
      }
    } else if (value.is_object() && ContainsJsonata(value)) {
      node.kind = Node::Kind::kObject;
      for (auto it = value.begin(); it != value.end(); ++it) {
        node.fields.push_back(NodeField{it.key(), Build(*it, location + "/" + it.key())});
      }
    } else if (value.is_array() && ContainsJsonata(value)) {
      node.kind = Node::Kind::kArray;
      for (size_t i = 0; i < value.size(); ++i) {
        node.items.push_back(Build(value[i], location + "[" + std::to_string(i) + "]"));
      }
    } else {
      node.literal = value;
    }
    return node;
  }
};

Outcome<Json> EvaluateNode(const Node& node, const EvalScope& scope) {
  switch (node.kind) {
    case Node::Kind::kLiteral:
      return node.literal;
    case Node::Kind::kExpression:
      return EvaluateLeaf(node.leaf, scope);
    case Node::Kind::kObject: {
      Json out = Json::object();
      for (const auto& [key, child] : node.fields) {
        Outcome<Json> v = EvaluateNode(child, scope);
        if (!v.ok()) return v;
        out[key] = std::move(v).value();
      }
      return out;
    }
    case Node::Kind::kArray: {
      Json out = Json::array();
      for (const Node& child : node.items) {
        Outcome<Json> v = EvaluateNode(child, scope);
        if (!v.ok()) return v;
        out.push_back(std::move(v).value());
      }
      return out;
    }
  }
  return Json();
}

class JsonataField final : public Expression {
 public:
  JsonataField(Node root, std::string text, std::string location)
      : root_(std::move(root)), text_(std::move(text)), location_(std::move(location)) {}
  Outcome<Value> Evaluate(const EvalScope& scope) const override {
    Outcome<Json> v = EvaluateNode(root_, scope);
    if (!v.ok()) return v.failure();
    return Value(std::move(v).value());
  }
  ExpressionKind kind() const override { return ExpressionKind::kJsonata; }
  const std::string& text() const override { return text_; }
  const std::string& location() const override { return location_; }
  // The whole field's expression, when the field is one "{% ... %}" string.
  const Leaf* whole() const {
    return root_.kind == Node::Kind::kExpression ? &root_.leaf : nullptr;
  }

 private:
  Node root_;
  std::string text_;
  std::string location_;
};

}  // namespace

bool IsJsonataText(const Json& value) {
  if (!value.is_string()) return false;
  const std::string& s = value.get_ref<const std::string&>();
  return s.size() >= 4 && s.compare(0, 2, "{%") == 0 && s.compare(s.size() - 2, 2, "%}") == 0;
}

bool ContainsJsonata(const Json& value) {
  if (value.is_string()) return IsJsonataText(value);
  if (value.is_object() || value.is_array()) {
    for (const Json& child : value) {
      if (ContainsJsonata(child)) return true;
    }
  }
  return false;
}

CompiledJsonata CompileJsonata(const Json& value, std::string_view location, StatesAccess access) {
  CompiledJsonata out;
  if (!ContainsJsonata(value)) {
    out.expression = MakeLiteral(value);
    return out;
  }
  Compiler compiler{access, std::string(location), {}};
  Node root = compiler.Build(value, std::string(location));
  if (!compiler.diagnostics.empty()) {
    out.diagnostics = std::move(compiler.diagnostics);
    return out;
  }
  std::string text = value.is_string() ? value.get<std::string>() : DumpJson(value);
  out.expression =
      std::make_shared<JsonataField>(std::move(root), std::move(text), std::string(location));
  return out;
}

Failure UnexpectedJsonataType(const Expression& field, std::string_view expected,
                              const Json& value) {
  const auto* jsonata = dynamic_cast<const JsonataField*>(&field);
  const Leaf* leaf = jsonata ? jsonata->whole() : nullptr;
  Leaf fallback{nullptr, field.text(), field.location()};
  return QueryError(leaf ? *leaf : fallback, "returned an unexpected result type. Expected '" +
                                                 std::string(expected) + "', but was '" +
                                                 std::string(JsonTypeName(value)) +
                                                 "' for value: " + DumpJson(value));
}

}  // namespace sfn::dataflow
