#include "emulator/dataflow/template.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/reference.h"

namespace sfn::dataflow {

struct Template::Node {
  enum class Kind { kLiteral, kObject, kArray, kReference, kIntrinsic };
  struct Field {
    std::string key;         // output key (without `.$`)
    std::string source_key;  // key as written in the definition
    std::shared_ptr<const Node> value;
  };

  Kind kind = Kind::kLiteral;
  Json literal;
  std::vector<Field> fields;
  std::vector<std::shared_ptr<const Node>> items;
  std::optional<Reference> reference;
  std::optional<Intrinsic> intrinsic;
};

namespace {

using Node = Template::Node;

bool IsDynamicKey(const std::string& key) {
  return key.size() >= 2 && key.compare(key.size() - 2, 2, ".$") == 0;
}

Result<std::shared_ptr<const Node>> CompileDynamic(const std::string& key, const Json& value) {
  auto invalid = [&] {
    return Status(ErrorCode::kInvalidDefinition,
                  "The value for the field '" + key +
                      "' must be a valid JSONPath or a valid intrinsic function call");
  };
  if (!value.is_string()) return invalid();
  const auto& text = value.get_ref<const std::string&>();
  auto node = std::make_shared<Node>();
  if (Intrinsic::LooksLikeIntrinsic(text)) {
    auto intrinsic = Intrinsic::Parse(text);
    if (!intrinsic.ok()) return invalid();
    node->kind = Node::Kind::kIntrinsic;
    node->intrinsic = std::move(intrinsic).value();
  } else {
    auto reference = Reference::Parse(text);
    if (!reference.ok()) return invalid();
    node->kind = Node::Kind::kReference;
    node->reference = std::move(reference).value();
  }
  return std::shared_ptr<const Node>(std::move(node));
}

Result<std::shared_ptr<const Node>> CompileNode(const Json& value) {
  auto node = std::make_shared<Node>();
  bool dynamic = false;
  if (value.is_object()) {
    node->kind = Node::Kind::kObject;
    for (const auto& [key, child] : value.items()) {
      Node::Field field;
      field.source_key = key;
      if (IsDynamicKey(key)) {
        field.key = key.substr(0, key.size() - 2);
        SFN_ASSIGN_OR_RETURN(field.value, CompileDynamic(key, child));
      } else {
        field.key = key;
        SFN_ASSIGN_OR_RETURN(field.value, CompileNode(child));
      }
      dynamic = dynamic || field.value->kind != Node::Kind::kLiteral;
      node->fields.push_back(std::move(field));
    }
  } else if (value.is_array()) {
    node->kind = Node::Kind::kArray;
    for (const auto& child : value) {
      SFN_ASSIGN_OR_RETURN(auto item, CompileNode(child));
      dynamic = dynamic || item->kind != Node::Kind::kLiteral;
      node->items.push_back(std::move(item));
    }
  }
  if (!dynamic) {
    auto literal = std::make_shared<Node>();
    literal->kind = Node::Kind::kLiteral;
    literal->literal = value;
    return std::shared_ptr<const Node>(std::move(literal));
  }
  return std::shared_ptr<const Node>(std::move(node));
}

Outcome<Json> EvaluateNode(const Node& node, const EvalScope& scope, const std::string& field) {
  switch (node.kind) {
    case Node::Kind::kLiteral:
      return node.literal;
    case Node::Kind::kObject: {
      Json out = Json::object();
      for (const auto& f : node.fields) {
        auto value = EvaluateNode(*f.value, scope, f.source_key);
        if (!value.ok()) return value;
        out[f.key] = std::move(value).value();
      }
      return out;
    }
    case Node::Kind::kArray: {
      Json out = Json::array();
      for (const auto& item : node.items) {
        auto value = EvaluateNode(*item, scope, field);
        if (!value.ok()) return value;
        out.push_back(std::move(value).value());
      }
      return out;
    }
    case Node::Kind::kReference: {
      Outcome<std::optional<Json>> value = node.reference->Evaluate(scope);
      if (!value.ok()) return value.failure();
      if (value.value()) return std::move(*value.value());
      const Json* document = node.reference->Document(scope);
      return Failure{errors::kRuntime, "The JSONPath '" + node.reference->text() +
                                           "' specified for the field '" + field +
                                           "' could not be found in the input '" +
                                           DumpJson(document ? *document : scope.input) + "'"};
    }
    case Node::Kind::kIntrinsic:
      return node.intrinsic->Evaluate(scope);
  }
  return Json();
}

}  // namespace

Result<Template> Template::Compile(const Json& templ) {
  SFN_ASSIGN_OR_RETURN(auto root, CompileNode(templ));
  Template t;
  t.root_ = std::move(root);
  return t;
}

Outcome<Json> Template::Evaluate(const EvalScope& scope) const {
  if (!root_) return Json();
  try {
    return EvaluateNode(*root_, scope, "");
  } catch (const std::exception& e) {
    return Failure{errors::kRuntime,
                   std::string("Failed to evaluate the payload template: ") + e.what()};
  }
}

}  // namespace sfn::dataflow
