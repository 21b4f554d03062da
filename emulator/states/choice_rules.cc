#include "emulator/states/choice_rules.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/time.h"
#include "emulator/dataflow/jsonata_expression.h"

namespace sfn::states {
namespace {

using asl::ChoiceRule;
using asl::ComparisonOp;

Failure InvalidPath(const std::string& text) {
  return Failure{errors::kRuntime,
                 "Invalid path '" + text +
                     "': The choice state's condition path references an invalid value."};
}

// The value a rule's `Variable` or `...Path` operand selects (over the input,
// `$$` or a workflow variable); nullopt when it selects nothing.
std::optional<Json> Resolve(const std::optional<dataflow::Field>& field,
                            const dataflow::EvalScope& scope) {
  if (!field) return std::nullopt;
  Outcome<dataflow::Value> v = field->Evaluate(scope);
  if (!v.ok()) return std::nullopt;  // paths never fail
  return std::move(v).value();
}

std::string TextOf(const std::optional<dataflow::Field>& field) {
  return field ? field->text() : std::string("$");
}

bool IsNumber(const Json& v) { return v.is_number(); }

// <0, 0, >0 as a is less than, equal to or greater than b (both numbers).
int CompareNumbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    bool a_big = a.is_number_unsigned() && a.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX);
    bool b_big = b.is_number_unsigned() && b.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX);
    if (a_big || b_big) {
      if (a_big && b_big) {
        uint64_t x = a.get<uint64_t>(), y = b.get<uint64_t>();
        return x < y ? -1 : (x > y ? 1 : 0);
      }
      return a_big ? 1 : -1;
    }
    int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  long double x = a.is_number_float()      ? static_cast<long double>(a.get<double>())
                  : a.is_number_unsigned() ? static_cast<long double>(a.get<uint64_t>())
                                           : static_cast<long double>(a.get<int64_t>());
  long double y = b.is_number_float()      ? static_cast<long double>(b.get<double>())
                  : b.is_number_unsigned() ? static_cast<long double>(b.get<uint64_t>())
                                           : static_cast<long double>(b.get<int64_t>());
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool Ordered(int cmp, ComparisonOp op) {
  switch (op) {
    case ComparisonOp::kStringEquals:
    case ComparisonOp::kNumericEquals:
    case ComparisonOp::kTimestampEquals:
      return cmp == 0;
    case ComparisonOp::kStringLessThan:
    case ComparisonOp::kNumericLessThan:
    case ComparisonOp::kTimestampLessThan:
      return cmp < 0;
    case ComparisonOp::kStringGreaterThan:
    case ComparisonOp::kNumericGreaterThan:
    case ComparisonOp::kTimestampGreaterThan:
      return cmp > 0;
    case ComparisonOp::kStringLessThanEquals:
    case ComparisonOp::kNumericLessThanEquals:
    case ComparisonOp::kTimestampLessThanEquals:
      return cmp <= 0;
    case ComparisonOp::kStringGreaterThanEquals:
    case ComparisonOp::kNumericGreaterThanEquals:
    case ComparisonOp::kTimestampGreaterThanEquals:
      return cmp >= 0;
    default:
      return false;
  }
}

// `*` matches any run of characters; `\*` is a literal star and `\\` a
// literal backslash.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  struct Token {
    bool wildcard;
    char c;
  };
  std::vector<Token> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      tokens.push_back({false, pattern[++i]});
    } else if (c == '*') {
      tokens.push_back({true, 0});
    } else {
      tokens.push_back({false, c});
    }
  }
  // Greedy matching with backtracking to the last wildcard.
  size_t t = 0, p = 0;
  size_t star = std::string_view::npos, star_text = 0;
  while (t < text.size()) {
    if (p < tokens.size() && !tokens[p].wildcard && tokens[p].c == text[t]) {
      ++p;
      ++t;
    } else if (p < tokens.size() && tokens[p].wildcard) {
      star = p++;
      star_text = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && tokens[p].wildcard) ++p;
  return p == tokens.size();
}

bool IsTimestampString(const Json& v) {
  return v.is_string() && ParseRfc3339(v.get_ref<const std::string&>()).has_value();
}

