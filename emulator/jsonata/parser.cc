// jsonata-js 2.0.6's parser (parser.js) in C++: the same tokens, binding
// powers, error codes and post-parse rewrite (processAST), so positions and
// edge cases match.
#include "emulator/jsonata/parser.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

#include "emulator/jsonata/regex.h"
#include "emulator/jsonata/signature.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/utf.h"

namespace sfn::jsonata {

namespace {

enum class TokType { kName, kVariable, kOperator, kString, kNumber, kValue, kRegex, kEnd };

struct Token {
  TokType type = TokType::kEnd;
  std::string value;  // name, variable, operator, string
  double number = 0;
  Value literal;  // kValue: true/false/null
  std::shared_ptr<const Regex> regex;
  int64_t position = 0;
};

// Binding powers (parser.js `operators`).
int OperatorPower(std::string_view op) {
  static const std::map<std::string_view, int> kOps = {
      {".", 75},   {"[", 80},  {"]", 0},   {"{", 70},  {"}", 0},   {"(", 80},
      {")", 0},    {",", 0},   {"@", 80},  {"#", 80},  {";", 80},  {":", 80},
      {"?", 20},   {"+", 50},  {"-", 50},  {"*", 60},  {"/", 60},  {"%", 60},
      {"|", 20},   {"=", 40},  {"<", 40},  {">", 40},  {"^", 40},  {"**", 60},
      {"..", 20},  {":=", 10}, {"!=", 40}, {"<=", 40}, {">=", 40}, {"~>", 40},
      {"and", 30}, {"or", 25}, {"in", 40}, {"&", 50},  {"!", 0},   {"~", 0}};
  auto it = kOps.find(op);
  return it == kOps.end() ? -1 : it->second;
}

bool IsOperatorChar(char c) {
  switch (c) {
    case '.':
    case '[':
    case ']':
    case '{':
    case '}':
    case '(':
    case ')':
    case ',':
    case '@':
    case '#':
    case ';':
    case ':':
    case '?':
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '|':
    case '=':
    case '<':
    case '>':
    case '^':
    case '&':
    case '!':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'; }

class Lexer {
 public:
  explicit Lexer(std::string_view path) : path_(path) {}

  bool Next(bool prefix, Token* out) {
    while (true) {
      if (pos_ >= path_.size()) return false;
      while (pos_ < path_.size() && IsSpace(path_[pos_])) ++pos_;
      if (pos_ + 1 < path_.size() && path_[pos_] == '/' && path_[pos_ + 1] == '*') {
        size_t start = pos_;
        pos_ += 2;
        while (!(At(pos_) == '*' && At(pos_ + 1) == '/')) {
          ++pos_;
          if (pos_ >= path_.size()) Throw("S0106", static_cast<int64_t>(start));
        }
        pos_ += 2;
        continue;
      }
      break;
    }
    if (pos_ >= path_.size()) {
      return false;
    }
    char c = path_[pos_];
    if (!prefix && c == '/') {
      ++pos_;
      return ScanRegex(out);
    }
    auto op2 = [&](const char* two) {
      if (c == two[0] && At(pos_ + 1) == two[1]) {
        pos_ += 2;
        Make(TokType::kOperator, two, out);
        return true;
      }
      return false;
    };
    if (op2("..") || op2(":=") || op2("!=") || op2(">=") || op2("<=") || op2("**") || op2("~>")) {
      return true;
    }
    if (IsOperatorChar(c)) {
      ++pos_;
      Make(TokType::kOperator, std::string(1, c), out);
      return true;
    }
    if (c == '"' || c == '\'') return ScanString(c, out);
    if (ScanNumber(out)) return true;
    if (c == '`') {
      ++pos_;
      size_t end = path_.find('`', pos_);
      if (end != std::string_view::npos) {
        std::string name(path_.substr(pos_, end - pos_));
        pos_ = end + 1;
        Make(TokType::kName, name, out);
        return true;
      }
      pos_ = path_.size();
      Throw("S0105", static_cast<int64_t>(pos_));
    }
    size_t i = pos_;
    while (i < path_.size() && !IsSpace(path_[i]) && !IsOperatorChar(path_[i])) ++i;
    if (path_[pos_] == '$') {
      std::string name(path_.substr(pos_ + 1, i - pos_ - 1));
      pos_ = i;
      Make(TokType::kVariable, name, out);
      return true;
    }
    std::string name(path_.substr(pos_, i - pos_));
    pos_ = i;
    if (name == "or" || name == "in" || name == "and") {
      Make(TokType::kOperator, name, out);
    } else if (name == "true" || name == "false" || name == "null") {
      Make(TokType::kValue, name, out);
      out->literal = name == "null" ? Value::Null() : Value::Bool(name == "true");
    } else {
      if (pos_ == path_.size() && name.empty()) return false;
      Make(TokType::kName, name, out);
    }
    return true;
  }

  size_t position() const { return pos_; }

 private:
  char At(size_t i) const { return i < path_.size() ? path_[i] : '\0'; }

  void Make(TokType type, std::string value, Token* out) {
    *out = Token();
    out->type = type;
    out->value = std::move(value);
    out->position = static_cast<int64_t>(pos_);
  }

  bool ScanRegex(Token* out) {
    size_t start = pos_;
    int depth = 0;
    auto is_closing_slash = [&](size_t p) {
      if (path_[p] == '/' && depth == 0) {
        size_t backslashes = 0;
        while (p >= backslashes + 1 && path_[p - (backslashes + 1)] == '\\') ++backslashes;
        return backslashes % 2 == 0;
      }
      return false;
    };
    while (pos_ < path_.size()) {
      char c = path_[pos_];
      if (is_closing_slash(pos_)) {
        std::string pattern(path_.substr(start, pos_ - start));
        if (pattern.empty()) Throw("S0301", static_cast<int64_t>(pos_));
        ++pos_;
        size_t fstart = pos_;
        while (At(pos_) == 'i' || At(pos_) == 'm') ++pos_;
        std::string flags(path_.substr(fstart, pos_ - fstart));
        std::string error;
        auto re = Regex::Compile(pattern, flags, &error);
        if (re == nullptr) {
          ErrorInfo e;
          e.code = "S0303";
          e.position = static_cast<int64_t>(pos_);
          e.token = pattern;
          e.message = "Invalid regular expression: /" + pattern + "/: " + error;
          Throw(std::move(e));
        }
        Make(TokType::kRegex, pattern, out);
        out->regex = std::move(re);
        return true;
      }
      char prev = pos_ > 0 ? path_[pos_ - 1] : '\0';
      if ((c == '(' || c == '[' || c == '{') && prev != '\\') ++depth;
      if ((c == ')' || c == ']' || c == '}') && prev != '\\') --depth;
      ++pos_;
    }
    Throw("S0302", static_cast<int64_t>(pos_));
  }

  bool ScanString(char quote, Token* out) {
    ++pos_;
    std::string s;
    while (pos_ < path_.size()) {
      char c = path_[pos_];
      if (c == '\\') {
        ++pos_;
        c = At(pos_);
        switch (c) {
          case '"':
            s += '"';
            break;
          case '\\':
            s += '\\';
            break;
          case '/':
            s += '/';
            break;
          case 'b':
            s += '\b';
            break;
          case 'f':
            s += '\f';
            break;
          case 'n':
            s += '\n';
            break;
          case 'r':
            s += '\r';
            break;
          case 't':
            s += '\t';
            break;
          case 'u': {
            uint32_t cp = 0;
            if (!Hex4(pos_ + 1, &cp)) Throw("S0104", static_cast<int64_t>(pos_));
            pos_ += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF && At(pos_ + 1) == '\\' && At(pos_ + 2) == 'u') {
              uint32_t lo = 0;
              if (Hex4(pos_ + 3, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                pos_ += 6;
              }
            }
            AppendUtf8(cp, &s);
            break;
          }
          default: {
            ErrorInfo e;
            e.code = "S0103";
            e.position = static_cast<int64_t>(pos_);
            e.token = std::string(1, c);
            Throw(std::move(e));
          }
        }
      } else if (c == quote) {
        ++pos_;
        Make(TokType::kString, s, out);
        return true;
      } else {
        s += c;
      }
      ++pos_;
    }
    Throw("S0101", static_cast<int64_t>(pos_));
  }

  bool Hex4(size_t at, uint32_t* cp) const {
    if (at + 4 > path_.size()) {
      // jsonata-js accepts fewer than 4 hex digits at the very end (substr);
      // treat it as malformed, which is what a truncated escape is.
      return false;
    }
    uint32_t v = 0;
    for (size_t k = 0; k < 4; ++k) {
      char h = path_[at + k];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<uint32_t>(h - 'A' + 10);
      else
        return false;
    }
    *cp = v;
    return true;
  }

  // /^-?(0|([1-9][0-9]*))(\.[0-9]+)?([Ee][-+]?[0-9]+)?/
  bool ScanNumber(Token* out) {
    size_t i = pos_;
    if (At(i) == '-') ++i;
    if (At(i) == '0') {
      ++i;
    } else if (At(i) >= '1' && At(i) <= '9') {
      while (At(i) >= '0' && At(i) <= '9') ++i;
    } else {
      return false;
    }
    if (At(i) == '.' && At(i + 1) >= '0' && At(i + 1) <= '9') {
      i += 1;
      while (At(i) >= '0' && At(i) <= '9') ++i;
    }
    if (At(i) == 'e' || At(i) == 'E') {
      size_t j = i + 1;
      if (At(j) == '-' || At(j) == '+') ++j;
      if (At(j) >= '0' && At(j) <= '9') {
        while (At(j) >= '0' && At(j) <= '9') ++j;
        i = j;
      }
    }
    std::string text(path_.substr(pos_, i - pos_));
    double num = std::strtod(text.c_str(), nullptr);
    if (!std::isfinite(num)) {
      ErrorInfo e;
      e.code = "S0102";
      e.position = static_cast<int64_t>(pos_);
      e.token = text;
      Throw(std::move(e));
    }
    pos_ = i;
    Make(TokType::kNumber, text, out);
    out->number = num;
    return true;
  }

  std::string_view path_;
  size_t pos_ = 0;
};

NodePtr NewNode(NodeType type, std::string value, int64_t position) {
  auto n = std::make_unique<Node>();
  n->type = type;
  n->value = std::move(value);
  n->position = position;
  return n;
}

// The raw tree uses these extra node kinds before processAST rewrites it:
// binary '.', '[', '{', '^', ':=', '@', '#', '~>' and unary '[' / '{'.
class Parser {
 public:
  Parser(std::string_view source, int max_depth, ParsedTree* tree)
      : source_(source), lexer_(source), max_depth_(max_depth), tree_(tree) {}

  NodePtr Run() {
    Advance(nullptr, false);
    NodePtr expr = Expression(0);
    if (id_ != "(end)") {
      ErrorInfo e;
      e.code = "S0201";
      e.position = tok_.position;
      e.token = TokenText();
      Throw(std::move(e));
    }
    expr = Process(std::move(expr));
    if (expr->type == NodeType::kParent || !expr->seeking_parent.empty()) {
      ErrorInfo e;
      e.code = "S0217";
      e.token = expr->type == NodeType::kParent ? "parent" : "path";
      e.position = expr->position;
      Throw(std::move(e));
    }
    return expr;
  }

 private:
  // The current token as jsonata-js's `node`: its symbol id and lbp.
  std::string TokenText() const {
    if (tok_.type == TokType::kNumber) return tok_.value;
    return tok_.value;
  }

  int Lbp() const {
    if (id_ == "(end)" || id_ == "(name)" || id_ == "(literal)" || id_ == "(regex)") return 0;
    // Symbols registered only as prefix/terminal have lbp 0.
    if (id_ == "|" || id_ == "**" || id_ == ":" || id_ == ";" || id_ == "," || id_ == ")" ||
        id_ == "]" || id_ == "}" || id_ == "..") {
      return 0;
    }
    return OperatorPower(id_);
  }

  void Advance(const char* expect, bool infix) {
    if (expect != nullptr && id_ != expect) {
      ErrorInfo e;
      e.code = id_ == "(end)" ? "S0203" : "S0202";
      e.position = tok_.position;
      e.token = TokenText();
      e.value = Value::String(expect);
      Throw(std::move(e));
    }
    Token next;
    if (!lexer_.Next(infix, &next)) {
      tok_ = Token();
      tok_.type = TokType::kEnd;
      tok_.position = static_cast<int64_t>(source_.size());
      id_ = "(end)";
      return;
    }
    tok_ = std::move(next);
    switch (tok_.type) {
      case TokType::kName:
      case TokType::kVariable:
        id_ = "(name)";
        break;
      case TokType::kOperator:
        if (OperatorPower(tok_.value) < 0 || tok_.value == "!" || tok_.value == "~") {
          ErrorInfo e;
          e.code = "S0204";
          e.position = tok_.position;
          e.token = tok_.value;
          Throw(std::move(e));
        }
        id_ = tok_.value;
        break;
      case TokType::kString:
      case TokType::kNumber:
      case TokType::kValue:
        id_ = "(literal)";
        break;
      case TokType::kRegex:
        id_ = "(regex)";
        break;
      case TokType::kEnd:
        id_ = "(end)";
        break;
    }
  }

  struct DepthGuard {
    explicit DepthGuard(Parser* p) : p(p) {
      if (++p->depth_ > p->max_depth_) {
        ErrorInfo e;
        e.code = "U1001";
        e.position = p->tok_.position;
        Throw(std::move(e));
      }
    }
    ~DepthGuard() { --p->depth_; }
    Parser* p;
  };

  NodePtr Expression(int rbp) {
    DepthGuard guard(this);
    Token t = tok_;
    std::string tid = id_;
    Advance(nullptr, true);
    NodePtr left = Nud(t, tid);
    while (rbp < Lbp()) {
      t = tok_;
      tid = id_;
      Advance(nullptr, false);
      left = Led(t, tid, std::move(left));
    }
    return left;
  }

  NodePtr Nud(const Token& t, const std::string& tid) {
    if (tid == "(name)") {
      return NewNode(t.type == TokType::kVariable ? NodeType::kVariable : NodeType::kName, t.value,
                     t.position);
    }
    if (tid == "(literal)") {
      if (t.type == TokType::kString) {
        auto n = NewNode(NodeType::kString, t.value, t.position);
        n->literal = Value::String(t.value);
        return n;
      }
      if (t.type == TokType::kNumber) {
        auto n = NewNode(NodeType::kNumber, t.value, t.position);
        n->number = t.number;
        n->literal = Value::Number(t.number);
        return n;
      }
      auto n = NewNode(NodeType::kValue, t.value, t.position);
      n->literal = t.literal;
      return n;
    }
    if (tid == "(regex)") {
      auto n = NewNode(NodeType::kRegex, t.value, t.position);
      n->regex = t.regex;
      return n;
    }
    if (tid == "(end)") {
      // jsonata-js: the (end) terminal returns itself; processAST reports it.
      return NewNode(NodeType::kEnd, "(end)", t.position);
    }
    if (tid == "and" || tid == "or" || tid == "in") {
      return NewNode(NodeType::kOperator, tid, t.position);
    }
    if (tid == "-") {
      auto n = NewNode(NodeType::kUnary, "-", t.position);
      n->expression = Expression(70);
      return n;
    }
    if (tid == "*") return NewNode(NodeType::kWildcard, "*", t.position);
    if (tid == "**") return NewNode(NodeType::kDescendant, "**", t.position);
    if (tid == "%") return NewNode(NodeType::kParent, "%", t.position);
    if (tid == "(") {
      auto n = NewNode(NodeType::kBlock, "(", t.position);
      while (id_ != ")") {
        n->expressions.push_back(Expression(0));
        if (id_ != ";") break;
        Advance(";", false);
      }
      Advance(")", true);
      return n;
    }
    if (tid == "[") {
      auto n = NewNode(NodeType::kUnary, "[", t.position);
      if (id_ != "]") {
        while (true) {
          NodePtr item = Expression(0);
          if (id_ == "..") {
            auto range = NewNode(NodeType::kBinary, "..", tok_.position);
            range->lhs = std::move(item);
            Advance("..", false);
            range->rhs = Expression(0);
            item = std::move(range);
          }
          n->expressions.push_back(std::move(item));
          if (id_ != ",") break;
          Advance(",", false);
        }
      }
      Advance("]", true);
      return n;
    }
    if (tid == "{") {
      auto n = NewNode(NodeType::kUnary, "{", t.position);
      ObjectPairs(n.get());
      return n;
    }
    if (tid == "|") {
      auto n = NewNode(NodeType::kTransform, "|", t.position);
      n->pattern = Expression(0);
      Advance("|", false);
      n->update = Expression(0);
      if (id_ == ",") {
        Advance(",", false);
        n->remove = Expression(0);
      }
      Advance("|", false);
      return n;
    }
    // A symbol used as a prefix that is not one.
    ErrorInfo e;
    e.code = "S0211";
    e.token = t.type == TokType::kEnd ? "(end)" : t.value;
    e.position = t.position;
    Throw(std::move(e));
  }

  void ObjectPairs(Node* n) {
    if (id_ != "}") {
      while (true) {
        NodePtr k = Expression(0);
        Advance(":", false);
        NodePtr v = Expression(0);
        n->object_pairs.emplace_back(std::move(k), std::move(v));
        if (id_ != ",") break;
        Advance(",", false);
      }
    }
    Advance("}", true);
  }

  NodePtr Led(const Token& t, const std::string& tid, NodePtr left) {
    if (tid == "(") {
      auto n = NewNode(NodeType::kFunction, "(", t.position);
      if (id_ != ")") {
        while (true) {
          if (tok_.type == TokType::kOperator && id_ == "?") {
            n->type = NodeType::kPartial;
            n->arguments.push_back(NewNode(NodeType::kOperator, "?", tok_.position));
            Advance("?", false);
          } else {
            n->arguments.push_back(Expression(0));
          }
          if (id_ != ",") break;
          Advance(",", false);
        }
      }
      Advance(")", true);
      if (left->type == NodeType::kName &&
          (left->value == "function" || left->value == "\xCE\xBB")) {
        for (size_t i = 0; i < n->arguments.size(); ++i) {
          const Node& arg = *n->arguments[i];
          if (arg.type != NodeType::kVariable) {
            ErrorInfo e;
            e.code = "S0208";
            e.position = arg.position;
            e.token = arg.value;
            e.value = Value::Number(static_cast<double>(i + 1));
            Throw(std::move(e));
          }
        }
        n->type = NodeType::kLambda;
        if (id_ == "<") {
          int64_t sig_pos = tok_.position;
          int depth = 1;
          std::string sig = "<";
          while (depth > 0 && id_ != "{" && id_ != "(end)") {
            Advance(nullptr, false);
            if (id_ == ">") {
              --depth;
            } else if (id_ == "<") {
              ++depth;
            }
            sig += tok_.type == TokType::kEnd ? "" : tok_.value;
          }
          Advance(">", false);
          try {
            n->signature = Signature::Parse(sig);
          } catch (JsonataThrow& err) {
            err.info.position = sig_pos + err.info.position.value_or(0);
            throw;
          }
        }
        Advance("{", false);
        n->body = Expression(0);
        Advance("}", false);
      }
      n->procedure = std::move(left);
      return n;
    }
    if (tid == "[") {
      if (id_ == "]") {
        Node* step = left.get();
        while (step != nullptr && step->type == NodeType::kBinary && step->value == "[") {
          step = step->lhs.get();
        }
        step->keep_array = true;
        Advance("]", false);
        return left;
      }
      auto n = NewNode(NodeType::kBinary, "[", t.position);
      n->lhs = std::move(left);
      n->rhs = Expression(0);
      Advance("]", true);
      return n;
    }
    if (tid == "^") {
      auto n = NewNode(NodeType::kBinary, "^", t.position);
      Advance("(", false);
      while (true) {
        SortTerm term;
        if (id_ == "<") {
          Advance("<", false);
        } else if (id_ == ">") {
          term.descending = true;
          Advance(">", false);
        }
        term.expression = Expression(0);
        n->terms.push_back(std::move(term));
        if (id_ != ",") break;
        Advance(",", false);
      }
      Advance(")", false);
      n->lhs = std::move(left);
      return n;
    }
    if (tid == "{") {
      auto n = NewNode(NodeType::kBinary, "{", t.position);
      n->lhs = std::move(left);
      ObjectPairs(n.get());
      return n;
    }
    if (tid == ":=") {
      if (left->type != NodeType::kVariable) {
        ErrorInfo e;
        e.code = "S0212";
        e.position = left->position;
        e.token = left->value;
        Throw(std::move(e));
      }
      auto n = NewNode(NodeType::kBinary, ":=", t.position);
      n->lhs = std::move(left);
      n->rhs = Expression(OperatorPower(":=") - 1);
      return n;
    }
    if (tid == "@" || tid == "#") {
      auto n = NewNode(NodeType::kBinary, tid, t.position);
      n->lhs = std::move(left);
      n->rhs = Expression(OperatorPower(tid));
      if (n->rhs->type != NodeType::kVariable) {
        ErrorInfo e;
        e.code = "S0214";
        e.position = n->rhs->position;
        e.token = tid;
        Throw(std::move(e));
      }
      return n;
    }
    if (tid == "?") {
      auto n = NewNode(NodeType::kCondition, "?", t.position);
      n->condition = std::move(left);
      n->then = Expression(0);
      if (id_ == ":") {
        Advance(":", false);
        n->otherwise = Expression(0);
      }
      return n;
    }
    // Plain left-associative infix operators.
    auto n = NewNode(NodeType::kBinary, tid, t.position);
    n->lhs = std::move(left);
    n->rhs = Expression(OperatorPower(tid));
    return n;
  }

  // ---- post-parse stage (processAST) ----

  static NodePtr TailCallOptimize(NodePtr expr) {
    if (expr->type == NodeType::kFunction && expr->predicates.empty()) {
      auto thunk = NewNode(NodeType::kLambda, "", expr->position);
      thunk->thunk = true;
      thunk->body = std::move(expr);
      return thunk;
    }
    if (expr->type == NodeType::kCondition) {
      expr->then = TailCallOptimize(std::move(expr->then));
      if (expr->otherwise) expr->otherwise = TailCallOptimize(std::move(expr->otherwise));
      return expr;
    }
    if (expr->type == NodeType::kBlock && !expr->expressions.empty()) {
      expr->expressions.back() = TailCallOptimize(std::move(expr->expressions.back()));
      return expr;
    }
    return expr;
  }

  Slot* SeekParent(Node* node, Slot* slot) {
    switch (node->type) {
      case NodeType::kName:
      case NodeType::kWildcard:
        slot->level--;
        if (slot->level == 0) {
          if (node->ancestor != nullptr) {
            slot->label = node->ancestor->label;
          }
          node->ancestor = slot;
          node->tuple = true;
        }
        break;
      case NodeType::kParent:
        slot->level++;
        break;
      case NodeType::kBlock:
        if (!node->expressions.empty()) {
          node->tuple = true;
          slot = SeekParent(node->expressions.back().get(), slot);
        }
        break;
      case NodeType::kPath: {
        node->tuple = true;
        int index = static_cast<int>(node->steps.size()) - 1;
        slot = SeekParent(node->steps[static_cast<size_t>(index--)].get(), slot);
        while (slot->level > 0 && index >= 0) {
          slot = SeekParent(node->steps[static_cast<size_t>(index--)].get(), slot);
        }
        break;
      }
      default: {
        ErrorInfo e;
        e.code = "S0217";
        e.token = NodeTypeName(node->type);
        e.position = node->position;
        Throw(std::move(e));
      }
    }
    return slot;
  }

  static std::string NodeTypeName(NodeType t) {
    switch (t) {
      case NodeType::kPath:
        return "path";
      case NodeType::kBinary:
        return "binary";
      case NodeType::kUnary:
        return "unary";
      case NodeType::kName:
        return "name";
      case NodeType::kString:
        return "string";
      case NodeType::kNumber:
        return "number";
      case NodeType::kValue:
        return "value";
      case NodeType::kWildcard:
        return "wildcard";
      case NodeType::kDescendant:
        return "descendant";
      case NodeType::kParent:
        return "parent";
      case NodeType::kCondition:
        return "condition";
      case NodeType::kBlock:
        return "block";
      case NodeType::kBind:
        return "bind";
      case NodeType::kRegex:
        return "regex";
      case NodeType::kFunction:
        return "function";
      case NodeType::kVariable:
        return "variable";
      case NodeType::kLambda:
        return "lambda";
      case NodeType::kPartial:
        return "partial";
      case NodeType::kApply:
        return "apply";
      case NodeType::kTransform:
        return "transform";
      case NodeType::kSort:
        return "sort";
      case NodeType::kOperator:
        return "operator";
      case NodeType::kEnd:
        return "end";
    }
    return "";
  }

  static void PushAncestry(Node* result, Node* value) {
    if (!value->seeking_parent.empty() || value->type == NodeType::kParent) {
      std::vector<Slot*> slots = value->seeking_parent;
      if (value->type == NodeType::kParent) slots.push_back(value->slot);
      result->seeking_parent.insert(result->seeking_parent.end(), slots.begin(), slots.end());
    }
  }

  void ResolveAncestry(Node* path) {
    Node* laststep = path->steps.back().get();
    std::vector<Slot*> slots = laststep->seeking_parent;
    if (laststep->type == NodeType::kParent) slots.push_back(laststep->slot);
    for (Slot* slot : slots) {
      int index = static_cast<int>(path->steps.size()) - 2;
      while (slot->level > 0) {
        if (index < 0) {
          path->seeking_parent.push_back(slot);
          break;
        }
        Node* step = path->steps[static_cast<size_t>(index--)].get();
        while (index >= 0 && step->has_focus &&
               path->steps[static_cast<size_t>(index)]->has_focus) {
          step = path->steps[static_cast<size_t>(index--)].get();
        }
        slot = SeekParent(step, slot);
      }
    }
  }

  NodePtr Process(NodePtr expr) {
    DepthGuard guard(this);
    bool keep_array = expr->keep_array;
    NodePtr result;
    switch (expr->type) {
      case NodeType::kBinary: {
        const std::string op = expr->value;
        if (op == ".") {
          NodePtr lstep = Process(std::move(expr->lhs));
          if (lstep->type == NodeType::kPath) {
            result = std::move(lstep);
          } else {
            result = NewNode(NodeType::kPath, "", lstep->position);
            if (lstep->type == NodeType::kParent) result->seeking_parent = {lstep->slot};
            result->steps.push_back(std::move(lstep));
          }
          NodePtr rest = Process(std::move(expr->rhs));
          if (rest->type == NodeType::kPath) {
            for (auto& s : rest->steps) result->steps.push_back(std::move(s));
          } else {
            if (!rest->predicates.empty()) {
              rest->stages = std::move(rest->predicates);
              rest->predicates.clear();
            }
            result->steps.push_back(std::move(rest));
          }
          for (auto& step : result->steps) {
            if (step->type == NodeType::kNumber || step->type == NodeType::kValue) {
              ErrorInfo e;
              e.code = "S0213";
              e.position = step->position;
              e.value = step->literal;
              Throw(std::move(e));
            }
            if (step->type == NodeType::kString) step->type = NodeType::kName;
          }
          for (auto& step : result->steps) {
            if (step->keep_array) result->keep_singleton_array = true;
          }
          Node* first = result->steps.front().get();
          if (first->type == NodeType::kUnary && first->value == "[") first->cons_array = true;
          Node* last = result->steps.back().get();
          if (last->type == NodeType::kUnary && last->value == "[") last->cons_array = true;
          ResolveAncestry(result.get());
        } else if (op == "[") {
          result = Process(std::move(expr->lhs));
          Node* step = result.get();
          bool stages = false;
          if (result->type == NodeType::kPath) {
            step = result->steps.back().get();
            stages = true;
          }
          if (step->group) Throw("S0209", expr->position);
          NodePtr predicate = Process(std::move(expr->rhs));
          if (!predicate->seeking_parent.empty()) {
            for (Slot* slot : predicate->seeking_parent) {
              if (slot->level == 1) {
                SeekParent(step, slot);
              } else {
                slot->level--;
              }
            }
            PushAncestry(step, predicate.get());
          }
          Stage stage;
          stage.expr = std::move(predicate);
          stage.position = expr->position;
          (stages ? step->stages : step->predicates).push_back(std::move(stage));
        } else if (op == "{") {
          result = Process(std::move(expr->lhs));
          if (result->group) Throw("S0210", expr->position);
          auto group = std::make_unique<Group>();
          group->position = expr->position;
          for (auto& [k, v] : expr->object_pairs) {
            NodePtr pk = Process(std::move(k));
            NodePtr pv = Process(std::move(v));
            group->pairs.emplace_back(std::move(pk), std::move(pv));
          }
          result->group = std::move(group);
        } else if (op == "^") {
          result = Process(std::move(expr->lhs));
          if (result->type != NodeType::kPath) {
            auto path = NewNode(NodeType::kPath, "", result->position);
            path->steps.push_back(std::move(result));
            result = std::move(path);
          }
          auto sort = NewNode(NodeType::kSort, "", expr->position);
          for (auto& term : expr->terms) {
            SortTerm t;
            t.descending = term.descending;
            t.expression = Process(std::move(term.expression));
            PushAncestry(sort.get(), t.expression.get());
            sort->terms.push_back(std::move(t));
          }
          result->steps.push_back(std::move(sort));
          ResolveAncestry(result.get());
        } else if (op == ":=") {
          result = NewNode(NodeType::kBind, op, expr->position);
          result->lhs = Process(std::move(expr->lhs));
          result->rhs = Process(std::move(expr->rhs));
          PushAncestry(result.get(), result->rhs.get());
        } else if (op == "@") {
          result = Process(std::move(expr->lhs));
          Node* step = result.get();
          if (result->type == NodeType::kPath) step = result->steps.back().get();
          if (!step->stages.empty() || !step->predicates.empty()) Throw("S0215", expr->position);
          if (step->type == NodeType::kSort) Throw("S0216", expr->position);
          if (expr->keep_array) step->keep_array = true;
          step->focus = expr->rhs->value;
          step->has_focus = true;
          step->tuple = true;
        } else if (op == "#") {
          result = Process(std::move(expr->lhs));
          Node* step = result.get();
          if (result->type == NodeType::kPath) {
            step = result->steps.back().get();
          } else {
            auto path = NewNode(NodeType::kPath, "", result->position);
            if (!step->predicates.empty()) {
              step->stages = std::move(step->predicates);
              step->predicates.clear();
            }
            path->steps.push_back(std::move(result));
            result = std::move(path);
          }
          if (step->stages.empty()) {
            step->index = expr->rhs->value;
            step->has_index = true;
          } else {
            Stage stage;
            stage.is_index = true;
            stage.name = expr->rhs->value;
            stage.position = expr->position;
            step->stages.push_back(std::move(stage));
          }
          step->tuple = true;
        } else if (op == "~>") {
          result = NewNode(NodeType::kApply, op, expr->position);
          result->lhs = Process(std::move(expr->lhs));
          result->rhs = Process(std::move(expr->rhs));
          result->keep_array = result->lhs->keep_array || result->rhs->keep_array;
        } else {
          result = NewNode(NodeType::kBinary, op, expr->position);
          result->lhs = Process(std::move(expr->lhs));
          result->rhs = Process(std::move(expr->rhs));
          PushAncestry(result.get(), result->lhs.get());
          PushAncestry(result.get(), result->rhs.get());
        }
        break;
      }
      case NodeType::kUnary: {
        result = NewNode(NodeType::kUnary, expr->value, expr->position);
        if (expr->value == "[") {
          for (auto& item : expr->expressions) {
            NodePtr v = Process(std::move(item));
            PushAncestry(result.get(), v.get());
            result->expressions.push_back(std::move(v));
          }
        } else if (expr->value == "{") {
          for (auto& [k, v] : expr->object_pairs) {
            NodePtr pk = Process(std::move(k));
            PushAncestry(result.get(), pk.get());
            NodePtr pv = Process(std::move(v));
            PushAncestry(result.get(), pv.get());
            result->object_pairs.emplace_back(std::move(pk), std::move(pv));
          }
        } else {
          result->expression = Process(std::move(expr->expression));
          if (expr->value == "-" && result->expression->type == NodeType::kNumber) {
            NodePtr num = std::move(result->expression);
            num->number = -num->number;
            num->literal = Value::Number(num->number);
            result = std::move(num);
          } else {
            PushAncestry(result.get(), result->expression.get());
          }
        }
        break;
      }
      case NodeType::kFunction:
      case NodeType::kPartial: {
        result = NewNode(expr->type, expr->value, expr->position);
        for (auto& arg : expr->arguments) {
          NodePtr a = Process(std::move(arg));
          PushAncestry(result.get(), a.get());
          result->arguments.push_back(std::move(a));
        }
        result->procedure = Process(std::move(expr->procedure));
        break;
      }
      case NodeType::kLambda: {
        result = NewNode(NodeType::kLambda, expr->value, expr->position);
        result->arguments = std::move(expr->arguments);
        result->signature = expr->signature;
        result->body = TailCallOptimize(Process(std::move(expr->body)));
        break;
      }
      case NodeType::kCondition: {
        result = NewNode(NodeType::kCondition, "", expr->position);
        result->condition = Process(std::move(expr->condition));
        PushAncestry(result.get(), result->condition.get());
        result->then = Process(std::move(expr->then));
        PushAncestry(result.get(), result->then.get());
        if (expr->otherwise) {
          result->otherwise = Process(std::move(expr->otherwise));
          PushAncestry(result.get(), result->otherwise.get());
        }
        break;
      }
      case NodeType::kTransform: {
        result = NewNode(NodeType::kTransform, "", expr->position);
        result->pattern = Process(std::move(expr->pattern));
        result->update = Process(std::move(expr->update));
        if (expr->remove) result->remove = Process(std::move(expr->remove));
        break;
      }
      case NodeType::kBlock: {
        result = NewNode(NodeType::kBlock, "", expr->position);
        for (auto& item : expr->expressions) {
          NodePtr part = Process(std::move(item));
          PushAncestry(result.get(), part.get());
          if (part->cons_array || (part->type == NodeType::kPath && part->steps[0]->cons_array)) {
            result->cons_array = true;
          }
          result->expressions.push_back(std::move(part));
        }
        break;
      }
      case NodeType::kName: {
        result = NewNode(NodeType::kPath, "", expr->position);
        if (expr->keep_array) result->keep_singleton_array = true;
        result->steps.push_back(std::move(expr));
        break;
      }
      case NodeType::kParent: {
        result = NewNode(NodeType::kParent, "", expr->position);
        auto slot = std::make_unique<Slot>();
        slot->label = "!" + std::to_string(ancestor_label_++);
        slot->level = 1;
        slot->index = ancestor_index_++;
        result->slot = slot.get();
        tree_->slots.push_back(std::move(slot));
        break;
      }
      case NodeType::kString:
      case NodeType::kNumber:
      case NodeType::kValue:
      case NodeType::kWildcard:
      case NodeType::kDescendant:
      case NodeType::kVariable:
      case NodeType::kRegex:
        result = std::move(expr);
        break;
      case NodeType::kOperator:
        if (expr->value == "and" || expr->value == "or" || expr->value == "in") {
          expr->type = NodeType::kName;
          return Process(std::move(expr));
        } else if (expr->value == "?") {
          result = std::move(expr);
        } else {
          ErrorInfo e;
          e.code = "S0201";
          e.position = expr->position;
          e.token = expr->value;
          Throw(std::move(e));
        }
        break;
      default: {
        ErrorInfo e;
        e.code = expr->type == NodeType::kEnd ? "S0207" : "S0206";
        e.position = expr->position;
        e.token = expr->value;
        Throw(std::move(e));
      }
    }
    if (keep_array) result->keep_array = true;
    return result;
  }

  std::string_view source_;
  Lexer lexer_;
  Token tok_;
  std::string id_;
  int depth_ = 0;
  int max_depth_;
  ParsedTree* tree_;
  int ancestor_label_ = 0;
  int ancestor_index_ = 0;
};

}  // namespace

ParsedTree Parse(std::string_view text, int max_depth) {
  ParsedTree tree;
  Parser parser(text, max_depth, &tree);
  tree.root = parser.Run();
  return tree;
}

}  // namespace sfn::jsonata
