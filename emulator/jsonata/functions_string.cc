// String functions of jsonata-js 2.0.6 (functions.js): $string, $substring,
// $substringBefore/After, $lowercase/$uppercase, $length, $trim, $pad,
// $contains, $split, $join, $match, $replace, $base64encode/decode and the
// URL encoders. Lengths and positions count characters as jsonata-js does.
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>

#include "emulator/core/base64.h"
#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/regex.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/utf.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

Value Str(std::string s) { return Value::String(std::move(s)); }

Value FnString(Call& c) {
  Value arg = c.Arg(0);
  if (arg.IsUndefined()) return Value();
  bool pretty = c.Arg(1).IsBool() && c.Arg(1).AsBool();
  return Str(StringOf(arg, pretty));
}

Value FnSubstring(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::vector<uint32_t> cps = DecodeUtf8(str.AsString());
  auto len = static_cast<double>(cps.size());
  double start = c.Arg(1).AsNumber();
  if (len + start < 0) start = 0;
  auto clamp = [&](double i) {
    // Array.prototype.slice index rules.
    if (std::isnan(i)) return 0.0;
    if (i < 0) return std::max(0.0, len + i);
    return std::min(i, len);
  };
  if (c.Arg(2).IsDefined()) {
    double length = c.Arg(2).AsNumber();
    if (length <= 0) return Str("");
    double end = start >= 0 ? start + length : len + start + length;
    double s = clamp(std::trunc(start)), e = clamp(std::trunc(end));
    if (e <= s) return Str("");
    return Str(EncodeUtf8(cps, static_cast<size_t>(s), static_cast<size_t>(e)));
  }
  double s = clamp(std::trunc(start));
  return Str(EncodeUtf8(cps, static_cast<size_t>(s)));
}

Value FnSubstringBefore(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  size_t pos = s.find(c.Arg(1).AsString());
  return pos == std::string_view::npos ? str : Str(std::string(s.substr(0, pos)));
}

Value FnSubstringAfter(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  std::string_view chars = c.Arg(1).AsString();
  size_t pos = s.find(chars);
  return pos == std::string_view::npos ? str : Str(std::string(s.substr(pos + chars.size())));
}

uint32_t UpperCp(uint32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 32;
  if ((cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) return cp - 32;
  if (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) return cp - 32;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 32;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 80;
  if (cp >= 0x100 && cp <= 0x17F && (cp % 2) == 1 && cp != 0x131 && cp != 0x149 && cp != 0x17F) {
    return cp - 1;
  }
  return cp;
}

uint32_t LowerCp(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)) return cp + 32;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 32;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
  if (cp >= 0x100 && cp <= 0x17F && (cp % 2) == 0 && cp != 0x130 && cp != 0x138) return cp + 1;
  return cp;
}

Value MapCase(Call& c, uint32_t (*f)(uint32_t)) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  std::string out;
  out.reserve(s.size());
  bool ascii = true;
  for (char ch : s) ascii = ascii && static_cast<unsigned char>(ch) < 0x80;
  if (ascii) {
    for (char ch : s) out.push_back(static_cast<char>(f(static_cast<unsigned char>(ch))));
    return Str(std::move(out));
  }
  for (uint32_t cp : DecodeUtf8(s)) {
    if (f == UpperCp && cp == 0xDF) {
      out += "SS";
      continue;
    }
    AppendUtf8(f(cp), &out);
  }
  return Str(std::move(out));
}

Value FnLowercase(Call& c) { return MapCase(c, LowerCp); }
Value FnUppercase(Call& c) { return MapCase(c, UpperCp); }

Value FnLength(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  return Num(CodePointCount(str.AsString()));
}

Value FnTrim(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string out;
  bool in_ws = false;
  for (char ch : str.AsString()) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!in_ws) out.push_back(' ');
      in_ws = true;
    } else {
      out.push_back(ch);
      in_ws = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Str(std::move(out));
}

Value FnPad(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  double width = c.Arg(1).AsNumber();
  std::string ch = c.Arg(2).IsString() ? std::string(c.Arg(2).AsString()) : "";
  if (ch.empty()) ch = " ";
  double pad_length = std::fabs(width) - static_cast<double>(CodePointCount(str.AsString()));
  if (!(pad_length > 0)) return str;
  auto n = static_cast<size_t>(pad_length);
  std::string padding;
  for (size_t i = 0; i < n; ++i) padding += ch;
  if (CodePointCount(ch) > 1) padding = EncodeUtf8(DecodeUtf8(padding), 0, n);
  std::string s(str.AsString());
  return Str(width > 0 ? s + padding : padding + s);
}