// `value` is the Variable's value, `operand` the literal or the value the
// `...Path` operand selected.
bool Compare(ComparisonOp op, const Json& value, const Json& operand) {
  switch (op) {
    case ComparisonOp::kStringEquals:
    case ComparisonOp::kStringLessThan:
    case ComparisonOp::kStringGreaterThan:
    case ComparisonOp::kStringLessThanEquals:
    case ComparisonOp::kStringGreaterThanEquals: {
      if (!value.is_string() || !operand.is_string()) return false;
      int cmp = value.get_ref<const std::string&>().compare(operand.get_ref<const std::string&>());
      return Ordered(cmp, op);
    }
    case ComparisonOp::kStringMatches:
      if (!value.is_string() || !operand.is_string()) return false;
      return GlobMatches(operand.get_ref<const std::string&>(),
                         value.get_ref<const std::string&>());
    case ComparisonOp::kNumericEquals:
    case ComparisonOp::kNumericLessThan:
    case ComparisonOp::kNumericGreaterThan:
    case ComparisonOp::kNumericLessThanEquals:
    case ComparisonOp::kNumericGreaterThanEquals:
      if (!IsNumber(value) || !IsNumber(operand)) return false;
      return Ordered(CompareNumbers(value, operand), op);
    case ComparisonOp::kBooleanEquals:
      if (!value.is_boolean() || !operand.is_boolean()) return false;
      return value.get<bool>() == operand.get<bool>();
    case ComparisonOp::kTimestampEquals:
    case ComparisonOp::kTimestampLessThan:
    case ComparisonOp::kTimestampGreaterThan:
    case ComparisonOp::kTimestampLessThanEquals:
    case ComparisonOp::kTimestampGreaterThanEquals: {
      if (!value.is_string() || !operand.is_string()) return false;
      auto a = ParseRfc3339(value.get_ref<const std::string&>());
      auto b = ParseRfc3339(operand.get_ref<const std::string&>());
      if (!a || !b) return false;
      return Ordered(*a < *b ? -1 : (*a > *b ? 1 : 0), op);
    }
    case ComparisonOp::kIsNull:
    case ComparisonOp::kIsPresent:
    case ComparisonOp::kIsNumeric:
    case ComparisonOp::kIsString:
    case ComparisonOp::kIsBoolean:
    case ComparisonOp::kIsTimestamp: {
      if (!operand.is_boolean()) return false;
      bool expected = operand.get<bool>();
      bool actual = false;
      switch (op) {
        case ComparisonOp::kIsNull:
          actual = value.is_null();
          break;
        case ComparisonOp::kIsPresent:
          actual = true;
          break;
        case ComparisonOp::kIsNumeric:
          actual = value.is_number();
          break;
        case ComparisonOp::kIsString:
          actual = value.is_string();
          break;
        case ComparisonOp::kIsBoolean:
          actual = value.is_boolean();
          break;
        case ComparisonOp::kIsTimestamp:
          actual = IsTimestampString(value);
          break;
        default:
          break;
      }
      return actual == expected;
    }
  }
  return false;
}

Outcome<bool> EvaluateComparison(const ChoiceRule& rule, const dataflow::EvalScope& scope) {
  std::optional<Json> value = Resolve(rule.variable, scope);
  if (rule.op == ComparisonOp::kIsPresent) {
    bool present = value.has_value();
    // An indefinite path that matches nothing yields an empty array.
    const dataflow::Reference* ref = rule.variable ? rule.variable->reference() : nullptr;
    if (present && ref && !ref->path().IsDefinite() && value->is_array() && value->empty()) {
      present = false;
    }
    return rule.operand.is_boolean() && present == rule.operand.get<bool>();
  }
  if (!value) return InvalidPath(TextOf(rule.variable));
  if (rule.operand_path) {
    std::optional<Json> operand = Resolve(rule.operand_path, scope);
    if (!operand) return InvalidPath(TextOf(rule.operand_path));
    return Compare(rule.op, *value, *operand);
  }
  return Compare(rule.op, *value, rule.operand);
}

// A JSONata rule's Condition: a literal boolean or an expression.
Outcome<bool> EvaluateCondition(const ChoiceRule& rule, const dataflow::EvalScope& scope) {
  if (!rule.condition) return false;
  Outcome<dataflow::Value> v = rule.condition->Evaluate(scope);
  if (!v.ok()) return v.failure();
  if (v.value() && v.value()->is_boolean()) return v.value()->get<bool>();
  return dataflow::UnexpectedJsonataType(rule.condition->expression(), "boolean",
                                         v.value() ? *v.value() : Json());
}

}  // namespace

Outcome<bool> EvaluateRule(const asl::ChoiceRule& rule, const dataflow::EvalScope& scope) {
  try {
    switch (rule.kind) {
      case ChoiceRule::Kind::kComparison:
        return EvaluateComparison(rule, scope);
      case ChoiceRule::Kind::kAnd:
        for (const asl::ChoiceRulePtr& child : rule.children) {
          Outcome<bool> r = EvaluateRule(*child, scope);
          if (!r.ok() || !r.value()) return r;
        }
        return true;
      case ChoiceRule::Kind::kOr:
        for (const asl::ChoiceRulePtr& child : rule.children) {
          Outcome<bool> r = EvaluateRule(*child, scope);
          if (!r.ok() || r.value()) return r;
        }
        return false;
      case ChoiceRule::Kind::kNot: {
        if (rule.children.empty()) return false;
        Outcome<bool> r = EvaluateRule(*rule.children.front(), scope);
        if (!r.ok()) return r;
        return !r.value();
      }
      case ChoiceRule::Kind::kCondition:
        return EvaluateCondition(rule, scope);
    }
  } catch (const Json::exception& e) {
    return Failure{errors::kRuntime, e.what()};
  }
  return false;
}

Outcome<const asl::ChoiceRule*> SelectChoice(const asl::State& choice_state,
                                             const dataflow::EvalScope& scope) {
  for (const asl::ChoiceRulePtr& rule : choice_state.choices) {
    Outcome<bool> matched = EvaluateRule(*rule, scope);
    if (!matched.ok()) return matched.failure();
    if (matched.value()) return rule.get();
  }
  return static_cast<const asl::ChoiceRule*>(nullptr);
}

}  // namespace sfn::states
