// JSONPath syntax: turns the text after the root into segments and filters.

#include <cctype>
#include <charconv>
#include <string>
#include <utility>

#include "emulator/dataflow/jsonpath_internal.h"

namespace sfn::dataflow {
namespace {

// Filters are parsed and evaluated recursively, once per nesting level and
// per operator of a chain (`a && b && ...` nests to the left): both are
// bounded so that no path text can exhaust the stack. Far beyond any
// hand-written filter.
constexpr int kMaxFilterNesting = 64;
constexpr int kMaxFilterNodes = 512;

class PathParser {
 public:
  PathParser(std::string_view path_text, std::string_view rest) : path_text_(path_text), s_(rest) {}

  Result<Segments> ParseAll() {
    Segments segments;
    while (!AtEnd()) {
      if (!ParseSegment(segments)) return Error();
    }
    return segments;
  }

  // Segments of a path inside a filter: stops at the first character that
  // cannot continue a path (space, operator, closing parenthesis).
  bool ParseEmbedded(Segments& segments) {
    while (!AtEnd() && (Peek() == '.' || Peek() == '[')) {
      if (!ParseSegment(segments)) return false;
    }
    return true;
  }

  Status Error() const {
    return Status(ErrorCode::kInvalidDefinition,
                  "The value '" + std::string(path_text_) + "' is not a valid JSONPath");
  }

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek(size_t ahead = 0) const { return pos_ + ahead < s_.size() ? s_[pos_ + ahead] : '\0'; }
  void SkipSpaces() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(Peek()))) ++pos_;
  }
  bool ParseFilterOr(std::shared_ptr<const FilterExpr>& out);

 private:
  static bool IsNameEnd(char c) { return c == '.' || c == '[' || c == ']'; }

  bool ParseSegment(Segments& segments) {
    if (Peek() == '.') {
      ++pos_;
      bool deep = false;
      if (Peek() == '.') {
        deep = true;
        ++pos_;
        if (Peek() == '[') return ParseBracket(segments, /*deep=*/true);
      }
      JsonPath::Segment seg;
      seg.deep = deep;
      if (Peek() == '*') {
        ++pos_;
        seg.kind = JsonPath::Segment::Kind::kWildcard;
        segments.push_back(std::move(seg));
        return true;
      }
      size_t start = pos_;
      while (!AtEnd() && !IsNameEnd(Peek()) && !in_filter_stop(Peek())) ++pos_;
      if (pos_ == start) return false;
      seg.kind = JsonPath::Segment::Kind::kName;
      seg.names.emplace_back(s_.substr(start, pos_ - start));
      segments.push_back(std::move(seg));
      return true;
    }
    if (Peek() == '[') return ParseBracket(segments, /*deep=*/false);
    return false;
  }

  // Inside a filter a name also ends at spaces, operators and `)`.
  bool in_filter_stop(char c) const {
    if (!in_filter_) return false;
    return std::isspace(static_cast<unsigned char>(c)) || c == ')' || c == '=' || c == '!' ||
           c == '<' || c == '>' || c == '&' || c == '|';
  }

  bool ParseQuoted(std::string& out) {
    char quote = Peek();
    if (quote != '\'' && quote != '"') return false;
    ++pos_;
    // Only `\<quote>` is an escape; any other backslash is literal, as in
    // AWS (`$['a\"b']` names the key `a\"b`).
    while (!AtEnd() && Peek() != quote) {
      if (Peek() == '\\' && Peek(1) == quote) ++pos_;
      out.push_back(Peek());
      ++pos_;
    }
    if (AtEnd()) return false;
    ++pos_;  // closing quote
    return true;
  }

  bool ParseInt(int64_t& out) {
    size_t start = pos_;
    if (Peek() == '-') ++pos_;
    while (!AtEnd() && std::isdigit(static_cast<unsigned char>(Peek()))) ++pos_;
    if (pos_ == start || (pos_ == start + 1 && s_[start] == '-')) {
      pos_ = start;
      return false;
    }
    auto [ptr, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, out);
    return ec == std::errc() && ptr == s_.data() + pos_;
  }

  bool ParseBracket(Segments& segments, bool deep) {
    ++pos_;  // '['
    SkipSpaces();
    JsonPath::Segment seg;
    seg.deep = deep;
    if (Peek() == '*') {
      ++pos_;
      seg.kind = JsonPath::Segment::Kind::kWildcard;
    } else if (Peek() == '\'' || Peek() == '"') {
      while (true) {
        std::string name;
        if (!ParseQuoted(name)) return false;
        seg.names.push_back(std::move(name));
        SkipSpaces();
        if (Peek() != ',') break;
        ++pos_;
        SkipSpaces();
      }
      seg.kind =
          seg.names.size() == 1 ? JsonPath::Segment::Kind::kName : JsonPath::Segment::Kind::kNames;
    } else if (Peek() == '?') {
      ++pos_;
      SkipSpaces();
      if (Peek() != '(') return false;
      ++pos_;
      std::shared_ptr<const FilterExpr> filter;
      bool saved = in_filter_;
      in_filter_ = true;
      bool ok = ParseFilterOr(filter);
      in_filter_ = saved;
      if (!ok) return false;
      SkipSpaces();
      if (Peek() != ')') return false;
      ++pos_;
      seg.kind = JsonPath::Segment::Kind::kFilter;
      seg.filter = std::move(filter);
    } else if (!ParseNumericBracket(seg)) {
      return false;
    }
    SkipSpaces();
    if (Peek() != ']') return false;
    ++pos_;
    segments.push_back(std::move(seg));
    return true;
  }

  bool ParseNumericBracket(JsonPath::Segment& seg) {
    std::optional<int64_t> first;
    int64_t value = 0;
    if (ParseInt(value)) first = value;
    SkipSpaces();
    if (Peek() == ':') {
      seg.kind = JsonPath::Segment::Kind::kSlice;
      seg.start = first;
      ++pos_;
      SkipSpaces();
      if (ParseInt(value)) seg.end = value;
      SkipSpaces();
      if (Peek() == ':') {
        ++pos_;
        SkipSpaces();
        if (ParseInt(value)) {
          if (value == 0) return false;
          seg.step = value;
        }
      }
      return true;
    }
    if (!first) return false;
    seg.indexes.push_back(*first);
    while (Peek() == ',') {
      ++pos_;
      SkipSpaces();
      if (!ParseInt(value)) return false;
      seg.indexes.push_back(value);
      SkipSpaces();
    }
    seg.kind = seg.indexes.size() == 1 ? JsonPath::Segment::Kind::kIndex
                                       : JsonPath::Segment::Kind::kIndexes;
    return true;
  }

  bool ParseOperand(FilterOperand& out) {
    SkipSpaces();
    char c = Peek();
    if (c == '@' || c == '$') {
      ++pos_;
      out.kind = c == '@' ? FilterOperand::Kind::kCurrent : FilterOperand::Kind::kRoot;
      return ParseEmbedded(out.path);
    }
    out.kind = FilterOperand::Kind::kLiteral;
    if (c == '\'' || c == '"') {
      std::string text;
      if (!ParseQuoted(text)) return false;
      out.literal = std::move(text);
      return true;
    }
    // Number, true, false, null: take the token and parse it as JSON.
    size_t start = pos_;
    while (!AtEnd() && (std::isalnum(static_cast<unsigned char>(Peek())) || Peek() == '.' ||
                        Peek() == '-' || Peek() == '+')) {
      ++pos_;
    }
    if (pos_ == start) return false;
    std::string_view token = s_.substr(start, pos_ - start);
    auto parsed = ParseJson(token, ErrorCode::kInvalidDefinition);
    if (!parsed.ok() || parsed->is_structured() || parsed->is_string()) return false;
    out.literal = std::move(parsed).value();
    return true;
  }

  bool ParseComparison(std::shared_ptr<const FilterExpr>& out) {
    SkipSpaces();
    if (Peek() == '!') {
      ++pos_;
      std::shared_ptr<const FilterExpr> inner;
      if (!ParseUnary(inner)) return false;
      auto expr = NewExpr();
      if (!expr) return false;
      expr->op = FilterExpr::Op::kNot;
      expr->left = std::move(inner);
      out = std::move(expr);
      return true;
    }
    auto expr = NewExpr();
      if (!expr) return false;
    if (!ParseOperand(expr->lhs)) return false;
    SkipSpaces();
    using Op = FilterExpr::Op;
    std::pair<std::string_view, Op> kOps[] = {{"==", Op::kEq}, {"!=", Op::kNe}, {"<=", Op::kLe},
                                              {">=", Op::kGe}, {"<", Op::kLt},  {">", Op::kGt}};
    bool found = false;
    for (const auto& [text, op] : kOps) {
      if (s_.substr(pos_, text.size()) == text) {
        pos_ += text.size();
        expr->op = op;
        found = true;
        break;
      }
    }
    if (!found) {
      if (expr->lhs.kind == FilterOperand::Kind::kLiteral) return false;
      expr->op = Op::kExists;
    } else if (!ParseOperand(expr->rhs)) {
      return false;
    }
    out = std::move(expr);
    return true;
  }

  // A new filter node; null once the path has too many.
  std::shared_ptr<FilterExpr> NewExpr() {
    if (++filter_nodes_ > kMaxFilterNodes) return nullptr;
    return std::make_shared<FilterExpr>();
  }

  // Counts a level of filter nesting for the scope of one call.
  class Nesting {
   public:
    explicit Nesting(int& depth) : depth_(depth) { ++depth_; }
    ~Nesting() { --depth_; }
    bool ok() const { return depth_ <= kMaxFilterNesting; }

   private:
    int& depth_;
  };

  bool ParseUnary(std::shared_ptr<const FilterExpr>& out) {
    Nesting nesting(nesting_);
    if (!nesting.ok()) return false;
    SkipSpaces();
    if (Peek() == '(') {
      size_t saved = pos_;
      ++pos_;
      if (ParseFilterOr(out)) {
        SkipSpaces();
        if (Peek() == ')') {
          ++pos_;
          return true;
        }
      }
      pos_ = saved;
      return false;
    }
    return ParseComparison(out);
  }

  bool ParseFilterAnd(std::shared_ptr<const FilterExpr>& out) {
    if (!ParseUnary(out)) return false;
    while (true) {
      SkipSpaces();
      if (s_.substr(pos_, 2) != "&&") return true;
      pos_ += 2;
      std::shared_ptr<const FilterExpr> right;
      if (!ParseUnary(right)) return false;
      auto expr = NewExpr();
      if (!expr) return false;
      expr->op = FilterExpr::Op::kAnd;
      expr->left = std::move(out);
      expr->right = std::move(right);
      out = std::move(expr);
    }
  }

  std::string_view path_text_;
  std::string_view s_;
  size_t pos_ = 0;
  bool in_filter_ = false;
  int nesting_ = 0;
  int filter_nodes_ = 0;
};

bool PathParser::ParseFilterOr(std::shared_ptr<const FilterExpr>& out) {
  Nesting nesting(nesting_);
  if (!nesting.ok()) return false;
  if (!ParseFilterAnd(out)) return false;
  while (true) {
    SkipSpaces();
    if (s_.substr(pos_, 2) != "||") return true;
    pos_ += 2;
    std::shared_ptr<const FilterExpr> right;
    if (!ParseFilterAnd(right)) return false;
    auto expr = NewExpr();
      if (!expr) return false;
    expr->op = FilterExpr::Op::kOr;
    expr->left = std::move(out);
    expr->right = std::move(right);
    out = std::move(expr);
  }
}

}  // namespace

Result<Segments> ParsePathSegments(std::string_view path_text, std::string_view rest) {
  PathParser parser(path_text, rest);
  return parser.ParseAll();
}

bool SegmentsAreDefinite(const Segments& segments) {
  for (const auto& seg : segments) {
    if (seg.deep) return false;
    if (seg.kind != JsonPath::Segment::Kind::kName && seg.kind != JsonPath::Segment::Kind::kIndex) {
      return false;
    }
  }
  return true;
}

}  // namespace sfn::dataflow