// A match as jsonata-js's matcher protocol describes it.
struct MatchInfo {
  std::string match;
  size_t start = 0;  // UTF-16 positions
  size_t end = 0;
  size_t start_byte = 0;
  size_t end_byte = 0;
  Values groups;
  Value next;  // custom matchers: the `next` function
};

size_t ByteOffsetOfUtf16(std::string_view s, size_t units) {
  size_t i = 0, u = 0;
  while (i < s.size() && u < units) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 1;
    u += len == 4 ? 2 : 1;
    i += len;
  }
  return std::min(i, s.size());
}

// Iterates the matches of a regex or of a custom matcher function.
class Matcher {
 public:
  Matcher(Call& call, const Value& matcher, const Value& str)
      : call_(call), matcher_(matcher), str_(str), s_(str.AsString()) {}

  std::optional<MatchInfo> First() {
    if (!matcher_.IsFunction()) return std::nullopt;
    const Function& f = matcher_.AsFunction();
    if (f.kind == Function::Kind::kRegex && f.bound.empty()) {
      regex_ = f.regex.get();
      position_ = f.position;
      return FromRegex(regex_->Exec(s_, 0));
    }
    return FromObject(call_.ev.Apply(matcher_, {str_}, Value::Null(), call_.env));
  }

  std::optional<MatchInfo> Next(const MatchInfo& prev) {
    if (regex_ != nullptr) {
      if (prev.end_byte >= s_.size()) return std::nullopt;
      auto m = regex_->Exec(s_, prev.end_byte);
      if (m && m->start == m->end) {
        ErrorInfo e;
        e.code = "D1004";
        e.position = position_;
        e.value = Value::String(regex_->source());
        Throw(std::move(e));
      }
      return FromRegex(m);
    }
    if (!prev.next.IsFunction()) return std::nullopt;
    return FromObject(call_.ev.Apply(prev.next, {}, Value::Null(), call_.env));
  }

 private:
  std::optional<MatchInfo> FromRegex(const std::optional<Regex::Match>& m) {
    if (!m) return std::nullopt;
    MatchInfo info;
    info.start_byte = m->start;
    info.end_byte = m->end;
    info.match = std::string(s_.substr(m->start, m->end - m->start));
    info.start = Utf16Offset(s_, m->start);
    info.end = info.start + Utf16Offset(info.match, info.match.size());
    for (const auto& g : m->groups) {
      info.groups.push_back(g ? Str(std::string(s_.substr(g->first, g->second - g->first)))
                              : Str(""));
    }
    return info;
  }

  std::optional<MatchInfo> FromObject(const Value& result) {
    if (result.IsUndefined()) return std::nullopt;
    bool shaped = result.Get("start").IsNumber() || result.Get("groups").IsArray() ||
                  result.Get("next").IsFunction();
    if (!shaped) {
      ErrorInfo e;
      e.code = "T1010";
      Throw(std::move(e));
    }
    MatchInfo info;
    Value match = result.Get("match");
    info.match = match.IsString() ? std::string(match.AsString()) : "";
    double start = result.Get("start").IsNumber() ? result.Get("start").AsNumber() : 0;
    double end = result.Get("end").IsNumber() ? result.Get("end").AsNumber() : start;
    info.start = static_cast<size_t>(std::max(0.0, start));
    info.end = static_cast<size_t>(std::max(0.0, end));
    info.start_byte = ByteOffsetOfUtf16(s_, info.start);
    info.end_byte = ByteOffsetOfUtf16(s_, info.end);
    Value groups = result.Get("groups");
    if (groups.IsArray()) info.groups = ItemsOf(groups);
    info.next = result.Get("next");
    return info;
  }

  Call& call_;
  Value matcher_;
  Value str_;
  std::string_view s_;
  const Regex* regex_ = nullptr;
  int64_t position_ = 0;
};

Value MatchObject(const MatchInfo& m, bool with_index) {
  auto o = std::make_shared<ObjectData>();
  o->Set("match", Str(m.match));
  if (with_index) {
    o->Set("index", Num(m.start));
  } else {
    o->Set("start", Num(m.start));
    o->Set("end", Num(m.end));
  }
  o->Set("groups", MakeArray(m.groups));
  return Value::Object(std::move(o));
}

