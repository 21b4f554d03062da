#include "emulator/jsonata/references.h"

#include <algorithm>
#include <string>
#include <utility>

namespace sfn::jsonata {
namespace {

template <typename T>
void AddOnce(std::vector<T>& list, T item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

// The names `node` reads from the context item, when `node` runs at the top
// level.
void TopLevel(const Node* node, std::vector<std::string>& names) {
  if (node == nullptr) return;
  switch (node->type) {
    case NodeType::kPath:
      if (!node->steps.empty()) TopLevel(node->steps.front().get(), names);
      break;
    case NodeType::kName:
      AddOnce(names, node->value);
      break;
    case NodeType::kVariable:
      // `$` is the context item; `$$` (a variable named "$") its root.
      if (node->value.empty()) AddOnce(names, std::string("$"));
      if (node->value == "$") AddOnce(names, std::string("$$"));
      break;
    case NodeType::kUnary:
      if (node->value == "[") {
        for (const NodePtr& e : node->expressions) TopLevel(e.get(), names);
      } else if (node->value == "{") {
        for (const auto& [key, value] : node->object_pairs) {
          TopLevel(key.get(), names);
          TopLevel(value.get(), names);
        }
      } else {
        TopLevel(node->expression.get(), names);
      }
      break;
    case NodeType::kBinary:
    case NodeType::kApply:
      TopLevel(node->lhs.get(), names);
      TopLevel(node->rhs.get(), names);
      break;
    case NodeType::kFunction:
    case NodeType::kPartial:
      TopLevel(node->procedure.get(), names);
      for (const NodePtr& a : node->arguments) TopLevel(a.get(), names);
      break;
    case NodeType::kLambda:
      TopLevel(node->body.get(), names);
      break;
    case NodeType::kCondition:
      TopLevel(node->condition.get(), names);
      TopLevel(node->then.get(), names);
      TopLevel(node->otherwise.get(), names);
      break;
    case NodeType::kBlock:
      for (const NodePtr& e : node->expressions) TopLevel(e.get(), names);
      break;
    case NodeType::kBind:
      TopLevel(node->rhs.get(), names);
      break;
    default:
      // Literals, regular expressions, wildcards, descendants, parents,
      // transforms and sorts read no name of the top level.
      break;
  }
}

// Every `$variable.field` pair in `node`, at any depth.
void VariableFields(const Node* node, std::vector<std::pair<std::string, std::string>>& out) {
  if (node == nullptr) return;
  if (node->type == NodeType::kPath && node->steps.size() >= 2) {
    const Node& first = *node->steps[0];
    const Node& second = *node->steps[1];
    // "$$" is a variable named "$": the input's root, not a variable.
    if (first.type == NodeType::kVariable && !first.value.empty() && first.value != "$" &&
        second.type == NodeType::kName) {
      AddOnce(out, std::make_pair(first.value, second.value));
    }
  }
  auto each = [&](const std::vector<NodePtr>& nodes) {
    for (const NodePtr& n : nodes) VariableFields(n.get(), out);
  };
  auto stages = [&](const std::vector<Stage>& list) {
    for (const Stage& s : list) VariableFields(s.expr.get(), out);
  };
  for (const NodePtr* child :
       {&node->lhs, &node->rhs, &node->expression, &node->condition, &node->then, &node->otherwise,
        &node->pattern, &node->update, &node->remove, &node->procedure, &node->body}) {
    VariableFields(child->get(), out);
  }
  each(node->steps);
  each(node->expressions);
  each(node->arguments);
  stages(node->predicates);
  stages(node->stages);
  for (const auto& [key, value] : node->object_pairs) {
    VariableFields(key.get(), out);
    VariableFields(value.get(), out);
  }
  for (const SortTerm& t : node->terms) VariableFields(t.expression.get(), out);
  if (node->group) {
    for (const auto& [key, value] : node->group->pairs) {
      VariableFields(key.get(), out);
      VariableFields(value.get(), out);
    }
  }
}

}  // namespace

References FindReferences(const Node& root) {
  References refs;
  TopLevel(&root, refs.input_names);
  VariableFields(&root, refs.variable_fields);
  return refs;
}

}  // namespace sfn::jsonata
