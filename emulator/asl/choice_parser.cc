// Parsing of Choice rules (Amazon States Language, "Choice Rules").
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"
#include "emulator/core/time.h"

namespace sfn::asl::internal {
namespace {

enum class OperandKind { kString, kNumeric, kBoolean, kTimestamp, kTypeTest };

struct OperatorInfo {
  const char* name;
  ComparisonOp op;
  OperandKind kind;
  bool has_path_variant;
};

constexpr OperatorInfo kOperators[] = {
    {"StringEquals", ComparisonOp::kStringEquals, OperandKind::kString, true},
    {"StringLessThan", ComparisonOp::kStringLessThan, OperandKind::kString, true},
    {"StringGreaterThan", ComparisonOp::kStringGreaterThan, OperandKind::kString, true},
    {"StringLessThanEquals", ComparisonOp::kStringLessThanEquals, OperandKind::kString, true},
    {"StringGreaterThanEquals", ComparisonOp::kStringGreaterThanEquals, OperandKind::kString, true},
    {"StringMatches", ComparisonOp::kStringMatches, OperandKind::kString, false},
    {"NumericEquals", ComparisonOp::kNumericEquals, OperandKind::kNumeric, true},
    {"NumericLessThan", ComparisonOp::kNumericLessThan, OperandKind::kNumeric, true},
    {"NumericGreaterThan", ComparisonOp::kNumericGreaterThan, OperandKind::kNumeric, true},
    {"NumericLessThanEquals", ComparisonOp::kNumericLessThanEquals, OperandKind::kNumeric, true},
    {"NumericGreaterThanEquals", ComparisonOp::kNumericGreaterThanEquals, OperandKind::kNumeric,
     true},
    {"BooleanEquals", ComparisonOp::kBooleanEquals, OperandKind::kBoolean, true},
    {"TimestampEquals", ComparisonOp::kTimestampEquals, OperandKind::kTimestamp, true},
    {"TimestampLessThan", ComparisonOp::kTimestampLessThan, OperandKind::kTimestamp, true},
    {"TimestampGreaterThan", ComparisonOp::kTimestampGreaterThan, OperandKind::kTimestamp, true},
    {"TimestampLessThanEquals", ComparisonOp::kTimestampLessThanEquals, OperandKind::kTimestamp,
     true},
    {"TimestampGreaterThanEquals", ComparisonOp::kTimestampGreaterThanEquals,
     OperandKind::kTimestamp, true},
    {"IsNull", ComparisonOp::kIsNull, OperandKind::kTypeTest, false},
    {"IsPresent", ComparisonOp::kIsPresent, OperandKind::kTypeTest, false},
    {"IsNumeric", ComparisonOp::kIsNumeric, OperandKind::kTypeTest, false},
    {"IsString", ComparisonOp::kIsString, OperandKind::kTypeTest, false},
    {"IsBoolean", ComparisonOp::kIsBoolean, OperandKind::kTypeTest, false},
    {"IsTimestamp", ComparisonOp::kIsTimestamp, OperandKind::kTypeTest, false},
};

// The operator named `key` (with or without the `Path` suffix).
const OperatorInfo* FindOperator(const std::string& key, bool& is_path) {
  for (const OperatorInfo& info : kOperators) {
    if (key == info.name) {
      is_path = false;
      return &info;
    }
    if (info.has_path_variant && key.size() == std::string_view(info.name).size() + 4 &&
        key.compare(0, key.size() - 4, info.name) == 0 &&
        key.compare(key.size() - 4, 4, "Path") == 0) {
      is_path = true;
      return &info;
    }
  }
  return nullptr;
}

bool IsBooleanOperator(const std::string& key) {
  return key == "And" || key == "Or" || key == "Not";
}

ChoiceRulePtr ParseRule(const Json& object, bool top_level, const std::string& location,
                        ParseContext& ctx);

// The literal operand's type check; reports and returns false on mismatch.
bool CheckOperand(const OperatorInfo& info, const std::string& key, const Json& value,
                  const std::string& location, ParseContext& ctx) {
  std::string loc = Child(location, key);
  switch (info.kind) {
    case OperandKind::kString:
      if (!value.is_string()) {
        ctx.Error("Expected value of type: String", loc);
        return false;
      }
      return true;
    case OperandKind::kNumeric:
      if (!value.is_number()) {
        ctx.Error("Expected value of type: Number", loc);
        return false;
      }
      return true;
    case OperandKind::kBoolean:
    case OperandKind::kTypeTest:
      if (!value.is_boolean()) {
        ctx.Error("Expected value of type: Boolean", loc);
        return false;
      }
      return true;
    case OperandKind::kTimestamp:
      if (!value.is_string() || !ParseRfc3339(value.get_ref<const std::string&>())) {
        ctx.Error("String does not match RFC3339 timestamp", loc);
        return false;
      }
      return true;
  }
  return false;
}

void ParseComparison(const Json& object, const std::string& key, const OperatorInfo& info,
                     bool is_path, ChoiceRule& rule, const std::string& location,
                     ParseContext& ctx) {
  rule.kind = ChoiceRule::Kind::kComparison;
  rule.op = info.op;
  rule.op_name = key;
  if (!object.contains("Variable")) {
    ctx.Error("These fields are required: [Variable]", location);
  } else {
    rule.variable =
        CompilePathField(object.at("Variable"), "Variable", Child(location, "Variable"), ctx);
  }
  const Json& value = object.at(key);
  if (is_path) {
    rule.operand_path = CompilePathField(value, key, Child(location, key), ctx);
  } else if (CheckOperand(info, key, value, location, ctx)) {
    rule.operand = value;
  }
}

void ParseBooleanOperator(const Json& object, const std::string& key, ChoiceRule& rule,
                          const std::string& location, ParseContext& ctx) {
  const Json& value = object.at(key);
  std::string loc = Child(location, key);
  if (key == "Not") {
    rule.kind = ChoiceRule::Kind::kNot;
    if (!value.is_object()) {
      ctx.Error("Expected value of type: Object", loc);
      return;
    }
    if (auto child = ParseRule(value, /*top_level=*/false, loc, ctx)) {
      rule.children.push_back(std::move(child));
    }
    return;
  }
  rule.kind = key == "And" ? ChoiceRule::Kind::kAnd : ChoiceRule::Kind::kOr;
  if (!value.is_array() || value.empty()) {
    ctx.Error("Expected value of type: non-empty Array", loc);
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    std::string child_loc = Indexed(loc, i);
    if (!value[i].is_object()) {
      ctx.Error("Expected value of type: Object", child_loc);
      continue;
    }
    if (auto child = ParseRule(value[i], /*top_level=*/false, child_loc, ctx)) {
      rule.children.push_back(std::move(child));
    }
  }
}

ChoiceRulePtr ParseRule(const Json& object, bool top_level, const std::string& location,
                        ParseContext& ctx) {
  auto rule = std::make_shared<ChoiceRule>();
  std::string op_key;
  int op_count = 0;
  const OperatorInfo* info = nullptr;
  bool is_path = false;
  for (auto it = object.begin(); it != object.end(); ++it) {
    const std::string& key = it.key();
    if (key == "Variable" || key == "Comment" ||
        (top_level && (key == "Next" || key == "Assign"))) {
      continue;
    }
    bool path_variant = false;
    const OperatorInfo* found = FindOperator(key, path_variant);
    if (found || IsBooleanOperator(key)) {
      ++op_count;
      op_key = key;
      info = found;
      is_path = path_variant;
      continue;
    }
    ctx.Error("Field '" + key + "' is not supported", location);
  }
  if (top_level && !object.contains("Next")) {
    ctx.Error("These fields are required: [Next]", location);
  }
  if (op_count != 1) {
    ctx.Error(op_count == 0 ? "A Choice Rule must contain exactly one comparison operator or "
                              "one of [And, Or, Not]"
                            : "A Choice Rule must not contain more than one comparison "
                              "operator",
              location);
    return rule;
  }
  if (info) {
    ParseComparison(object, op_key, *info, is_path, *rule, location, ctx);
  } else {
    if (object.contains("Variable")) ctx.Error("Field 'Variable' is not supported", location);
    ParseBooleanOperator(object, op_key, *rule, location, ctx);
  }
  if (top_level) {
    if (object.contains("Next")) {
      if (auto next = StringField(object.at("Next"), "Next", Child(location, "Next"), ctx)) {
        rule->next = *next;
      }
    }
    // A JSONPath Assign that is not an object has never been checked here.
    if (object.contains("Assign") && object.at("Assign").is_object()) {
      rule->assign_template =
          CompileTemplateField(object.at("Assign"), "Assign", Child(location, "Assign"), ctx);
    }
  }
  return rule;
}

ChoiceRulePtr ParseJsonataRule(const Json& object, size_t index, const std::string& location,
                               ParseContext& ctx) {
  auto rule = std::make_shared<ChoiceRule>();
  // AWS names a rule's fields under its index in causes ("Choices[0]/Condition").
  std::string runtime_root = "Choices[" + std::to_string(index) + "]/";
  rule->kind = ChoiceRule::Kind::kCondition;
  CheckFields(object, FieldOwner::kJsonataChoiceRule, QueryLanguage::kJsonata, location, ctx);
  CheckRequiredFields(object, {"Condition", "Next"}, location, ctx);
  if (object.contains("Condition")) {
    const Json& condition = object.at("Condition");
    std::string loc = Child(location, "Condition");
    if (!condition.is_boolean() && !IsJsonataExpression(condition)) {
      ctx.Error("The value for the field 'Condition' must be a boolean or a JSONata expression",
                loc);
    } else {
      rule->condition =
          CompileJsonataField(condition, "Condition", loc, ctx, {}, runtime_root + "Condition");
    }
  }
  if (object.contains("Next")) {
    if (auto next = StringField(object.at("Next"), "Next", Child(location, "Next"), ctx)) {
      rule->next = *next;
    }
  }
  if (object.contains("Assign")) {
    rule->assign_template = CompileJsonataField(
        object.at("Assign"), "Assign", Child(location, "Assign"), ctx, {}, runtime_root + "Assign");
  }
  if (object.contains("Output")) {
    rule->output = CompileJsonataField(object.at("Output"), "Output", Child(location, "Output"),
                                       ctx, {}, runtime_root + "Output");
  }
  return rule;
}

}  // namespace

std::vector<ChoiceRulePtr> ParseChoices(const Json& choices, QueryLanguage language,
                                        const std::string& location, ParseContext& ctx) {
  std::vector<ChoiceRulePtr> out;
  std::string loc = Child(location, "Choices");
  if (!choices.is_array() || choices.empty()) {
    ctx.Error("Choices must be a non-empty array", loc);
    return out;
  }
  for (size_t i = 0; i < choices.size(); ++i) {
    std::string rule_loc = Indexed(loc, i);
    if (!choices[i].is_object()) {
      ctx.Error("Expected value of type: Object", rule_loc);
      continue;
    }
    ChoiceRulePtr rule = language == QueryLanguage::kJsonata
                             ? ParseJsonataRule(choices[i], i, rule_loc, ctx)
                             : ParseRule(choices[i], /*top_level=*/true, rule_loc, ctx);
    if (rule) out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace sfn::asl::internal