Value FnContains(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  Value token = c.Arg(1);
  if (token.IsString()) {
    return Value::Bool(str.AsString().find(token.AsString()) != std::string_view::npos);
  }
  Matcher m(c, token, str);
  return Value::Bool(m.First().has_value());
}

Value FnMatch(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  Value limit = c.Arg(2);
  if (limit.IsDefined() && limit.AsNumber() < 0) {
    ErrorInfo e;
    e.code = "D3040";
    e.value = limit;
    e.index = 3;
    Throw(std::move(e));
  }
  auto result = NewSequence();
  if (limit.IsUndefined() || limit.AsNumber() > 0) {
    Matcher matcher(c, c.Arg(1), str);
    double count = 0;
    auto m = matcher.First();
    while (m && (limit.IsUndefined() || count < limit.AsNumber())) {
      result->items.push_back(MatchObject(*m, true));
      m = matcher.Next(*m);
      ++count;
    }
  }
  return Value::Array(std::move(result));
}

std::string Substitute(std::string_view replacement, const MatchInfo& m) {
  std::string out;
  size_t position = 0;
  size_t index = replacement.find('$', position);
  while (index != std::string_view::npos && position < replacement.size()) {
    out += replacement.substr(position, index - position);
    position = index + 1;
    char dollar = position < replacement.size() ? replacement[position] : '\0';
    if (dollar == '$') {
      out += '$';
      ++position;
    } else if (dollar == '0') {
      out += m.match;
      ++position;
    } else {
      size_t max_digits =
          m.groups.empty()
              ? 1
              : static_cast<size_t>(std::floor(std::log10(static_cast<double>(m.groups.size())))) +
                    1;
      auto parse = [&](size_t digits) -> std::optional<size_t> {
        std::string_view part = replacement.substr(position, digits);
        size_t k = 0;
        size_t v = 0;
        while (k < part.size() && part[k] >= '0' && part[k] <= '9') {
          v = v * 10 + static_cast<size_t>(part[k] - '0');
          ++k;
        }
        if (k == 0) return std::nullopt;
        return v;
      };
      auto idx = parse(max_digits);
      if (max_digits > 1 && idx && *idx > m.groups.size()) idx = parse(max_digits - 1);
      if (idx) {
        if (!m.groups.empty() && *idx >= 1 && *idx <= m.groups.size()) {
          const Value& sub = m.groups[*idx - 1];
          if (sub.IsString()) out += sub.AsString();
        }
        position += std::to_string(*idx).size();
      } else {
        out += '$';
      }
    }
    index = replacement.find('$', position);
  }
  if (position < replacement.size()) out += replacement.substr(position);
  return out;
}

Value FnReplace(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  Value pattern = c.Arg(1);
  Value replacement = c.Arg(2);
  Value limit = c.Arg(3);
  if (pattern.IsString() && pattern.AsString().empty()) {
    ErrorInfo e;
    e.code = "D3010";
    e.value = pattern;
    e.index = 2;
    Throw(std::move(e));
  }
  if (limit.IsDefined() && limit.AsNumber() < 0) {
    ErrorInfo e;
    e.code = "D3011";
    e.value = limit;
    e.index = 4;
    Throw(std::move(e));
  }
  std::string_view s = str.AsString();
  if (!(limit.IsUndefined() || limit.AsNumber() > 0)) return str;
  std::string result;
  size_t position = 0;
  double count = 0;
  if (pattern.IsString()) {
    std::string_view p = pattern.AsString();
    // A string replacement is inserted literally for a string pattern.
    std::string rep =
        replacement.IsString() ? std::string(replacement.AsString()) : StringOf(replacement);
    size_t index = s.find(p, position);
    while (index != std::string_view::npos && (limit.IsUndefined() || count < limit.AsNumber())) {
      result += s.substr(position, index - position);
      result += rep;
      position = index + p.size();
      ++count;
      index = s.find(p, position);
    }
    result += s.substr(position);
    return Str(std::move(result));
  }
  Matcher matcher(c, pattern, str);
  auto m = matcher.First();
  if (!m) return str;
  while (m && (limit.IsUndefined() || count < limit.AsNumber())) {
    result += s.substr(position, m->start_byte > position ? m->start_byte - position : 0);
    if (replacement.IsString()) {
      result += Substitute(replacement.AsString(), *m);
    } else {
      Value with = CallHof(c, replacement, MatchObject(*m, false), Value(), Value());
      if (!with.IsString()) {
        ErrorInfo e;
        e.code = "D3012";
        e.value = with;
        Throw(std::move(e));
      }
      result += with.AsString();
    }
    position = m->start_byte + m->match.size();
    ++count;
    m = matcher.Next(*m);
  }
  if (position < s.size()) result += s.substr(position);
  return Str(std::move(result));
}

