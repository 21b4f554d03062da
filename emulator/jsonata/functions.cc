#include "emulator/jsonata/functions.h"

#include <map>
#include <memory>
#include <string>

#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/signature.h"

namespace sfn::jsonata {

namespace {

struct Table {
  std::vector<std::unique_ptr<Builtin>> builtins;
  std::map<std::string, Value, std::less<>> values;  // looked up by string_view
};

const Table& TheTable() {
  static const Table* table = [] {
    auto* t = new Table();
    std::vector<BuiltinSpec> all;
    for (auto family : {AggregateFunctions, StringFunctions, NumericFunctions, ArrayObjectFunctions,
                        HigherOrderFunctions, TimeFunctions, AwsFunctions}) {
      auto specs = family();
      all.insert(all.end(), specs.begin(), specs.end());
    }
    for (const auto& spec : all) {
      auto b = std::make_unique<Builtin>();
      b->name = spec.name;
      b->signature_text = spec.signature;
      b->impl = spec.impl;
      b->arity = spec.arity;
      if (!spec.signature.empty()) b->signature = Signature::Parse(spec.signature);
      auto f = std::make_shared<Function>();
      f->kind = Function::Kind::kBuiltin;
      f->builtin = b.get();
      t->values[std::string(spec.name)] = Value::Func(std::move(f));
      t->builtins.push_back(std::move(b));
    }
    return t;
  }();
  return *table;
}

}  // namespace

const Value* FindBuiltin(std::string_view name) {
  const Table& t = TheTable();
  auto it = t.values.find(name);
  return it == t.values.end() ? nullptr : &it->second;
}

Value CallHof(Call& call, const Value& func, const Value& a1, const Value& a2, const Value& a3) {
  Values args{a1};
  int arity = func.IsFunction() ? func.AsFunction().Arity() : 1;
  if (arity >= 2) args.push_back(a2);
  if (arity >= 3) args.push_back(a3);
  return call.ev.Apply(func, std::move(args), Value::Null(), call.env);
}

}  // namespace sfn::jsonata
