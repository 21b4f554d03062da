#include "emulator/jsonata/signature.h"

#include "emulator/jsonata/throw.h"

namespace sfn::jsonata {

namespace {

size_t FindClosing(std::string_view s, size_t start, char open, char close) {
  int depth = 1;
  size_t pos = start;
  while (pos < s.size()) {
    ++pos;
    if (pos >= s.size()) break;
    char c = s[pos];
    if (c == close) {
      if (--depth == 0) break;
    } else if (c == open) {
      ++depth;
    }
  }
  return pos;
}

std::string ArrayTypeName(const std::string& subtype) {
  if (subtype == "a") return "arrays";
  if (subtype == "b") return "booleans";
  if (subtype == "f") return "functions";
  if (subtype == "n") return "numbers";
  if (subtype == "o") return "objects";
  if (subtype == "s") return "strings";
  return subtype;
}

}  // namespace

char TypeSymbol(const Value& v) {
  switch (v.type()) {
    case Value::Type::kFunction:
      return 'f';
    case Value::Type::kString:
      return 's';
    case Value::Type::kNumber:
      return 'n';
    case Value::Type::kBool:
      return 'b';
    case Value::Type::kNull:
      return 'l';
    case Value::Type::kArray:
      return 'a';
    case Value::Type::kObject:
      return 'o';
    case Value::Type::kUndefined:
      return 'm';
  }
  return 'm';
}

std::shared_ptr<const Signature> Signature::Parse(std::string_view text) {
  auto sig = std::make_shared<Signature>();
  sig->definition_ = std::string(text);
  Param param;
  Param* prev = nullptr;
  auto next = [&]() {
    sig->params_.push_back(param);
    prev = &sig->params_.back();
    param = Param();
  };
  size_t position = 1;
  while (position < text.size()) {
    char symbol = text[position];
    if (symbol == ':') break;
    switch (symbol) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        param.allowed = std::string(1, symbol) + "m";
        param.type = symbol;
        next();
        break;
      case 'a':
        param.allowed = "asnblfom";
        param.type = symbol;
        next();
        break;
      case 'f':
        param.allowed = "f";
        param.type = symbol;
        next();
        break;
      case 'j':
        param.allowed = "asnblom";
        param.type = symbol;
        next();
        break;
      case 'x':
        param.allowed = "asnblfom";
        param.type = symbol;
        next();
        break;
      case '-':
        if (prev != nullptr) {
          prev->context = true;
          prev->context_allowed = prev->allowed;
          prev->quantifier = '?';
        }
        break;
      case '?':
      case '+':
        if (prev != nullptr) prev->quantifier = symbol;
        break;
      case '(': {
        size_t end = FindClosing(text, position, '(', ')');
        std::string choice(text.substr(position + 1, end - position - 1));
        if (choice.find('<') != std::string::npos) {
          ErrorInfo e;
          e.code = "S0402";
          e.value = Value::String(choice);
          e.position = static_cast<int64_t>(position);
          Throw(std::move(e));
        }
        param.allowed = choice + "m";
        param.type = '(';
        position = end;
        next();
        break;
      }
      case '<': {
        if (prev != nullptr && (prev->type == 'a' || prev->type == 'f')) {
          size_t end = FindClosing(text, position, '<', '>');
          prev->subtype = std::string(text.substr(position + 1, end - position - 1));
          prev->has_subtype = true;
          position = end;
        } else {
          ErrorInfo e;
          e.code = "S0401";
          e.value = Value::String(prev != nullptr ? std::string(1, prev->type) : "");
          e.position = static_cast<int64_t>(position);
          Throw(std::move(e));
        }
        break;
      }
      default:
        break;
    }
    ++position;
  }
  return sig;
}

