#include "emulator/jsonata/value.h"

#include <cmath>

#include "emulator/jsonata/function.h"

namespace sfn::jsonata {

Value Value::String(std::string s) {
  Value v(Type::kString);
  v.heap_ = std::make_shared<const std::string>(std::move(s));
  return v;
}

Value Value::String(std::shared_ptr<const std::string> s) {
  Value v(Type::kString);
  v.heap_ = std::move(s);
  return v;
}

Value Value::Array(std::shared_ptr<ArrayData> a) {
  Value v(Type::kArray);
  v.heap_ = std::move(a);
  return v;
}

Value Value::Object(std::shared_ptr<ObjectData> o) {
  Value v(Type::kObject);
  v.heap_ = std::move(o);
  return v;
}

Value Value::Func(std::shared_ptr<Function> f) {
  Value v(Type::kFunction);
  v.heap_ = std::move(f);
  return v;
}

Value Value::Borrow(const Json& json, std::shared_ptr<const void> owner) {
  Value v;
  switch (json.type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(json.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      v.type_ = Type::kNumber;
      v.num_ = json.get<double>();
      break;
    case Json::value_t::string:
      v.type_ = Type::kString;
      break;
    case Json::value_t::array:
      v.type_ = Type::kArray;
      break;
    case Json::value_t::object:
      v.type_ = Type::kObject;
      break;
    default:
      return Value();
  }
  v.json_ = &json;
  v.heap_ = std::move(owner);
  return v;
}

Value Value::FromJson(const Json& json) {
  switch (json.type()) {
    case Json::value_t::null:
      return Null();
    case Json::value_t::boolean:
      return Bool(json.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return Number(json.get<double>());
    case Json::value_t::string:
      return String(json.get<std::string>());
    case Json::value_t::array: {
      auto a = std::make_shared<ArrayData>();
      a->items.reserve(json.size());
      for (const auto& item : json) a->items.push_back(FromJson(item));
      return Array(std::move(a));
    }
    case Json::value_t::object: {
      auto o = std::make_shared<ObjectData>();
      for (auto it = json.begin(); it != json.end(); ++it) o->Set(it.key(), FromJson(it.value()));
      return Object(std::move(o));
    }
    default:
      return Value();
  }
}

std::string_view Value::AsString() const {
  if (type_ != Type::kString) return {};  // callers check types; never crash
  if (json_ != nullptr) return json_->get_ref<const std::string&>();
  return *static_cast<const std::string*>(heap_.get());
}

std::shared_ptr<Function> Value::FunctionPtr() const {
  return std::const_pointer_cast<Function>(std::static_pointer_cast<const Function>(heap_));
}

size_t Value::Size() const {
  if (type_ != Type::kArray) return 0;
  if (json_ != nullptr) return json_->size();
  return static_cast<const ArrayData*>(heap_.get())->items.size();
}

Value Value::At(size_t i) const {
  if (type_ != Type::kArray || i >= Size()) return Value();
  if (json_ != nullptr) return Borrow((*json_)[i], heap_);
  return static_cast<const ArrayData*>(heap_.get())->items[i];
}

const ArrayData* Value::Arr() const {
  if (type_ != Type::kArray || json_ != nullptr) return nullptr;
  return static_cast<const ArrayData*>(heap_.get());
}

ArrayData* Value::MutableArr() {
  if (json_ != nullptr || heap_.use_count() > 1) {
    auto copy = CloneArray(*this);
    json_ = nullptr;
    heap_ = copy;
    return copy.get();
  }
  return const_cast<ArrayData*>(static_cast<const ArrayData*>(heap_.get()));
}

ObjectData* Value::ObjInPlace() const {
  if (type_ != Type::kObject || json_ != nullptr) return nullptr;
  return const_cast<ObjectData*>(static_cast<const ObjectData*>(heap_.get()));
}

bool Value::IsSequence() const {
  const ArrayData* a = Arr();
  return a != nullptr && a->sequence;
}
bool Value::IsTupleStream() const {
  const ArrayData* a = Arr();
  return a != nullptr && a->tuple_stream;
}
bool Value::IsCons() const {
  const ArrayData* a = Arr();
  return a != nullptr && a->cons;
}
bool Value::IsOuterWrapper() const {
  const ArrayData* a = Arr();
  return a != nullptr && a->outer_wrapper;
}
bool Value::KeepSingleton() const {
  const ArrayData* a = Arr();
  return a != nullptr && a->keep_singleton;
}

Value Value::Get(std::string_view key) const {
  if (type_ != Type::kObject) return Value();
  if (json_ != nullptr) {
    // A scan of the ordered map without building a std::string key.
    for (const auto& [k, v] : json_->get_ref<const Json::object_t&>()) {
      if (k == key) return Borrow(v, heap_);
    }
    return Value();
  }
  const Value* found = static_cast<const ObjectData*>(heap_.get())->Find(key);
  return found != nullptr ? *found : Value();
}

bool Value::Has(std::string_view key) const {
  if (type_ != Type::kObject) return false;
  if (json_ != nullptr) {
    for (const auto& entry : json_->get_ref<const Json::object_t&>()) {
      if (entry.first == key) return true;
    }
    return false;
  }
  return static_cast<const ObjectData*>(heap_.get())->Find(key) != nullptr;
}

size_t Value::ObjectSize() const {
  if (type_ != Type::kObject) return 0;
  if (json_ != nullptr) return json_->size();
  return static_cast<const ObjectData*>(heap_.get())->entries.size();
}

void Value::ForEachEntry(const std::function<void(std::string_view, const Value&)>& fn) const {
  if (type_ != Type::kObject) return;
  if (json_ != nullptr) {
    for (auto it = json_->begin(); it != json_->end(); ++it)
      fn(it.key(), Borrow(it.value(), heap_));
    return;
  }
  for (const auto& [k, v] : static_cast<const ObjectData*>(heap_.get())->entries) fn(k, v);
}

std::vector<std::string> Value::Keys() const {
  std::vector<std::string> keys;
  if (type_ != Type::kObject) return keys;
  if (json_ != nullptr) {
    for (auto it = json_->begin(); it != json_->end(); ++it) keys.push_back(it.key());
    return keys;
  }
  for (const auto& e : static_cast<const ObjectData*>(heap_.get())->entries)
    keys.push_back(e.first);
  return keys;
}

namespace {

// A number the evaluator computed: integers as integers (no ".0"), the rest as
// doubles; the writer picks JavaScript's shortest round-trip digits.
Json NumberJson(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

}  // namespace

Json Value::ToJson() const {
  switch (type_) {
    case Type::kUndefined:
    case Type::kNull:
      return Json(nullptr);
    case Type::kBool:
      return Json(bool_);
    case Type::kNumber:
      if (json_ != nullptr) return *json_;
      return NumberJson(num_);
    case Type::kString:
      if (json_ != nullptr) return *json_;
      return Json(std::string(AsString()));
    case Type::kArray: {
      if (json_ != nullptr) return *json_;
      Json out = Json::array();
      const auto& items = static_cast<const ArrayData*>(heap_.get())->items;
      out.get_ref<Json::array_t&>().reserve(items.size());
      for (const auto& item : items) {
        // An undefined item (rare: jsonata skips them) is written as
        // JSON.stringify writes it, null.
        out.push_back(item.ToJson());
      }
      return out;
    }
    case Type::kObject: {
      if (json_ != nullptr) return *json_;
      Json out = Json::object();
      for (const auto& [k, v] : static_cast<const ObjectData*>(heap_.get())->entries) {
        if (v.IsUndefined()) continue;
        out[k] = v.ToJson();
      }
      return out;
    }
    case Type::kFunction:
      return Json("");
  }
  return Json(nullptr);
}

const Value* ObjectData::Find(std::string_view key) const {
  if (!index.empty()) {
    auto it = index.find(std::string(key));
    return it == index.end() ? nullptr : &entries[it->second].second;
  }
  for (const auto& e : entries) {
    if (e.first == key) return &e.second;
  }
  return nullptr;
}

void ObjectData::Set(std::string key, Value value) {
  if (!index.empty()) {
    auto it = index.find(key);
    if (it != index.end()) {
      entries[it->second].second = std::move(value);
      return;
    }
  } else {
    for (auto& e : entries) {
      if (e.first == key) {
        e.second = std::move(value);
        return;
      }
    }
  }
  entries.emplace_back(std::move(key), std::move(value));
  if (!index.empty()) {
    index.emplace(entries.back().first, entries.size() - 1);
  } else if (entries.size() > kIndexFrom) {
    for (size_t i = 0; i < entries.size(); ++i) index.emplace(entries[i].first, i);
  }
}

void ObjectData::Erase(std::string_view key) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) {
      entries.erase(entries.begin() + static_cast<std::ptrdiff_t>(i));
      index.clear();
      if (entries.size() > kIndexFrom) {
        for (size_t j = 0; j < entries.size(); ++j) index.emplace(entries[j].first, j);
      }
      return;
    }
  }
}

std::shared_ptr<ArrayData> NewSequence() {
  auto a = std::make_shared<ArrayData>();
  a->sequence = true;
  return a;
}

Value MakeSequence(Values items) {
  auto a = NewSequence();
  a->items = std::move(items);
  return Value::Array(std::move(a));
}

Value MakeArray(Values items) {
  auto a = std::make_shared<ArrayData>();
  a->items = std::move(items);
  return Value::Array(std::move(a));
}

Values ItemsOf(const Value& array) {
  if (const ArrayData* a = array.Arr()) return a->items;
  Values out;
  size_t n = array.Size();
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(array.At(i));
  return out;
}

std::shared_ptr<ArrayData> CloneArray(const Value& v) {
  auto a = std::make_shared<ArrayData>();
  if (const ArrayData* src = v.Arr()) {
    *a = *src;
  } else {
    a->items = ItemsOf(v);
  }
  return a;
}

}  // namespace sfn::jsonata
