// Boolean, array, object and higher-order functions of jsonata-js 2.0.6:
// $boolean, $not, $exists, $type, $keys, $lookup, $append, $spread, $merge,
// $reverse, $each, $sift, $distinct, $sort, $shuffle, $zip, $clone, $error,
// $assert, $single, $map, $filter, $reduce.
#include <cmath>
#include <string>
#include <unordered_set>

#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

Value FnBoolean(Call& c) {
  auto b = Truthy(c.Arg(0));
  return b ? Value::Bool(*b) : Value();
}

Value FnNot(Call& c) {
  if (c.Arg(0).IsUndefined()) return Value();
  return Value::Bool(!Truthy(c.Arg(0)).value_or(false));
}

Value FnExists(Call& c) { return Value::Bool(c.Arg(0).IsDefined()); }

Value FnType(Call& c) {
  Value v = c.Arg(0);
  switch (v.type()) {
    case Value::Type::kUndefined:
      return Value();
    case Value::Type::kNull:
      return Value::String("null");
    case Value::Type::kNumber:
      return Value::String(IsNumeric(v) ? "number" : "object");
    case Value::Type::kString:
      return Value::String("string");
    case Value::Type::kBool:
      return Value::String("boolean");
    case Value::Type::kArray:
      return Value::String("array");
    case Value::Type::kFunction:
      return Value::String("function");
    case Value::Type::kObject:
      return Value::String("object");
  }
  return Value();
}

void KeysInto(const Value& arg, std::vector<std::string>* keys,
              std::unordered_set<std::string>* seen) {
  if (arg.IsArray()) {
    size_t n = arg.Size();
    for (size_t i = 0; i < n; ++i) KeysInto(arg.At(i), keys, seen);
  } else if (arg.IsObject()) {
    arg.ForEachEntry([&](std::string_view k, const Value&) {
      if (seen->insert(std::string(k)).second) keys->push_back(std::string(k));
    });
  }
}

Value FnKeys(Call& c) {
  std::vector<std::string> keys;
  std::unordered_set<std::string> seen;
  KeysInto(c.Arg(0), &keys, &seen);
  auto seq = NewSequence();
  for (auto& k : keys) seq->items.push_back(Value::String(std::move(k)));
  return Value::Array(std::move(seq));
}

Value FnLookup(Call& c) { return LookupKey(c.Arg(0), c.Arg(1).AsString()); }

Value FnAppend(Call& c) { return Append(c.Arg(0), c.Arg(1)); }

Value Spread(const Value& arg) {
  if (arg.IsArray()) {
    Value result = Value::Array(NewSequence());
    size_t n = arg.Size();
    for (size_t i = 0; i < n; ++i) result = Append(result, Spread(arg.At(i)));
    return result;
  }
  if (arg.IsObject()) {
    auto seq = NewSequence();
    arg.ForEachEntry([&](std::string_view k, const Value& v) {
      auto o = std::make_shared<ObjectData>();
      o->Set(std::string(k), v);
      seq->items.push_back(Value::Object(std::move(o)));
    });
    return Value::Array(std::move(seq));
  }
  return arg;
}

Value FnSpread(Call& c) { return Spread(c.Arg(0)); }

Value FnMerge(Call& c) {
  Value arg = c.Arg(0);
  if (arg.IsUndefined()) return Value();
  auto out = std::make_shared<ObjectData>();
  size_t n = arg.Size();
  for (size_t i = 0; i < n; ++i) {
    arg.At(i).ForEachEntry(
        [&](std::string_view k, const Value& v) { out->Set(std::string(k), v); });
  }
  return Value::Object(std::move(out));
}

Value FnReverse(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  if (arr.Size() <= 1) return arr;
  Values items = ItemsOf(arr);
  std::reverse(items.begin(), items.end());
  return MakeArray(std::move(items));
}

