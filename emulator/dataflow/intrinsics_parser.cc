// Intrinsic function syntax: `States.Name(arg, ...)` into a call tree.

#include <cctype>
#include <utility>

#include "emulator/dataflow/intrinsics.h"
#include "emulator/dataflow/intrinsics_internal.h"

namespace sfn::dataflow {
namespace {

constexpr std::string_view kPrefix = "States.";

bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Calls nest by recursion here and in evaluation: bounded so that no text
// exhausts the stack (far beyond any hand-written call).
constexpr int kMaxCallNesting = 64;

class IntrinsicParser {
 public:
  explicit IntrinsicParser(std::string_view text) : s_(text) {}

  Result<std::shared_ptr<const Intrinsic::Node>> ParseTop() {
    SkipSpaces();
    auto node = ParseCall();
    if (!node) return Error();
    SkipSpaces();
    if (pos_ != s_.size()) return Error();
    return std::shared_ptr<const Intrinsic::Node>(std::move(node));
  }

 private:
  Status Error() const {
    std::string message =
        "The value '" + std::string(s_) + "' is not a valid intrinsic function call";
    if (!detail_.empty()) message += ": " + detail_;
    return Status(ErrorCode::kInvalidDefinition, message);
  }

  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  void SkipSpaces() {
    while (!AtEnd() && std::isspace(static_cast<unsigned char>(Peek()))) ++pos_;
  }

  std::shared_ptr<Intrinsic::Node> ParseCall() {
    if (depth_ >= kMaxCallNesting) {
      detail_ = "calls nested deeper than " + std::to_string(kMaxCallNesting) + " levels";
      return nullptr;
    }
    ++depth_;
    std::shared_ptr<Intrinsic::Node> node = ParseCallBody();
    --depth_;
    return node;
  }

  std::shared_ptr<Intrinsic::Node> ParseCallBody() {
    size_t start = pos_;
    if (s_.substr(pos_, kPrefix.size()) != kPrefix) return nullptr;
    pos_ += kPrefix.size();
    size_t name_start = pos_;
    while (!AtEnd() && IsIdentChar(Peek())) ++pos_;
    std::string_view name = s_.substr(name_start, pos_ - name_start);
    const FunctionSpec* spec = FindIntrinsicFunction(name);
    if (spec == nullptr) {
      detail_ = "unknown function 'States." + std::string(name) + "'";
      return nullptr;
    }
    SkipSpaces();
    if (Peek() != '(') return nullptr;
    ++pos_;
    auto node = std::make_shared<Intrinsic::Node>();
    node->kind = Intrinsic::Node::Kind::kCall;
    node->function = spec;
    SkipSpaces();
    if (Peek() == ')') {
      ++pos_;
    } else {
      while (true) {
        SkipSpaces();
        auto arg = ParseArgument();
        if (!arg) return nullptr;
        node->args.push_back(std::move(arg));
        SkipSpaces();
        if (Peek() == ',') {
          ++pos_;
          continue;
        }
        if (Peek() == ')') {
          ++pos_;
          break;
        }
        return nullptr;
      }
    }
    int count = static_cast<int>(node->args.size());
    if (count < spec->min_args || (spec->max_args >= 0 && count > spec->max_args)) {
      detail_ = "wrong number of arguments for 'States." + std::string(spec->name) + "'";
      return nullptr;
    }
    node->text = std::string(s_.substr(start, pos_ - start));
    return node;
  }

  std::shared_ptr<Intrinsic::Node> ParseArgument() {
    char c = Peek();
    if (c == '\'') return ParseString();
    if (c == '$') return ParseReference();
    if (s_.substr(pos_, kPrefix.size()) == kPrefix) return ParseCall();
    return ParseScalar();
  }

