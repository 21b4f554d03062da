// JSONPath evaluation: matching, filters and ResultPath-style assignment.

#include "emulator/dataflow/jsonpath.h"

#include <algorithm>
#include <utility>

#include "emulator/dataflow/json_equal.h"
#include "emulator/dataflow/jsonpath_internal.h"

namespace sfn::dataflow {
namespace {

using Kind = JsonPath::Segment::Kind;

// Index `i` (negative counts from the end) into an array of `size`, or -1.
int64_t ResolveIndex(int64_t i, size_t size) {
  int64_t n = static_cast<int64_t>(size);
  if (i < 0) i += n;
  return (i >= 0 && i < n) ? i : -1;
}

void SliceIndexes(const JsonPath::Segment& seg, size_t size, std::vector<int64_t>& out) {
  int64_t n = static_cast<int64_t>(size);
  int64_t step = seg.step;
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt, int64_t lo, int64_t hi) {
    if (!v) return dflt;
    int64_t x = *v < 0 ? *v + n : *v;
    return std::clamp(x, lo, hi);
  };
  if (step > 0) {
    int64_t start = clamp(seg.start, 0, 0, n);
    int64_t end = clamp(seg.end, n, 0, n);
    for (int64_t i = start; i < end; i += step) out.push_back(i);
  } else {
    int64_t start = clamp(seg.start, n - 1, -1, n - 1);
    int64_t end = clamp(seg.end, -1, -1, n - 1);
    for (int64_t i = start; i > end; i += step) out.push_back(i);
  }
}

bool EvaluateFilter(const FilterExpr& expr, const Json& item, const Json& root,
                    PathBudget& budget);

// The value an operand stands for; nullopt when a path matches nothing (or
// the budget ran out: the evaluation fails then anyway).
std::optional<Json> OperandValue(const FilterOperand& operand, const Json& item, const Json& root,
                                 PathBudget& budget) {
  if (operand.kind == FilterOperand::Kind::kLiteral) return operand.literal;
  const Json& base = operand.kind == FilterOperand::Kind::kCurrent ? item : root;
  std::vector<const Json*> matches;
  CollectMatches(operand.path, base, root, matches, budget);
  if (SegmentsAreDefinite(operand.path)) {
    if (matches.empty() || !ChargeCopy(*matches.front(), budget)) return std::nullopt;
    return *matches.front();
  }
  Json array = Json::array();
  for (const Json* m : matches) {
    if (!ChargeCopy(*m, budget)) return std::nullopt;
    array.push_back(*m);
  }
  return array;
}

bool ValuesEqual(const Json& a, const Json& b) { return JsonEqual(a, b); }

// -1, 0, 1, or nullopt when the values are not ordered (different kinds).
std::optional<int> CompareOrdered(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_number_float() || b.is_number_float()) {
      double x = a.get<double>(), y = b.get<double>();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.is_number_unsigned() || b.is_number_unsigned()) {
      // Compare through double is fine for the magnitudes involved here.
      double x = a.get<double>(), y = b.get<double>();
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const auto& x = a.get_ref<const std::string&>();
    const auto& y = b.get_ref<const std::string&>();
    int c = x.compare(y);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

// Recurses once per nesting level of the filter, which the parser bounds.
bool EvaluateFilter(const FilterExpr& expr, const Json& item, const Json& root,
                    PathBudget& budget) {
  using Op = FilterExpr::Op;
  switch (expr.op) {
    case Op::kOr:
      return EvaluateFilter(*expr.left, item, root, budget) ||
             EvaluateFilter(*expr.right, item, root, budget);
    case Op::kAnd:
      return EvaluateFilter(*expr.left, item, root, budget) &&
             EvaluateFilter(*expr.right, item, root, budget);
    case Op::kNot:
      return !EvaluateFilter(*expr.left, item, root, budget);
    case Op::kExists:
      return OperandValue(expr.lhs, item, root, budget).has_value();
    default:
      break;
  }
  auto lhs = OperandValue(expr.lhs, item, root, budget);
  auto rhs = OperandValue(expr.rhs, item, root, budget);
  if (!lhs || !rhs) return expr.op == Op::kNe;
  if (expr.op == Op::kEq) return ValuesEqual(*lhs, *rhs);
  if (expr.op == Op::kNe) return !ValuesEqual(*lhs, *rhs);
  auto c = CompareOrdered(*lhs, *rhs);
  if (!c) return false;
  switch (expr.op) {
    case Op::kLt:
      return *c < 0;
    case Op::kLe:
      return *c <= 0;
    case Op::kGt:
      return *c > 0;
    case Op::kGe:
      return *c >= 0;
    default:
      return false;
  }
}

void ApplySegment(const JsonPath::Segment& seg, const Json& node, const Json& root,
                  std::vector<const Json*>& out, PathBudget& budget) {
  size_t before = out.size();
  switch (seg.kind) {
    case Kind::kName:
    case Kind::kNames:
      if (node.is_object()) {
        for (const auto& name : seg.names) {
          auto it = node.find(name);
          if (it != node.end()) out.push_back(&*it);
        }
      }
      break;
    case Kind::kIndex:
    case Kind::kIndexes:
      if (node.is_array()) {
        for (int64_t i : seg.indexes) {
          int64_t r = ResolveIndex(i, node.size());
          if (r >= 0) out.push_back(&node[static_cast<size_t>(r)]);
        }
      }
      break;
    case Kind::kWildcard:
      if (node.is_structured()) {
        for (const auto& child : node) out.push_back(&child);
      }
      break;
    case Kind::kSlice:
      if (node.is_array()) {
        std::vector<int64_t> indexes;
        SliceIndexes(seg, node.size(), indexes);
        for (int64_t i : indexes) out.push_back(&node[static_cast<size_t>(i)]);
      }
      break;
    case Kind::kFilter:
      if (node.is_array()) {
        for (const auto& child : node) {
          if (!budget.Charge(1)) return;
          if (EvaluateFilter(*seg.filter, child, root, budget)) out.push_back(&child);
        }
      } else if (node.is_object()) {
        if (EvaluateFilter(*seg.filter, node, root, budget)) out.push_back(&node);
      }
      break;
  }
  budget.Charge(1 + static_cast<int64_t>(out.size() - before));
}

// `node` and everything below it, in document order (pre-order, as Jayway's
// deep scan visits them); iterative, so any depth is safe.
void Descendants(const Json& node, std::vector<const Json*>& out, PathBudget& budget) {
  std::vector<const Json*> stack{&node};
  while (!stack.empty() && budget.Charge(1)) {
    const Json* current = stack.back();
    stack.pop_back();
    out.push_back(current);
    if (current->is_array()) {
      for (auto it = current->rbegin(); it != current->rend(); ++it) stack.push_back(&*it);
    } else if (current->is_object()) {
      // ordered_json objects iterate in insertion order; push them reversed.
      size_t first = stack.size();
      for (const Json& child : *current) stack.push_back(&child);
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
    }
  }
}

std::string QuoteName(const std::string& name) { return "['" + name + "']"; }

}  // namespace

bool ChargeCopy(const Json& value, PathBudget& budget) {
  std::vector<const Json*> stack{&value};
  while (!stack.empty()) {
    const Json* v = stack.back();
    stack.pop_back();
    int64_t units = 1;
    if (v->is_string()) units += static_cast<int64_t>(v->get_ref<const std::string&>().size() / 8);
    if (v->is_object()) {
      for (auto it = v->begin(); it != v->end(); ++it) {
        units += static_cast<int64_t>(it.key().size() / 8);
        stack.push_back(&it.value());
      }
    } else if (v->is_array()) {
      for (const Json& child : *v) stack.push_back(&child);
    }
    if (!budget.Charge(units)) return false;
  }
  return true;
}

void CollectMatches(const Segments& segments, const Json& node, const Json& root,
                    std::vector<const Json*>& out, PathBudget& budget) {
  std::vector<const Json*> frontier{&node};
  for (const auto& seg : segments) {
    std::vector<const Json*> next;
    for (const Json* current : frontier) {
      if (budget.spent()) return;
      if (seg.deep) {
        std::vector<const Json*> all;
        Descendants(*current, all, budget);
        for (const Json* d : all) {
          if (budget.spent()) return;
          ApplySegment(seg, *d, root, next, budget);
        }
      } else {
        ApplySegment(seg, *current, root, next, budget);
      }
    }
    frontier = std::move(next);
    if (frontier.empty()) break;
  }
  out.insert(out.end(), frontier.begin(), frontier.end());
}

Result<JsonPath> JsonPath::Compile(std::string_view text) {
  auto invalid = [&] {
    return Status(ErrorCode::kInvalidDefinition,
                  "The value '" + std::string(text) + "' is not a valid JSONPath");
  };
  if (text.empty() || text[0] != '$') return invalid();
  std::string_view rest = text.substr(1);
  if (!rest.empty() && rest[0] == '$') rest = rest.substr(1);
  if (!rest.empty() && rest[0] != '.' && rest[0] != '[') return invalid();
  SFN_ASSIGN_OR_RETURN(Segments segments, ParsePathSegments(text, rest));
  JsonPath path;
  path.text_ = std::string(text);
  path.segments_ = std::make_shared<const Segments>(std::move(segments));
  return path;
}

bool JsonPath::IsDefinite() const { return !segments_ || SegmentsAreDefinite(*segments_); }

bool JsonPath::IsContextPath() const {
  return text_.size() >= 2 && text_[0] == '$' && text_[1] == '$';
}

Outcome<std::optional<Json>> JsonPath::Evaluate(const Json& root) const {
  PathBudget budget;
  std::vector<const Json*> matches;
  if (segments_) {
    CollectMatches(*segments_, root, root, matches, budget);
  } else {
    matches.push_back(&root);
  }
  std::optional<Json> out;
  if (IsDefinite()) {
    if (!matches.empty() && ChargeCopy(*matches.front(), budget)) out = *matches.front();
  } else {
    out = Json::array();
    for (const Json* m : matches) {
      if (!ChargeCopy(*m, budget)) break;
      out->push_back(*m);
    }
  }
  if (budget.spent()) {
    // Our wording: the selection is far larger than any state input or
    // output may be (AWS would fail the state at its 256 KiB limit).
    return Failure{errors::kDataLimitExceeded,
                   "The JSONPath '" + text_ +
                       "' selects more data than the maximum number of bytes service limit "
                       "allows."};
  }
  return out;
}

size_t JsonPath::size() const { return segments_ ? segments_->size() : 0; }

size_t JsonPath::MatchedSteps(const Json& root) const {
  if (!segments_) return 0;
  const Json* current = &root;
  size_t steps = 0;
  for (const auto& seg : *segments_) {
    std::vector<const Json*> next;
    PathBudget budget;
    ApplySegment(seg, *current, root, next, budget);
    if (next.empty()) break;
    current = next.front();
    ++steps;
  }
  return steps;
}

std::string JsonPath::NormalizedPrefix(size_t steps) const {
  JsonPath prefix = *this;
  if (segments_ && steps < segments_->size()) {
    prefix.segments_ = std::make_shared<const Segments>(
        segments_->begin(), segments_->begin() + static_cast<std::ptrdiff_t>(steps));
  }
  return prefix.Normalized();
}

std::string JsonPath::Normalized() const {
  std::string out = IsContextPath() ? "$$" : "$";
  if (!segments_) return out;
  for (const auto& seg : *segments_) {
    if (seg.deep) out += "..";
    switch (seg.kind) {
      case Kind::kName:
        out += QuoteName(seg.names.front());
        break;
      case Kind::kIndex:
        out += "[" + std::to_string(seg.indexes.front()) + "]";
        break;
      case Kind::kWildcard:
        out += "[*]";
        break;
      case Kind::kNames: {
        std::string joined;
        for (const auto& n : seg.names) joined += (joined.empty() ? "'" : ",'") + n + "'";
        out += "[" + joined + "]";
        break;
      }
      case Kind::kIndexes: {
        std::string joined;
        for (int64_t i : seg.indexes) joined += (joined.empty() ? "" : ",") + std::to_string(i);
        out += "[" + joined + "]";
        break;
      }
      case Kind::kSlice:
        out += "[" + (seg.start ? std::to_string(*seg.start) : "") + ":" +
               (seg.end ? std::to_string(*seg.end) : "") + "]";
        break;
      case Kind::kFilter:
        out += "[?]";
        break;
    }
  }
  return out;
}

bool JsonPath::Assign(Json& root, Json value) const {
  std::string ignored;
  return Assign(root, std::move(value), &ignored);
}

bool JsonPath::Assign(Json& root, Json value, std::string* failed_step) const {
  if (!segments_ || segments_->empty()) {
    root = std::move(value);
    return true;
  }
  Json* current = &root;
  const auto& segments = *segments_;
  for (size_t i = 0; i < segments.size(); ++i) {
    const auto& seg = segments[i];
    bool last = i + 1 == segments.size();
    if (seg.deep || (seg.kind != Kind::kName && seg.kind != Kind::kIndex)) {
      *failed_step = text_;
      return false;
    }
    if (seg.kind == Kind::kName) {
      const std::string& name = seg.names.front();
      if (!current->is_object()) {
        *failed_step = name;
        return false;
      }
      if (last) {
        (*current)[name] = std::move(value);
        return true;
      }
      auto it = current->find(name);
      if (it == current->end()) {
        current = &((*current)[name] = Json::object());
      } else {
        current = &*it;
      }
    } else {
      int64_t index = seg.indexes.front();
      int64_t r = current->is_array() ? ResolveIndex(index, current->size()) : -1;
      if (r < 0) {
        *failed_step = std::to_string(index);
        return false;
      }
      Json& slot = (*current)[static_cast<size_t>(r)];
      if (last) {
        slot = std::move(value);
        return true;
      }
      current = &slot;
    }
  }
  return true;
}

}  // namespace sfn::dataflow