Value FnEach(Call& c) {
  Value obj = c.Arg(0);
  Value func = c.Arg(1);
  auto seq = NewSequence();
  std::vector<std::pair<std::string, Value>> entries;
  obj.ForEachEntry(
      [&](std::string_view k, const Value& v) { entries.emplace_back(std::string(k), v); });
  for (const auto& [k, v] : entries) {
    Value res = CallHof(c, func, v, Value::String(k), obj);
    if (res.IsDefined()) seq->items.push_back(std::move(res));
  }
  return Value::Array(std::move(seq));
}

Value FnSift(Call& c) {
  Value obj = c.Arg(0);
  Value func = c.Arg(1);
  auto out = std::make_shared<ObjectData>();
  std::vector<std::pair<std::string, Value>> entries;
  obj.ForEachEntry(
      [&](std::string_view k, const Value& v) { entries.emplace_back(std::string(k), v); });
  for (const auto& [k, v] : entries) {
    Value res = CallHof(c, func, v, Value::String(k), obj);
    if (Truthy(res).value_or(false)) out->Set(k, v);
  }
  if (out->entries.empty()) return Value();
  return Value::Object(std::move(out));
}

Value FnDistinct(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  if (!arr.IsArray() || arr.Size() <= 1) return arr;
  Values results;
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value v = arr.At(i);
    bool includes = false;
    for (const auto& r : results) {
      if (DeepEqual(v, r)) {
        includes = true;
        break;
      }
    }
    if (!includes) results.push_back(std::move(v));
  }
  return arr.IsSequence() ? MakeSequence(std::move(results)) : MakeArray(std::move(results));
}

Value FnSort(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  if (arr.Size() <= 1) return arr;
  Value comparator = c.Arg(1);
  Values items = ItemsOf(arr);
  if (comparator.IsUndefined()) {
    if (!IsArrayOfNumbers(arr) && !IsArrayOfStrings(arr)) {
      ErrorInfo e;
      e.code = "D3070";
      e.index = 1;
      Throw(std::move(e));
    }
    bool numbers = items[0].IsNumber();
    return MakeArray(MergeSort(std::move(items), [&](const Value& a, const Value& b) {
      if (numbers) return a.AsNumber() > b.AsNumber();
      return a.AsString() > b.AsString();
    }));
  }
  return MakeArray(MergeSort(std::move(items), [&](const Value& a, const Value& b) {
    Value r = c.ev.Apply(comparator, {a, b}, Value::Null(), c.env);
    return Truthy(r).value_or(false);
  }));
}

Value FnShuffle(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  if (arr.Size() <= 1) return arr;
  Values items = ItemsOf(arr);
  Values result(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    double r = static_cast<double>(c.ev.random()->Next() >> 11) * 0x1.0p-53;
    auto j = static_cast<size_t>(std::floor(r * static_cast<double>(i + 1)));
    if (i != j) result[i] = result[j];
    result[j] = items[i];
  }
  return MakeArray(std::move(result));
}

Value FnZip(Call& c) {
  size_t length = c.args.empty() ? 0 : SIZE_MAX;
  for (const auto& a : c.args) length = std::min(length, a.IsArray() ? a.Size() : size_t{0});
  Values result;
  for (size_t i = 0; i < length; ++i) {
    Values tuple;
    for (const auto& a : c.args) tuple.push_back(a.At(i));
    result.push_back(MakeArray(std::move(tuple)));
  }
  return MakeArray(std::move(result));
}

Value FnClone(Call& c) {
  Value arg = c.Arg(0);
  if (arg.IsUndefined()) return Value();
  // JSON.parse(fn.string(arg)).
  std::string text = StringOf(arg);
  auto parsed = ParseJson(text);
  if (!parsed.ok()) return Value();
  return Value::FromJson(parsed.value());
}

Value FnError(Call& c) {
  ErrorInfo e;
  e.code = "D3137";
  Value m = c.Arg(0);
  e.message = m.IsString() && !m.AsString().empty() ? std::string(m.AsString())
                                                    : "$error() function evaluated";
  Throw(std::move(e));
}

Value FnAssert(Call& c) {
  if (!c.Arg(0).AsBool()) {
    ErrorInfo e;
    e.code = "D3141";
    Value m = c.Arg(1);
    e.message = m.IsString() && !m.AsString().empty() ? std::string(m.AsString())
                                                      : "$assert() statement failed";
    Throw(std::move(e));
  }
  return Value();
}

