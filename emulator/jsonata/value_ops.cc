#include "emulator/jsonata/value_ops.h"

#include <algorithm>
#include <cmath>

#include "emulator/core/json_quote.h"
#include "emulator/jsonata/function.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/throw.h"

namespace sfn::jsonata {

void Throw(std::string code, std::optional<int64_t> position) {
  ErrorInfo info;
  info.code = std::move(code);
  info.position = position;
  throw JsonataThrow(std::move(info));
}

void Fail(const char* code, std::optional<int64_t> position, const Value& value, const char* token,
          const Value& value2, const char* message) {
  ErrorInfo info;
  info.code = code;
  info.position = position;
  if (value.IsDefined()) info.value = value;
  if (token != nullptr) info.token = token;
  if (value2.IsDefined()) info.value2 = value2;
  if (message != nullptr) info.message = message;
  throw JsonataThrow(std::move(info));
}

void Rethrow(const Error& error) {
  ErrorInfo info;
  info.code = error.code;
  info.final_message = error.message;
  info.position = error.position;
  info.token = error.token;
  if (error.value) info.value = Value::FromJson(*error.value);
  throw JsonataThrow(std::move(info));
}

bool IsNumeric(const Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.AsNumber();
  if (std::isnan(d)) return false;
  if (!std::isfinite(d)) Fail("D1001", std::nullopt, v);
  return true;
}

bool IsArrayOfNumbers(const Value& v) {
  if (!v.IsArray()) return false;
  size_t n = v.Size();
  for (size_t i = 0; i < n; ++i) {
    if (!IsNumeric(v.At(i))) return false;
  }
  return true;
}

bool IsArrayOfStrings(const Value& v) {
  if (!v.IsArray()) return false;
  size_t n = v.Size();
  for (size_t i = 0; i < n; ++i) {
    if (!v.At(i).IsString()) return false;
  }
  return true;
}

std::optional<bool> Truthy(const Value& v) {
  switch (v.type()) {
    case Value::Type::kUndefined:
      return std::nullopt;
    case Value::Type::kArray: {
      size_t n = v.Size();
      if (n == 1) return Truthy(v.At(0));
      for (size_t i = 0; i < n; ++i) {
        if (Truthy(v.At(i)).value_or(false)) return true;
      }
      return false;
    }
    case Value::Type::kString:
      return !v.AsString().empty();
    case Value::Type::kNumber:
      return IsNumeric(v) && v.AsNumber() != 0;
    case Value::Type::kObject:
      return v.ObjectSize() > 0;
    case Value::Type::kFunction:
      // jsonata-js hands functions to built-ins as JavaScript closures,
      // which no branch of fn.boolean counts as true.
      return false;
    case Value::Type::kBool:
      return v.AsBool();
    case Value::Type::kNull:
      return false;
  }
  return false;
}

bool Boolize(const Value& v) { return Truthy(v).value_or(false); }

namespace {
[[noreturn]] void TooDeep() { Fail("U1001", std::nullopt, Value()); }
}  // namespace

bool DeepEqual(const Value& a, const Value& b, int depth) {
  if (a.type() != b.type()) return false;
  if (depth > kMaxValueNesting) TooDeep();
  switch (a.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      return true;
    case Value::Type::kBool:
      return a.AsBool() == b.AsBool();
    case Value::Type::kNumber:
      return a.AsNumber() == b.AsNumber();
    case Value::Type::kString:
      return a.AsString() == b.AsString();
    case Value::Type::kFunction:
      return &a.AsFunction() == &b.AsFunction();
    case Value::Type::kArray: {
      size_t n = a.Size();
      if (n != b.Size()) return false;
      for (size_t i = 0; i < n; ++i) {
        if (!DeepEqual(a.At(i), b.At(i), depth + 1)) return false;
      }
      return true;
    }
    case Value::Type::kObject: {
      if (a.ObjectSize() != b.ObjectSize()) return false;
      bool equal = true;
      a.ForEachEntry([&](std::string_view key, const Value& va) {
        if (!equal) return;
        if (!b.Has(key)) {
          equal = false;
          return;
        }
        if (!DeepEqual(va, b.Get(key), depth + 1)) equal = false;
      });
      return equal;
    }
  }
  return false;
}

bool StrictEqual(const Value& a, const Value& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Value::Type::kArray:
    case Value::Type::kObject:
    case Value::Type::kFunction:
      // Identity: two values are the same JS object when they share data.
      return a.Identity() == b.Identity();
    default:
      return DeepEqual(a, b);
  }
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  AppendJsonQuoted(s, out);
  return out;
}