Value FnSplit(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  Value sep = c.Arg(1);
  Value limit = c.Arg(2);
  if (limit.IsDefined() && limit.AsNumber() < 0) {
    ErrorInfo e;
    e.code = "D3020";
    e.value = limit;
    e.index = 3;
    Throw(std::move(e));
  }
  Values result;
  std::string_view s = str.AsString();
  if (limit.IsUndefined() || limit.AsNumber() > 0) {
    double max = limit.IsUndefined() ? 1e300 : std::floor(limit.AsNumber());
    if (sep.IsString()) {
      std::string_view p = sep.AsString();
      if (p.empty()) {
        for (uint32_t cp : DecodeUtf8(s)) {
          if (static_cast<double>(result.size()) >= max) break;
          std::string one;
          AppendUtf8(cp, &one);
          result.push_back(Str(std::move(one)));
        }
      } else {
        size_t pos = 0;
        while (static_cast<double>(result.size()) < max) {
          size_t idx = s.find(p, pos);
          if (idx == std::string_view::npos) {
            result.push_back(Str(std::string(s.substr(pos))));
            break;
          }
          result.push_back(Str(std::string(s.substr(pos, idx - pos))));
          pos = idx + p.size();
        }
      }
    } else {
      Matcher matcher(c, sep, str);
      auto m = matcher.First();
      if (m) {
        size_t start = 0;
        double count = 0;
        while (m && (limit.IsUndefined() || count < limit.AsNumber())) {
          result.push_back(
              Str(std::string(s.substr(start, m->start_byte > start ? m->start_byte - start : 0))));
          start = m->end_byte;
          m = matcher.Next(*m);
          ++count;
        }
        if (limit.IsUndefined() || count < limit.AsNumber()) {
          result.push_back(Str(std::string(start < s.size() ? s.substr(start) : "")));
        }
      } else {
        result.push_back(str);
      }
    }
  }
  return MakeArray(std::move(result));
}

Value FnJoin(Call& c) {
  Value strs = c.Arg(0);
  if (strs.IsUndefined()) return Value();
  std::string sep = c.Arg(1).IsString() ? std::string(c.Arg(1).AsString()) : "";
  std::string out;
  size_t n = strs.Size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += sep;
    out += strs.At(i).AsString();
  }
  return Str(std::move(out));
}

// Buffer.from(str, 'binary'): each UTF-16 unit's low byte.
Value FnBase64Encode(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string bytes;
  for (uint32_t cp : DecodeUtf8(str.AsString())) {
    if (cp >= 0x10000) {
      uint32_t v = cp - 0x10000;
      bytes.push_back(static_cast<char>((0xD800 + (v >> 10)) & 0xFF));
      bytes.push_back(static_cast<char>((0xDC00 + (v & 0x3FF)) & 0xFF));
    } else {
      bytes.push_back(static_cast<char>(cp & 0xFF));
    }
  }
  return Str(Base64Encode(bytes));
}

Value FnBase64Decode(Call& c) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  // Node's Buffer.from(s, 'base64') skips characters outside the alphabet.
  std::string clean;
  for (char ch : str.AsString()) {
    if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '+' || ch == '/' || ch == '-' ||
        ch == '_') {
      clean.push_back(ch == '-' ? '+' : ch == '_' ? '/' : ch);
    } else if (ch == '=') {
      break;
    }
  }
  while (clean.size() % 4 == 1) clean.pop_back();
  auto bytes = Base64Decode(clean, Base64Mode::kLenient);
  std::string out;
  if (bytes) {
    for (char b : *bytes) AppendUtf8(static_cast<unsigned char>(b), &out);
  }
  return Str(std::move(out));
}

[[noreturn]] void MalformedUrl(const Value& str, const char* fn) {
  ErrorInfo e;
  e.code = "D3140";
  e.value = str;
  e.function_name = fn;
  Throw(std::move(e));
}

