#include "emulator/dataflow/jsonata_expression.h"

#include <memory>
#include <utility>
#include <vector>

namespace sfn::dataflow {
namespace {

// One "{% ... %}" string: the expression between the delimiters and where it
// sits in its field.
struct Leaf {
  std::string source;    // inner text, trimmed: "$states.input"
  std::string location;  // "Output", "Assign/result"
};

// Evaluates one expression. The JSONata language engine plugs in here.
Outcome<Value> EvaluateLeaf(const Leaf& leaf, const EvalScope& scope) {
  (void)leaf;
  (void)scope;
  return Failure{errors::kRuntime, kJsonataNotSupported};
}

Outcome<Json> Defined(const Leaf& leaf, const EvalScope& scope) {
  Outcome<Value> v = EvaluateLeaf(leaf, scope);
  if (!v.ok()) return v.failure();
  if (!v.value()) {
    return Failure{errors::kQueryEvaluationError,
                   "The JSONata expression '" + leaf.source + "' specified for the field '" +
                       leaf.location + "' returned nothing (undefined)."};
  }
  return std::move(*std::move(v).value());
}

std::string Trimmed(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// A JSON value with expressions at some of its leaves.
struct Node {
  enum class Kind { kLiteral, kExpression, kObject, kArray };
  Kind kind = Kind::kLiteral;
  Json literal;
  Leaf leaf;
  std::vector<std::pair<std::string, Node>> fields;
  std::vector<Node> items;
};

Node Build(const Json& value, const std::string& location) {
  Node node;
  if (IsJsonataText(value)) {
    const std::string& s = value.get_ref<const std::string&>();
    node.kind = Node::Kind::kExpression;
    node.leaf = Leaf{Trimmed(std::string_view(s).substr(2, s.size() - 4)), location};
  } else if (value.is_object() && ContainsJsonata(value)) {
    node.kind = Node::Kind::kObject;
    for (auto it = value.begin(); it != value.end(); ++it) {
      node.fields.emplace_back(it.key(), Build(*it, location + "/" + it.key()));
    }
  } else if (value.is_array() && ContainsJsonata(value)) {
    node.kind = Node::Kind::kArray;
    for (size_t i = 0; i < value.size(); ++i) {
      node.items.push_back(Build(value[i], location + "/" + std::to_string(i)));
    }
  } else {
    node.literal = value;
  }
  return node;
}

Outcome<Json> EvaluateNode(const Node& node, const EvalScope& scope) {
  switch (node.kind) {
    case Node::Kind::kLiteral:
      return node.literal;
    case Node::Kind::kExpression:
      return Defined(node.leaf, scope);
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
  JsonataField(Node root, std::string text) : root_(std::move(root)), text_(std::move(text)) {}
  Outcome<Value> Evaluate(const EvalScope& scope) const override {
    Outcome<Json> v = EvaluateNode(root_, scope);
    if (!v.ok()) return v.failure();
    return Value(std::move(v).value());
  }
  ExpressionKind kind() const override { return ExpressionKind::kJsonata; }
  const std::string& text() const override { return text_; }

 private:
  Node root_;
  std::string text_;
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

Result<ExpressionPtr> CompileJsonata(const Json& value, std::string_view field) {
  if (!ContainsJsonata(value)) return MakeLiteral(value);
  Node root = Build(value, std::string(field));
  std::string text = value.is_string() ? value.get<std::string>() : DumpJson(value);
  return ExpressionPtr(std::make_shared<JsonataField>(std::move(root), std::move(text)));
}

}  // namespace sfn::dataflow