namespace {

void Indent(std::string* out, int level) {
  out->push_back('\n');
  out->append(static_cast<size_t>(level) * 2, ' ');
}

void Stringify(const Value& v, bool pretty, int level, std::string* out) {
  if (level > kMaxValueNesting) TooDeep();
  switch (v.type()) {
    case Value::Type::kUndefined:
    case Value::Type::kNull:
      *out += "null";
      return;
    case Value::Type::kBool:
      *out += v.AsBool() ? "true" : "false";
      return;
    case Value::Type::kNumber:
      if (IsNumeric(v)) {
        *out += NumberToString(RoundTo15Digits(v.AsNumber()));
      } else {
        *out += "null";
      }
      return;
    case Value::Type::kString:
      *out += JsonQuote(v.AsString());
      return;
    case Value::Type::kFunction:
      *out += "\"\"";
      return;
    case Value::Type::kArray: {
      size_t n = v.Size();
      if (n == 0) {
        *out += "[]";
        return;
      }
      out->push_back('[');
      for (size_t i = 0; i < n; ++i) {
        if (i > 0) out->push_back(',');
        if (pretty) Indent(out, level + 1);
        Stringify(v.At(i), pretty, level + 1, out);
      }
      if (pretty) Indent(out, level);
      out->push_back(']');
      return;
    }
    case Value::Type::kObject: {
      bool first = true;
      out->push_back('{');
      v.ForEachEntry([&](std::string_view key, const Value& item) {
        if (item.IsUndefined()) return;
        if (!first) out->push_back(',');
        first = false;
        if (pretty) Indent(out, level + 1);
        *out += JsonQuote(key);
        out->push_back(':');
        if (pretty) out->push_back(' ');
        Stringify(item, pretty, level + 1, out);
      });
      if (pretty && !first) Indent(out, level);
      out->push_back('}');
      return;
    }
  }
}

}  // namespace

std::string StringOf(const Value& v, bool pretty) {
  if (v.IsString()) return std::string(v.AsString());
  if (v.IsFunction()) return "";
  if (v.IsNumber() && !std::isfinite(v.AsNumber())) {
    ErrorInfo e;
    e.code = "D3001";
    e.value = v;
    Throw(std::move(e));
  }
  Value target = v;
  if (v.IsArray() && v.IsOuterWrapper() && v.Size() > 0) target = v.At(0);
  std::string out;
  Stringify(target, pretty, 0, &out);
  return out;
}

Value Append(const Value& a, const Value& b) {
  if (a.IsUndefined()) return b;
  if (b.IsUndefined()) return a;
  auto out = std::make_shared<ArrayData>();
  if (a.IsArray()) {
    out->items = ItemsOf(a);
  } else {
    out->items.push_back(a);
  }
  if (b.IsArray()) {
    size_t n = b.Size();
    for (size_t i = 0; i < n; ++i) out->items.push_back(b.At(i));
  } else {
    out->items.push_back(b);
  }
  return Value::Array(std::move(out));
}

Value LookupKey(const Value& input, std::string_view key) {
  if (input.IsArray()) {
    auto out = NewSequence();
    size_t n = input.Size();
    for (size_t i = 0; i < n; ++i) {
      Value res = LookupKey(input.At(i), key);
      if (res.IsUndefined()) continue;
      if (res.IsArray()) {
        size_t m = res.Size();
        for (size_t j = 0; j < m; ++j) out->items.push_back(res.At(j));
      } else {
        out->items.push_back(std::move(res));
      }
    }
    return Value::Array(std::move(out));
  }
  if (input.IsObject()) return input.Get(key);
  return Value();
}

void FlattenInto(const Value& v, Values* out, int depth) {
  if (depth > kMaxValueNesting) TooDeep();
  if (v.IsArray()) {
    size_t n = v.Size();
    for (size_t i = 0; i < n; ++i) FlattenInto(v.At(i), out, depth + 1);
  } else {
    out->push_back(v);
  }
}

}  // namespace sfn::jsonata