Value FnSingle(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  Value func = c.Arg(1);
  bool found = false;
  Value result;
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value entry = arr.At(i);
    bool positive = true;
    if (func.IsDefined()) positive = Truthy(CallHof(c, func, entry, Num(i), arr)).value_or(false);
    if (positive) {
      if (found) {
        ErrorInfo e;
        e.code = "D3138";
        e.index = static_cast<int64_t>(i);
        Throw(std::move(e));
      }
      result = entry;
      found = true;
    }
  }
  if (!found) {
    ErrorInfo e;
    e.code = "D3139";
    Throw(std::move(e));
  }
  return result;
}

Value FnMap(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  Value func = c.Arg(1);
  auto seq = NewSequence();
  size_t n = arr.Size();
  seq->items.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Value res = CallHof(c, func, arr.At(i), Num(i), arr);
    if (res.IsDefined()) seq->items.push_back(std::move(res));
  }
  return Value::Array(std::move(seq));
}

Value FnFilter(Call& c) {
  Value arr = c.Arg(0);
  if (arr.IsUndefined()) return Value();
  Value func = c.Arg(1);
  auto seq = NewSequence();
  size_t n = arr.Size();
  for (size_t i = 0; i < n; ++i) {
    Value entry = arr.At(i);
    if (Truthy(CallHof(c, func, entry, Num(i), arr)).value_or(false)) seq->items.push_back(entry);
  }
  return Value::Array(std::move(seq));
}

Value FnReduce(Call& c) {
  Value seq = c.Arg(0);
  if (seq.IsUndefined()) return Value();
  Value func = c.Arg(1);
  int arity = func.AsFunction().Arity();
  if (arity < 2) {
    ErrorInfo e;
    e.code = "D3050";
    e.index = 1;
    Throw(std::move(e));
  }
  Value result;
  size_t index;
  size_t n = seq.Size();
  if (c.Arg(2).IsUndefined() && n > 0) {
    result = seq.At(0);
    index = 1;
  } else {
    result = c.Arg(2);
    index = 0;
  }
  while (index < n) {
    Values args{result, seq.At(index)};
    if (arity >= 3) args.push_back(Num(index));
    if (arity >= 4) args.push_back(seq);
    result = c.ev.Apply(func, std::move(args), Value::Null(), c.env);
    ++index;
  }
  return result;
}

}  // namespace

std::vector<BuiltinSpec> ArrayObjectFunctions() {
  return {
      {"boolean", "<x-:b>", FnBoolean, 1},  {"not", "<x-:b>", FnNot, 1},
      {"exists", "<x:b>", FnExists, 1},     {"type", "<x:s>", FnType, 1},
      {"keys", "<x-:a<s>>", FnKeys, 1},     {"lookup", "<x-s:x>", FnLookup, 2},
      {"append", "<xx:a>", FnAppend, 2},    {"spread", "<x-:a<o>>", FnSpread, 1},
      {"merge", "<a<o>:o>", FnMerge, 1},    {"reverse", "<a:a>", FnReverse, 1},
      {"each", "<o-f:a>", FnEach, 2},       {"sift", "<o-f?:o>", FnSift, 2},
      {"distinct", "<x:x>", FnDistinct, 1}, {"sort", "<af?:a>", FnSort, 2},
      {"shuffle", "<a:a>", FnShuffle, 1},   {"zip", "<a+>", FnZip, 0},
      {"clone", "<(oa)-:o>", FnClone, 1},   {"error", "<s?:x>", FnError, 1},
      {"assert", "<bs?:x>", FnAssert, 2},
  };
}

std::vector<BuiltinSpec> HigherOrderFunctions() {
  return {
      {"single", "<af?>", FnSingle, 2},
      {"map", "<af>", FnMap, 2},
      {"filter", "<af>", FnFilter, 2},
      {"reduce", "<afj?:j>", FnReduce, 3},
  };
}

}  // namespace sfn::jsonata
