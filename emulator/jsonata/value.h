// The evaluator's value: what a JSONata expression computes with.
//
// A Value is undefined, null, a boolean, a number, a string, an array, an
// object or a function. Strings, arrays, objects and numbers read from the
// input are *borrowed*: the Value points into the caller's Json (which must
// outlive the evaluation) so a path over a large document copies nothing, and
// a number read from the input is written back with its original text (a big
// integer or 1.50 stays as it was). Values built by the evaluator own their
// data through a shared pointer, so copying a Value is cheap.
//
// Owned arrays carry jsonata-js's array flags (sequence, keepSingleton, cons,
// outerWrapper, tupleStream), which decide how results are flattened.
// A Value is not thread-safe to mutate; values built during one evaluation
// belong to that evaluation's thread. Borrowed input is only read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "emulator/core/json.h"

namespace sfn::jsonata {

struct Function;
struct ArrayData;
struct ObjectData;

class Value {
 public:
  enum class Type : uint8_t {
    kUndefined,
    kNull,
    kBool,
    kNumber,
    kString,
    kArray,
    kObject,
    kFunction
  };

  Value() = default;  // undefined
  static Value Null() { return Value(Type::kNull); }
  static Value Bool(bool b) {
    Value v(Type::kBool);
    v.bool_ = b;
    return v;
  }
  static Value Number(double d) {
    Value v(Type::kNumber);
    v.num_ = d;
    return v;
  }
  static Value String(std::string s);
  static Value String(std::shared_ptr<const std::string> s);
  static Value Array(std::shared_ptr<ArrayData> a);
  static Value Object(std::shared_ptr<ObjectData> o);
  static Value Func(std::shared_ptr<Function> f);
  // Points into `json` (which must outlive every use); `owner`, when given,
  // keeps it alive.
  static Value Borrow(const Json& json, std::shared_ptr<const void> owner = nullptr);
  // Copies `json` into owned values (for values that must outlive their Json).
  static Value FromJson(const Json& json);

  Type type() const { return type_; }
  bool IsUndefined() const { return type_ == Type::kUndefined; }
  bool IsDefined() const { return type_ != Type::kUndefined; }
  bool IsNull() const { return type_ == Type::kNull; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsNumber() const { return type_ == Type::kNumber; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsArray() const { return type_ == Type::kArray; }
  bool IsObject() const { return type_ == Type::kObject; }
  bool IsFunction() const { return type_ == Type::kFunction; }
  bool IsBorrowed() const { return json_ != nullptr; }
  // Which data this value is (JavaScript object identity).
  const void* Identity() const { return json_ != nullptr ? json_ : heap_.get(); }

  bool AsBool() const { return bool_; }
  double AsNumber() const { return num_; }
  std::string_view AsString() const;
  const Function& AsFunction() const { return *static_cast<const Function*>(heap_.get()); }
  std::shared_ptr<Function> FunctionPtr() const;

  // Arrays.
  size_t Size() const;
  Value At(size_t i) const;
  // Owned array data (nullptr for borrowed arrays).
  const ArrayData* Arr() const;
  // The array data of this value for changing it: copied first when borrowed
  // or shared with another value (copy on write).
  ArrayData* MutableArr();
  // An owned object's data for changing it in place (the transform operator
  // edits its private deep copy); nullptr for a borrowed object.
  ObjectData* ObjInPlace() const;
  bool IsSequence() const;
  bool IsTupleStream() const;
  bool IsCons() const;
  bool IsOuterWrapper() const;
  bool KeepSingleton() const;

  // Objects.
  Value Get(std::string_view key) const;  // undefined when absent
  bool Has(std::string_view key) const;
  size_t ObjectSize() const;
  void ForEachEntry(const std::function<void(std::string_view, const Value&)>& fn) const;
  std::vector<std::string> Keys() const;

  // The Json a caller sees; functions become "" as jsonata-js's JSON.stringify
  // drops them (callers treat such values per their own rules).
  Json ToJson() const;

 private:
  explicit Value(Type t) : type_(t) {}
  Type type_ = Type::kUndefined;
  bool bool_ = false;
  double num_ = 0;
  const Json* json_ = nullptr;        // borrowed data, or null
  std::shared_ptr<const void> heap_;  // owned data, or the owner of json_
};

using Values = std::vector<Value>;

struct ArrayData {
  Values items;
  bool sequence = false;
  bool keep_singleton = false;
  bool cons = false;
  bool outer_wrapper = false;
  bool tuple_stream = false;
};

// An object in insertion order; lookups use an index once it grows.
struct ObjectData {
  std::vector<std::pair<std::string, Value>> entries;
  std::unordered_map<std::string, size_t> index;  // filled past kIndexFrom entries

  static constexpr size_t kIndexFrom = 8;
  const Value* Find(std::string_view key) const;
  void Set(std::string key, Value value);  // replaces, keeping the key's place
  void Erase(std::string_view key);
};

// Builders.
std::shared_ptr<ArrayData> NewSequence();
Value MakeSequence(Values items);
Value MakeArray(Values items);  // a plain (non-sequence) array
// A copy of an array's items (borrowed or owned).
Values ItemsOf(const Value& array);
// A mutable, unshared copy of the array data of `v` (an array value).
std::shared_ptr<ArrayData> CloneArray(const Value& v);

}  // namespace sfn::jsonata