// Matches params[param..] against sig[pos..] as jsonata-js's regex
// ^(p1)(p2)...$ would (greedy, backtracking); without `anchored` the end need
// not be reached (its partial-pattern check).
bool Signature::Match(const std::string& sig, size_t param, size_t pos, bool anchored,
                      std::vector<std::pair<size_t, size_t>>* spans) const {
  if (param == spans->size()) return !anchored || pos == sig.size();
  const Param& p = params_[param];
  auto ok = [&](size_t i) { return i < sig.size() && p.allowed.find(sig[i]) != std::string::npos; };
  size_t max_take = 0;
  if (p.quantifier == '+') {
    while (ok(pos + max_take)) ++max_take;
    if (max_take == 0) return false;
    for (size_t take = max_take; take >= 1; --take) {
      (*spans)[param] = {pos, take};
      if (Match(sig, param + 1, pos + take, anchored, spans)) return true;
    }
    return false;
  }
  if (ok(pos)) {
    (*spans)[param] = {pos, 1};
    if (Match(sig, param + 1, pos + 1, anchored, spans)) return true;
  }
  if (p.quantifier == '?') {
    (*spans)[param] = {pos, 0};
    return Match(sig, param + 1, pos, anchored, spans);
  }
  return false;
}

Values Signature::Validate(const Values& args, const Value& context) const {
  std::string supplied;
  supplied.reserve(args.size());
  for (const auto& a : args) supplied.push_back(TypeSymbol(a));
  std::vector<std::pair<size_t, size_t>> spans(params_.size());
  if (!Match(supplied, 0, 0, true, &spans)) {
    // The first argument that no prefix of the signature accepts.
    size_t good_to = 0;
    for (size_t k = 1; k <= params_.size(); ++k) {
      std::vector<std::pair<size_t, size_t>> part(k);
      if (!Match(supplied, 0, 0, false, &part)) break;
      good_to = part.back().first + part.back().second;
    }
    ErrorInfo e;
    e.code = "T0410";
    if (good_to < args.size()) e.value = args[good_to];
    e.index = static_cast<int64_t>(good_to + 1);
    Throw(std::move(e));
  }
  Values out;
  out.reserve(params_.size());
  size_t arg_index = 0;
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    auto [start, len] = spans[i];
    if (len == 0) {
      if (p.context) {
        char ctype = TypeSymbol(context);
        if (p.context_allowed.find(ctype) != std::string::npos) {
          out.push_back(context);
        } else {
          ErrorInfo e;
          e.code = "T0411";
          e.value = context;
          e.index = static_cast<int64_t>(arg_index + 1);
          Throw(std::move(e));
        }
      } else {
        out.push_back(arg_index < args.size() ? args[arg_index] : Value());
        ++arg_index;
      }
      continue;
    }
    for (size_t k = 0; k < len; ++k) {
      char single = supplied[start + k];
      Value arg = arg_index < args.size() ? args[arg_index] : Value();
      if (p.type == 'a') {
        if (single == 'm') {
          arg = Value();
        } else {
          bool array_ok = true;
          if (p.has_subtype) {
            if (single != 'a' && std::string(1, single) != p.subtype) {
              array_ok = false;
            } else if (single == 'a' && arg.Size() > 0) {
              char item_type = TypeSymbol(arg.At(0));
              if (item_type != p.subtype[0]) {
                array_ok = false;
              } else {
                size_t n = arg.Size();
                for (size_t j = 0; j < n; ++j) {
                  if (TypeSymbol(arg.At(j)) != item_type) {
                    array_ok = false;
                    break;
                  }
                }
              }
            }
          }
          if (!array_ok) {
            ErrorInfo e;
            e.code = "T0412";
            e.value = arg;
            e.index = static_cast<int64_t>(arg_index + 1);
            e.type = ArrayTypeName(p.subtype);
            Throw(std::move(e));
          }
          if (single != 'a') arg = MakeArray({arg});
        }
      }
      out.push_back(arg);
      ++arg_index;
    }
  }
  return out;
}

}  // namespace sfn::jsonata