Value Encode(Call& c, const char* keep, const char* fn) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  // A lone surrogate cannot be encoded (URIError); it cannot appear in valid
  // UTF-8, so check for the replacement of an invalid sequence instead.
  for (uint32_t cp : DecodeUtf8(s)) {
    if (cp == 0xFFFD && s.find("\xEF\xBF\xBD") == std::string_view::npos) MalformedUrl(str, fn);
  }
  std::string out;
  for (char ch : s) {
    auto b = static_cast<unsigned char>(ch);
    if (std::isalnum(b) ||
        (b < 0x80 && std::string_view(keep).find(ch) != std::string_view::npos)) {
      out.push_back(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", b);
      out += buf;
    }
  }
  return Str(std::move(out));
}

Value FnEncodeUrlComponent(Call& c) { return Encode(c, "-_.!~*'()", "encodeUrlComponent"); }
Value FnEncodeUrl(Call& c) { return Encode(c, "-_.!~*'();/?:@&=+$,#", "encodeUrl"); }

int HexVal(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

Value Decode(Call& c, const char* reserved, const char* fn) {
  Value str = c.Arg(0);
  if (str.IsUndefined()) return Value();
  std::string_view s = str.AsString();
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) MalformedUrl(str, fn);
    int hi = HexVal(s[i + 1]), lo = HexVal(s[i + 2]);
    if (hi < 0 || lo < 0) MalformedUrl(str, fn);
    auto byte = static_cast<unsigned char>(hi * 16 + lo);
    if (byte < 0x80) {
      if (std::string_view(reserved).find(static_cast<char>(byte)) != std::string_view::npos) {
        out.append(s.substr(i, 3));
      } else {
        out.push_back(static_cast<char>(byte));
      }
      i += 2;
      continue;
    }
    // A multi-byte UTF-8 sequence, every byte percent-encoded.
    int len = (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : (byte >> 3) == 0x1E ? 4 : 0;
    if (len == 0) MalformedUrl(str, fn);
    std::string seq(1, static_cast<char>(byte));
    size_t j = i + 3;
    for (int k = 1; k < len; ++k) {
      if (j + 2 >= s.size() || s[j] != '%') MalformedUrl(str, fn);
      int h = HexVal(s[j + 1]), l = HexVal(s[j + 2]);
      if (h < 0 || l < 0) MalformedUrl(str, fn);
      auto b = static_cast<unsigned char>(h * 16 + l);
      if ((b & 0xC0) != 0x80) MalformedUrl(str, fn);
      seq.push_back(static_cast<char>(b));
      j += 3;
    }
    auto cps = DecodeUtf8(seq);
    if (cps.size() != 1 || cps[0] == 0xFFFD) MalformedUrl(str, fn);
    out += seq;
    i = j - 1;
  }
  return Str(std::move(out));
}

Value FnDecodeUrlComponent(Call& c) { return Decode(c, "", "decodeUrlComponent"); }
Value FnDecodeUrl(Call& c) { return Decode(c, ";/?:@&=+$,#", "decodeUrl"); }

}  // namespace

std::vector<BuiltinSpec> StringFunctions() {
  return {
      {"string", "<x-b?:s>", FnString, 1},
      {"substring", "<s-nn?:s>", FnSubstring, 3},
      {"substringBefore", "<s-s:s>", FnSubstringBefore, 2},
      {"substringAfter", "<s-s:s>", FnSubstringAfter, 2},
      {"lowercase", "<s-:s>", FnLowercase, 1},
      {"uppercase", "<s-:s>", FnUppercase, 1},
      {"length", "<s-:n>", FnLength, 1},
      {"trim", "<s-:s>", FnTrim, 1},
      {"pad", "<s-ns?:s>", FnPad, 3},
      {"match", "<s-f<s:o>n?:a<o>>", FnMatch, 3},
      {"contains", "<s-(sf):b>", FnContains, 2},
      {"replace", "<s-(sf)(sf)n?:s>", FnReplace, 4},
      {"split", "<s-(sf)n?:a<s>>", FnSplit, 3},
      {"join", "<a<s>s?:s>", FnJoin, 2},
      {"base64encode", "<s-:s>", FnBase64Encode, 1},
      {"base64decode", "<s-:s>", FnBase64Decode, 1},
      {"encodeUrlComponent", "<s-:s>", FnEncodeUrlComponent, 1},
      {"encodeUrl", "<s-:s>", FnEncodeUrl, 1},
      {"decodeUrlComponent", "<s-:s>", FnDecodeUrlComponent, 1},
      {"decodeUrl", "<s-:s>", FnDecodeUrl, 1},
  };
}

}  // namespace sfn::jsonata
