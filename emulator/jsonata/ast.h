// The syntax tree of a compiled JSONata expression, after jsonata-js's
// post-parse stage (paths flattened into steps with their predicates, stages,
// focus/index bindings, group-by and parent slots resolved).
//
// Built once by Parse() and never changed after: an Expression shares one
// tree between every evaluation and every thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/jsonata/value.h"

namespace sfn::jsonata {

class Signature;
class Regex;

enum class NodeType : uint8_t {
  kPath,
  kBinary,
  kUnary,
  kName,
  kString,
  kNumber,
  kValue,  // true, false, null
  kWildcard,
  kDescendant,
  kParent,
  kCondition,
  kBlock,
  kBind,
  kRegex,
  kFunction,
  kVariable,
  kLambda,
  kPartial,
  kApply,
  kTransform,
  kSort,
  kOperator,  // raw operator token (the '?' placeholder of partial application)
  kEnd,
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

// The 'parent' slot of a `%` step: which ancestor label it reads.
struct Slot {
  std::string label;
  int level = 1;
  int index = 0;
};

struct Stage {
  bool is_index = false;  // a '#$var' binding between predicates
  NodePtr expr;           // the predicate
  std::string name;       // the index variable
  int64_t position = 0;
};

struct SortTerm {
  bool descending = false;
  NodePtr expression;
};

struct Group {
  std::vector<std::pair<NodePtr, NodePtr>> pairs;
  int64_t position = 0;
};

struct Node {
  NodeType type = NodeType::kEnd;
  std::string value;  // operator, name, variable name, string literal
  double number = 0;
  Value literal;  // kString / kNumber / kValue
  int64_t position = 0;

  NodePtr lhs, rhs;
  NodePtr expression;  // unary operand
  NodePtr condition, then, otherwise;
  NodePtr pattern, update, remove;  // transform
  NodePtr procedure, body;
  std::vector<NodePtr> steps;                             // path
  std::vector<NodePtr> expressions;                       // block, array constructor
  std::vector<NodePtr> arguments;                         // function call, partial, lambda params
  std::vector<std::pair<NodePtr, NodePtr>> object_pairs;  // object constructor
  std::vector<Stage> predicates;                          // filters on a non-path expression
  std::vector<Stage> stages;                              // filters and index bindings on a step
  std::vector<SortTerm> terms;
  std::unique_ptr<Group> group;
  std::shared_ptr<const Signature> signature;
  std::shared_ptr<const Regex> regex;

  bool keep_array = false;
  bool keep_singleton_array = false;
  bool cons_array = false;
  bool tuple = false;
  bool thunk = false;
  bool has_focus = false;
  bool has_index = false;
  std::string focus;         // '@$var' binding
  std::string index;         // '#$var' binding
  Slot* slot = nullptr;      // kParent
  Slot* ancestor = nullptr;  // a step that binds an ancestor label
  std::vector<Slot*> seeking_parent;
};

}  // namespace sfn::jsonata