  // A quoted literal. Only \' \{ \} \\ are escapes; `{}` not escaped marks a
  // Format placeholder.
  std::shared_ptr<Intrinsic::Node> ParseString() {
    size_t start = pos_;
    ++pos_;
    std::string value;
    std::vector<std::string> pieces(1);
    while (true) {
      if (AtEnd()) return nullptr;
      char c = Peek();
      if (c == '\'') {
        ++pos_;
        break;
      }
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) return nullptr;
        char next = s_[pos_ + 1];
        if (next != '\'' && next != '{' && next != '}' && next != '\\') {
          detail_ = "invalid escape sequence";
          return nullptr;
        }
        value.push_back(next);
        pieces.back().push_back(next);
        pos_ += 2;
        continue;
      }
      if (c == '{' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '}') {
        value += "{}";
        pieces.emplace_back();
        pos_ += 2;
        continue;
      }
      value.push_back(c);
      pieces.back().push_back(c);
      ++pos_;
    }
    auto node = std::make_shared<Intrinsic::Node>();
    node->kind = Intrinsic::Node::Kind::kLiteral;
    node->literal = std::move(value);
    node->format_pieces = std::move(pieces);
    node->text = std::string(s_.substr(start, pos_ - start));
    return node;
  }

  // A path or variable reference: up to the next `,` or `)` outside brackets.
  std::shared_ptr<Intrinsic::Node> ParseReference() {
    size_t start = pos_;
    int brackets = 0;
    int parens = 0;
    char quote = '\0';
    while (!AtEnd()) {
      char c = Peek();
      if (quote != '\0') {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = '\0';
        }
      } else if (brackets > 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (brackets > 0 && c == '(') {
        ++parens;
      } else if (brackets > 0 && c == ')') {
        --parens;
      } else if (brackets == 0 && (c == ',' || c == ')')) {
        break;
      }
      ++pos_;
    }
    std::string_view text = s_.substr(start, pos_ - start);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
      text.remove_suffix(1);
    }
    auto ref = Reference::Parse(text);
    if (!ref.ok()) {
      detail_ = "invalid path '" + std::string(text) + "'";
      return nullptr;
    }
    auto node = std::make_shared<Intrinsic::Node>();
    node->kind = Intrinsic::Node::Kind::kReference;
    node->reference = std::move(ref).value();
    node->text = std::string(text);
    return node;
  }

  // Numbers, true, false, null.
  std::shared_ptr<Intrinsic::Node> ParseScalar() {
    size_t start = pos_;
    while (!AtEnd() && Peek() != ',' && Peek() != ')' &&
           !std::isspace(static_cast<unsigned char>(Peek()))) {
      ++pos_;
    }
    std::string_view token = s_.substr(start, pos_ - start);
    if (token.empty()) return nullptr;
    auto parsed = ParseJson(token, ErrorCode::kInvalidDefinition);
    if (!parsed.ok() || parsed->is_structured() || parsed->is_string()) {
      detail_ = "invalid argument '" + std::string(token) + "'";
      return nullptr;
    }
    auto node = std::make_shared<Intrinsic::Node>();
    node->kind = Intrinsic::Node::Kind::kLiteral;
    node->literal = std::move(parsed).value();
    node->text = std::string(token);
    return node;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string detail_;
};

}  // namespace

bool Intrinsic::LooksLikeIntrinsic(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  text = text.substr(i);
  if (text.substr(0, kPrefix.size()) != kPrefix) return false;
  size_t j = kPrefix.size();
  if (j >= text.size() || !IsIdentChar(text[j])) return false;
  while (j < text.size() && IsIdentChar(text[j])) ++j;
  while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
  return j < text.size() && text[j] == '(';
}

Result<Intrinsic> Intrinsic::Parse(std::string_view text) {
  IntrinsicParser parser(text);
  SFN_ASSIGN_OR_RETURN(auto root, parser.ParseTop());
  Intrinsic intrinsic;
  intrinsic.text_ = std::string(text);
  intrinsic.root_ = std::move(root);
  return intrinsic;
}

}  // namespace sfn::dataflow
