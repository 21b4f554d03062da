// jsonata-js 2.0.6's evaluate() and helpers (jsonata.js), step for step, so
// that sequence flattening, singleton collapsing and tuple streams behave
// identically.
#include "emulator/jsonata/evaluator.h"

#include <cmath>
#include <unordered_map>

#include "emulator/jsonata/functions.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/regex.h"
#include "emulator/jsonata/signature.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/utf.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

Value Seq1(const Value& v) {
  auto a = NewSequence();
  a->items.push_back(v);
  return Value::Array(std::move(a));
}

bool IsInteger(const Value& v) {
  return v.IsNumber() && std::isfinite(v.AsNumber()) && std::floor(v.AsNumber()) == v.AsNumber();
}

const std::shared_ptr<const Signature>& TransformSignature() {
  static const std::shared_ptr<const Signature> kSig = Signature::Parse("<(oa):o>");
  return kSig;
}

// Out of line so that Evaluate, which recursion passes through, keeps a
// small stack frame.
[[gnu::noinline]] Value EvaluateWildcard(const Value& input) {
  auto results = NewSequence();
  Value in = input;
  if (in.IsArray() && in.IsOuterWrapper() && in.Size() > 0) in = in.At(0);
  Value acc = Value::Array(results);
  auto add = [&](const Value& value) {
    if (value.IsArray()) {
      Values flat;
      FlattenInto(value, &flat);
      acc = Append(acc, MakeArray(std::move(flat)));
    } else {
      // pushed into the accumulator, which Append may have made plain
      acc.MutableArr()->items.push_back(value);
    }
  };
  if (in.IsObject()) {
    in.ForEachEntry([&](std::string_view, const Value& value) { add(value); });
  } else if (in.IsArray()) {
    // Object.keys of an array: its items.
    size_t n = in.Size();
    for (size_t i = 0; i < n; ++i) add(in.At(i));
  }
  return acc;
}

void RecurseDescendants(const Value& v, ArrayData* seq, int depth) {
  if (depth > kMaxValueNesting) Fail("U1001", std::nullopt, Value());
  if (!v.IsArray()) seq->items.push_back(v);
  if (v.IsArray()) {
    size_t n = v.Size();
    for (size_t i = 0; i < n; ++i) RecurseDescendants(v.At(i), seq, depth + 1);
  } else if (v.IsObject()) {
    v.ForEachEntry(
        [&](std::string_view, const Value& item) { RecurseDescendants(item, seq, depth + 1); });
  }
}

[[gnu::noinline]] Value EvaluateDescendants(const Value& input) {
  if (input.IsUndefined()) return Value();
  auto seq = NewSequence();
  RecurseDescendants(input, seq.get(), 0);
  if (seq->items.size() == 1) return seq->items[0];
  return Value::Array(std::move(seq));
}

[[gnu::noinline]] Value RegexValue(const Node* expr) {
  auto f = std::make_shared<Function>();
  f->kind = Function::Kind::kRegex;
  f->regex = expr->regex;
  f->position = expr->position;
  return Value::Func(std::move(f));
}

}  // namespace

void FrameRegistry::BreakCycles() {
  // Clearing one frame can free others; collect the live ones first.
  std::vector<FramePtr> live;
  for (auto& w : frames_) {
    if (auto f = w.lock()) live.push_back(std::move(f));
  }
  frames_.clear();
  for (auto& f : live) f->bindings.clear();
  live_ = 0;
}

void FrameRegistry::Compact() {
  std::vector<std::weak_ptr<Frame>> kept;
  for (auto& w : frames_) {
    if (!w.expired()) kept.push_back(std::move(w));
  }
  frames_ = std::move(kept);
  live_ = frames_.size();
}

int Function::Arity() const {
  switch (kind) {
    case Kind::kLambda:
      return static_cast<int>(params.size());
    case Kind::kBuiltin:
      return builtin->arity;
    case Kind::kPartialBuiltin: {
      int n = 0;
      for (bool h : holes) n += h ? 1 : 0;
      return n;
    }
    case Kind::kRegex:
      return 2;
    case Kind::kTransform:
    case Kind::kChain:
      return 1;
  }
  return 0;
}

Value Collapse(Value v) {
  if (v.IsArray() && v.IsSequence() && !v.IsTupleStream()) {
    size_t n = v.Size();
    if (n == 0) return Value();
    if (n == 1 && !v.KeepSingleton()) return v.At(0);
  }
  return v;
}

FramePtr FrameFromTuple(const FramePtr& env, const Value& tuple) {
  auto frame = std::make_shared<Frame>(env);
  tuple.ForEachEntry([&](std::string_view k, const Value& v) { frame->Bind(k, v); });
  return frame;
}

Value Evaluator::Lookup(std::string_view name, const FramePtr& env) const {
  if (env) {
    if (const Value* v = env->Lookup(name)) return *v;
  }
  if (const Value* b = FindBuiltin(name)) return *b;
  return Value();
}

Value Evaluator::Evaluate(const Node* expr, const Value& input, const FramePtr& env) {
  struct Depth {
    explicit Depth(Evaluator* e) : e(e) {
      ++e->depth_;
      if (e->depth_ > e->limits_.max_depth && e->limits_.max_depth > 0) {
        Fail("U1001", 0, Value(), nullptr, Value(), nullptr);
      }
      char here;
      uintptr_t used = e->stack_base_ - reinterpret_cast<uintptr_t>(&here);
      if (e->limits_.max_stack_bytes > 0 && used > e->limits_.max_stack_bytes) {
        Fail("U1001", 0, Value(), nullptr, Value(), nullptr);
      }
    }
    ~Depth() { --e->depth_; }
    Evaluator* e;
  } depth(this);
  ChargeSteps(1);

  Value result;
  switch (expr->type) {
    case NodeType::kPath:
      result = EvaluatePath(expr, input, env);
      break;
    case NodeType::kBinary:
      result = EvaluateBinary(expr, input, env);
      break;
    case NodeType::kUnary:
      result = EvaluateUnary(expr, input, env);
      break;
    case NodeType::kName:
      result = LookupKey(input, expr->value);
      break;
    case NodeType::kString:
    case NodeType::kNumber:
    case NodeType::kValue:
      result = expr->literal;
      break;
    case NodeType::kWildcard:
      result = EvaluateWildcard(input);
      break;
    case NodeType::kDescendant:
      result = EvaluateDescendants(input);
      break;
    case NodeType::kParent:
      result = Lookup(expr->slot->label, env);
      break;
    case NodeType::kCondition: {
      Value cond = Evaluate(expr->condition.get(), input, env);
      if (Truthy(cond).value_or(false)) {
        result = Evaluate(expr->then.get(), input, env);
      } else if (expr->otherwise) {
        result = Evaluate(expr->otherwise.get(), input, env);
      }
      break;
    }
    case NodeType::kBlock: {
      auto frame = std::make_shared<Frame>(env);
      for (const auto& e : expr->expressions) result = Evaluate(e.get(), input, frame);
      break;
    }
    case NodeType::kBind: {
      Value value = Evaluate(expr->rhs.get(), input, env);
      env->Bind(expr->lhs->value, value);
      result = value;
      break;
    }
    case NodeType::kRegex:
      result = RegexValue(expr);
      break;
    case NodeType::kFunction:
      result = EvaluateFunction(expr, input, env, nullptr);
      break;
    case NodeType::kVariable:
      if (expr->value.empty()) {
        result = input.IsArray() && input.IsOuterWrapper() ? input.At(0) : input;
      } else {
        result = Lookup(expr->value, env);
      }
      break;
    case NodeType::kLambda:
      result = EvaluateLambda(expr, input, env);
      break;
    case NodeType::kPartial:
      result = EvaluatePartial(expr, input, env);
      break;
    case NodeType::kApply:
      result = EvaluateApply(expr, input, env);
      break;
    case NodeType::kTransform:
      result = EvaluateTransform(expr, env);
      break;
    default:
      break;
  }

  for (const auto& pred : expr->predicates) result = EvaluateFilter(pred.expr.get(), result, env);
  if (expr->type != NodeType::kPath && expr->group) {
    result = EvaluateGroup(*expr->group, result, env);
  }
  if (result.IsArray() && result.IsSequence() && !result.IsTupleStream()) {
    if (expr->keep_array) result.MutableArr()->keep_singleton = true;
    size_t n = result.Size();
    if (n == 0) {
      result = Value();
    } else if (n == 1 && !result.KeepSingleton()) {
      result = result.At(0);
    }
  }
  return result;
}

namespace {

// A step that is a plain name, or a name with one constant index (`a[1]`),
// with nothing else attached.
bool PlainName(const Node* step) {
  bool index_only =
      step->stages.empty() || (step->stages.size() == 1 && !step->stages[0].is_index &&
                               step->stages[0].expr->type == NodeType::kNumber);
  return step->type == NodeType::kName && index_only && step->predicates.empty() && !step->group &&
         !step->tuple && !step->keep_array && !step->has_focus && !step->has_index &&
         step->ancestor == nullptr && !step->cons_array;
}

// One such step from an object: the key's value, indexed as a predicate
// `[n]` indexes it (a single value is a sequence of one).
Value PlainStep(const Value& object, const Node* step) {
  Value v = object.Get(step->value);
  if (step->stages.empty() || v.IsUndefined()) return v;
  auto n = static_cast<int64_t>(v.IsArray() ? v.Size() : 1);
  auto index = static_cast<int64_t>(std::floor(step->stages[0].expr->number));
  if (index < 0) index += n;
  if (index < 0 || index >= n) return Value();
  return v.IsArray() ? v.At(static_cast<size_t>(index)) : v;
}

}  // namespace

Value Evaluator::EvaluatePath(const Node* expr, const Value& input, const FramePtr& env) {
  // Fast path: `a.b.c` (or `$v.b.c`) through objects only gives what the
  // general algorithm gives, the last value as it is.
  if (!expr->keep_singleton_array && !expr->group && !expr->tuple && expr->seeking_parent.empty()) {
    const Node* first = expr->steps[0].get();
    bool plain = first->type == NodeType::kVariable
                     ? first->stages.empty() && first->predicates.empty() && !first->group &&
                           !first->tuple && !first->keep_array && !first->has_focus &&
                           !first->has_index
                     : PlainName(first) && !input.IsArray();
    for (size_t i = 1; plain && i < expr->steps.size(); ++i)
      plain = PlainName(expr->steps[i].get());
    Value v;
    if (plain) {
      if (first->type == NodeType::kVariable) {
        v = Evaluate(first, input, env);
      } else if (input.IsObject()) {
        v = PlainStep(input, first);
      } else if (first->stages.empty() || input.IsUndefined()) {
        v = LookupKey(input, first->value);
      } else {
        plain = false;  // an index on a non-object input: the general algorithm
      }
    }
    if (plain) {
      size_t n = expr->steps.size();
      size_t i = 1;
      for (; i < n && v.IsObject(); ++i) v = PlainStep(v, expr->steps[i].get());
      if (i == n) return v;
      if (v.IsUndefined() || !v.IsArray()) return Value();
      // An array part way: the general algorithm from the start.
    }
  }
  Value input_sequence;
  if (input.IsArray() && expr->steps[0]->type != NodeType::kVariable) {
    input_sequence = input;
  } else {
    input_sequence = Seq1(input);
  }
  Value result_sequence;
  bool is_tuple_stream = false;
  Value tuple_bindings;
  bool has_tuples = false;
  size_t nsteps = expr->steps.size();
  for (size_t ii = 0; ii < nsteps; ++ii) {
    const Node* step = expr->steps[ii].get();
    if (step->tuple) is_tuple_stream = true;
    if (ii == 0 && step->cons_array) {
      result_sequence = Evaluate(step, input_sequence, env);
    } else if (is_tuple_stream) {
      tuple_bindings = EvaluateTupleStep(step, input_sequence, tuple_bindings, has_tuples, env);
      has_tuples = true;
    } else {
      result_sequence = EvaluateStep(step, input_sequence, env, ii == nsteps - 1);
    }
    if (!is_tuple_stream && (result_sequence.IsUndefined() ||
                             (result_sequence.IsArray() && result_sequence.Size() == 0))) {
      break;
    }
    if (!step->has_focus) input_sequence = result_sequence;
  }
  if (is_tuple_stream) {
    if (expr->tuple) {
      result_sequence = tuple_bindings;
    } else {
      auto seq = NewSequence();
      size_t n = tuple_bindings.IsArray() ? tuple_bindings.Size() : 0;
      for (size_t i = 0; i < n; ++i) seq->items.push_back(tuple_bindings.At(i).Get("@"));
      result_sequence = Value::Array(std::move(seq));
    }
  }
  if (expr->keep_singleton_array) {
    if (result_sequence.IsArray() && result_sequence.IsCons() && !result_sequence.IsSequence()) {
      result_sequence = Seq1(result_sequence);
    }
    if (result_sequence.IsArray()) {
      result_sequence.MutableArr()->keep_singleton = true;
    }
  }
  if (expr->group) {
    result_sequence =
        EvaluateGroup(*expr->group, is_tuple_stream ? tuple_bindings : result_sequence, env);
  }
  return result_sequence;
}

Value Evaluator::EvaluateStep(const Node* expr, const Value& input, const FramePtr& env,
                              bool last_step) {
  if (expr->type == NodeType::kSort) {
    Value result = EvaluateSort(expr, input, env);
    if (!expr->stages.empty()) result = EvaluateStages(expr->stages, result, env);
    return result;
  }
  size_t n = input.IsArray() ? input.Size() : 0;
  auto out = NewSequence();
  out->items.reserve(n);
  Value only;  // the first result, kept whole for the last-step rule
  size_t defined = 0;
  for (size_t i = 0; i < n; ++i) {
    Value res = Evaluate(expr, input.At(i), env);
    for (const auto& stage : expr->stages) res = EvaluateFilter(stage.expr.get(), res, env);
    if (res.IsUndefined()) continue;
    if (++defined == 1) only = res;
    if (!res.IsArray() || res.IsCons()) {
      out->items.push_back(std::move(res));
    } else if (const ArrayData* a = res.Arr()) {
      out->items.insert(out->items.end(), a->items.begin(), a->items.end());
    } else {
      size_t m = res.Size();
      for (size_t j = 0; j < m; ++j) out->items.push_back(res.At(j));
    }
  }
  if (last_step && defined == 1 && only.IsArray() && !only.IsSequence()) return only;
  return Value::Array(std::move(out));
}

namespace {

Value NewTuple(std::initializer_list<std::pair<std::string, Value>> entries) {
  auto o = std::make_shared<ObjectData>();
  for (const auto& [k, v] : entries) o->Set(k, v);
  return Value::Object(std::move(o));
}

Value CopyTuple(const Value& tuple) {
  auto o = std::make_shared<ObjectData>();
  tuple.ForEachEntry([&](std::string_view k, const Value& v) { o->Set(std::string(k), v); });
  return Value::Object(std::move(o));
}

}  // namespace

Value Evaluator::EvaluateStages(const std::vector<Stage>& stages, Value input,
                                const FramePtr& env) {
  Value result = std::move(input);
  for (const auto& stage : stages) {
    if (!stage.is_index) {
      result = EvaluateFilter(stage.expr.get(), result, env);
    } else if (result.IsArray()) {
      ArrayData* a = result.MutableArr();
      for (size_t ee = 0; ee < a->items.size(); ++ee) {
        Value tuple = CopyTuple(a->items[ee]);
        tuple.ObjInPlace()->Set(stage.name, Num(ee));
        a->items[ee] = std::move(tuple);
      }
    }
  }
  return result;
}

Value Evaluator::EvaluateTupleStep(const Node* expr, const Value& input,
                                   const Value& tuple_bindings, bool has_tuples,
                                   const FramePtr& env) {
  if (expr->type == NodeType::kSort) {
    Value result;
    if (has_tuples) {
      result = EvaluateSort(expr, tuple_bindings, env);
    } else {
      Value sorted = EvaluateSort(expr, input, env);
      auto seq = NewSequence();
      seq->tuple_stream = true;
      size_t n = sorted.IsArray() ? sorted.Size() : 0;
      for (size_t ss = 0; ss < n; ++ss) {
        Value tuple = NewTuple({{"@", sorted.At(ss)}});
        if (expr->has_index) tuple.ObjInPlace()->Set(expr->index, Num(ss));
        seq->items.push_back(std::move(tuple));
      }
      result = Value::Array(std::move(seq));
    }
    if (!expr->stages.empty()) result = EvaluateStages(expr->stages, result, env);
    return result;
  }
  auto result = NewSequence();
  result->tuple_stream = true;
  Values bindings;
  if (!has_tuples) {
    size_t n = input.IsArray() ? input.Size() : 0;
    for (size_t i = 0; i < n; ++i) bindings.push_back(NewTuple({{"@", input.At(i)}}));
  } else {
    bindings = tuple_bindings.IsArray() ? ItemsOf(tuple_bindings) : Values{};
  }
  for (const Value& binding : bindings) {
    FramePtr step_env = FrameFromTuple(env, binding);
    Value at = binding.Get("@");
    Value res = Evaluate(expr, at, step_env);
    if (res.IsUndefined()) continue;
    if (!res.IsArray()) res = MakeArray({res});
    bool res_tuples = res.IsTupleStream();
    size_t m = res.Size();
    for (size_t bb = 0; bb < m; ++bb) {
      Value tuple = CopyTuple(binding);
      ObjectData* t = tuple.ObjInPlace();
      if (res_tuples) {
        res.At(bb).ForEachEntry(
            [&](std::string_view k, const Value& v) { t->Set(std::string(k), v); });
      } else {
        if (expr->has_focus) {
          t->Set(expr->focus, res.At(bb));
          t->Set("@", at);
        } else {
          t->Set("@", res.At(bb));
        }
        if (expr->has_index) t->Set(expr->index, Num(bb));
        if (expr->ancestor != nullptr) t->Set(expr->ancestor->label, at);
      }
      result->items.push_back(std::move(tuple));
    }
  }
  Value out = Value::Array(std::move(result));
  if (!expr->stages.empty()) out = EvaluateStages(expr->stages, out, env);
  return out;
}

Value Evaluator::EvaluateFilter(const Node* predicate, const Value& input_value,
                                const FramePtr& env) {
  auto results = NewSequence();
  bool tuple_stream = input_value.IsTupleStream();
  if (tuple_stream) results->tuple_stream = true;
  Value input = input_value.IsArray() ? input_value : Seq1(input_value);
  size_t n = input.Size();
  if (predicate->type == NodeType::kNumber) {
    auto index = static_cast<int64_t>(std::floor(predicate->number));
    if (index < 0) index += static_cast<int64_t>(n);
    if (index >= 0 && static_cast<size_t>(index) < n) {
      Value item = input.At(static_cast<size_t>(index));
      if (item.IsDefined()) {
        if (item.IsArray()) return item;
        results->items.push_back(std::move(item));
      }
    }
    return Value::Array(std::move(results));
  }
  for (size_t index = 0; index < n; ++index) {
    Value item = input.At(index);
    Value context = item;
    FramePtr frame_holder;
    const FramePtr* e = &env;
    if (tuple_stream) {
      context = item.Get("@");
      frame_holder = FrameFromTuple(env, item);
      e = &frame_holder;
    }
    Value res = Evaluate(predicate, context, *e);
    if (IsNumeric(res)) res = MakeArray({res});
    if (IsArrayOfNumbers(res)) {
      size_t m = res.Size();
      for (size_t k = 0; k < m; ++k) {
        auto ii = static_cast<int64_t>(std::floor(res.At(k).AsNumber()));
        if (ii < 0) ii += static_cast<int64_t>(n);
        if (ii == static_cast<int64_t>(index)) results->items.push_back(item);
      }
    } else if (Truthy(res).value_or(false)) {
      results->items.push_back(std::move(item));
    }
  }
  return Value::Array(std::move(results));
}

Value Evaluator::EvaluateBinary(const Node* expr, const Value& input, const FramePtr& env) {
  Value lhs = Evaluate(expr->lhs.get(), input, env);
  const std::string& op = expr->value;
  if (op == "and" || op == "or") {
    try {
      bool l = Boolize(lhs);
      if (op == "and") return Value::Bool(l && Boolize(Evaluate(expr->rhs.get(), input, env)));
      return Value::Bool(l || Boolize(Evaluate(expr->rhs.get(), input, env)));
    } catch (JsonataThrow& err) {
      err.info.position = expr->position;
      err.info.token = op;
      throw;
    }
  }
  Value rhs = Evaluate(expr->rhs.get(), input, env);
  try {
    char c0 = op[0];
    if (op.size() == 1 && (c0 == '+' || c0 == '-' || c0 == '*' || c0 == '/' || c0 == '%')) {
      if (lhs.IsDefined() && !IsNumeric(lhs)) {
        Fail("T2001", expr->position, Value(lhs), op.c_str(), Value(), nullptr);
      }
      if (rhs.IsDefined() && !IsNumeric(rhs)) {
        Fail("T2002", expr->position, Value(rhs), op.c_str(), Value(), nullptr);
      }
      if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
      double l = lhs.AsNumber(), r = rhs.AsNumber();
      switch (c0) {
        case '+':
          return Value::Number(l + r);
        case '-':
          return Value::Number(l - r);
        case '*':
          return Value::Number(l * r);
        case '/':
          return Value::Number(l / r);
        default:
          return Value::Number(std::fmod(l, r));
      }
    }
    if (op == "=" || op == "!=") {
      if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
      bool eq = DeepEqual(lhs, rhs);
      return Value::Bool(op == "=" ? eq : !eq);
    }
    if (op == "<" || op == "<=" || op == ">" || op == ">=") {
      bool lcomp = lhs.IsUndefined() || lhs.IsString() || lhs.IsNumber();
      bool rcomp = rhs.IsUndefined() || rhs.IsString() || rhs.IsNumber();
      if (!lcomp || !rcomp) {
        Fail("T2010", expr->position, Value(!(lhs.IsString() || lhs.IsNumber()) ? lhs : rhs),
             op.c_str(), Value(), nullptr);
      }
      if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
      if (lhs.type() != rhs.type()) {
        Fail("T2009", expr->position, Value(lhs), op.c_str(), Value(rhs), nullptr);
      }
      int cmp;
      if (lhs.IsNumber()) {
        double l = lhs.AsNumber(), r = rhs.AsNumber();
        if (std::isnan(l) || std::isnan(r)) return Value::Bool(false);
        cmp = l < r ? -1 : (l > r ? 1 : 0);
      } else {
        int c = lhs.AsString().compare(rhs.AsString());
        cmp = c < 0 ? -1 : (c > 0 ? 1 : 0);
      }
      if (op == "<") return Value::Bool(cmp < 0);
      if (op == "<=") return Value::Bool(cmp <= 0);
      if (op == ">") return Value::Bool(cmp > 0);
      return Value::Bool(cmp >= 0);
    }
    if (op == "&") {
      std::string s;
      if (lhs.IsDefined()) s = StringOf(lhs);
      if (rhs.IsDefined()) s += StringOf(rhs);
      return Value::String(std::move(s));
    }
    if (op == "..") {
      if (lhs.IsDefined() && !IsInteger(lhs)) {
        Fail("T2003", expr->position, Value(lhs), op.c_str(), Value(), nullptr);
      }
      if (rhs.IsDefined() && !IsInteger(rhs)) {
        Fail("T2004", expr->position, Value(rhs), op.c_str(), Value(), nullptr);
      }
      if (lhs.IsUndefined() || rhs.IsUndefined()) return Value();
      double l = lhs.AsNumber(), r = rhs.AsNumber();
      if (l > r) return Value();
      double size = r - l + 1;
      if (size > 1e7) {
        Fail("D2014", expr->position, Value::Number(size), op.c_str(), Value(), nullptr);
      }
      // A range's items are work too: they count against the evaluation's
      // step budget, ten items to a step (appending a number costs a tenth
      // of evaluating a node), so jsonata-js's largest range (1e7 items, the
      // reference suite's range-operator cases) fits the default budget
      // while a smaller budget stops a huge range at once.
      constexpr int64_t kRangeItemsPerStep = 10;
      ChargeSteps(static_cast<int64_t>(size) / kRangeItemsPerStep);
      auto seq = NewSequence();
      seq->items.reserve(static_cast<size_t>(size));
      for (double v = l; v <= r; v += 1) seq->items.push_back(Value::Number(v));
      return Value::Array(std::move(seq));
    }
    if (op == "in") {
      if (lhs.IsUndefined() || rhs.IsUndefined()) return Value::Bool(false);
      if (!rhs.IsArray()) return Value::Bool(StrictEqual(rhs, lhs));
      size_t n = rhs.Size();
      for (size_t i = 0; i < n; ++i) {
        if (StrictEqual(rhs.At(i), lhs)) return Value::Bool(true);
      }
      return Value::Bool(false);
    }
  } catch (JsonataThrow& err) {
    err.info.position = expr->position;
    err.info.token = op;
    throw;
  }
  return Value();
}

Value Evaluator::EvaluateUnary(const Node* expr, const Value& input, const FramePtr& env) {
  if (expr->value == "-") {
    Value v = Evaluate(expr->expression.get(), input, env);
    if (v.IsUndefined()) return Value();
    if (IsNumeric(v)) return Value::Number(-v.AsNumber());
    Fail("D1002", expr->position, Value(v), "-", Value(), nullptr);
  }
  if (expr->value == "[") {
    Value result = MakeArray({});
    for (const auto& item : expr->expressions) {
      Value value = Evaluate(item.get(), input, env);
      if (value.IsUndefined()) continue;
      if (item->type == NodeType::kUnary && item->value == "[") {
        result.MutableArr()->items.push_back(std::move(value));
      } else {
        result = Append(result, value);
      }
    }
    if (expr->cons_array) result.MutableArr()->cons = true;
    return result;
  }
  if (expr->value == "{") return EvaluateObjectConstructor(expr, input, env);
  return Value();
}

Value Evaluator::EvaluateObjectConstructor(const Node* expr, const Value& input,
                                           const FramePtr& env) {
  return EvaluatePairs(expr->object_pairs, expr->position, input, env);
}

namespace {

// fn.append(data, item) for an accumulator this code alone holds: grows the
// array in place instead of copying it on every item.
void AppendInPlace(Value* data, const Value& item) {
  if (data->IsUndefined()) {
    *data = item;
    return;
  }
  if (!data->IsArray() || data->IsBorrowed())
    *data = Append(*data, Value::Array(std::make_shared<ArrayData>()));
  ArrayData* a = data->MutableArr();
  a->sequence = false;
  if (item.IsArray()) {
    size_t n = item.Size();
    for (size_t i = 0; i < n; ++i) a->items.push_back(item.At(i));
  } else if (item.IsDefined()) {
    a->items.push_back(item);
  }
}

}  // namespace

Value Evaluator::EvaluatePairs(const std::vector<std::pair<NodePtr, NodePtr>>& pairs,
                               int64_t position, const Value& input, const FramePtr& env) {
  Value in = input;
  bool reduce = in.IsTupleStream();
  Value items = in.IsArray() ? in : Seq1(in);
  Values list = ItemsOf(items);
  if (list.empty()) list.push_back(Value());
  struct Entry {
    Value data;
    size_t expr_index;
  };
  std::vector<std::pair<std::string, Entry>> groups;
  std::unordered_map<std::string, size_t> where;
  for (const Value& item : list) {
    FramePtr e = reduce ? FrameFromTuple(env, item) : env;
    for (size_t pi = 0; pi < pairs.size(); ++pi) {
      Value key = Evaluate(pairs[pi].first.get(), reduce ? item.Get("@") : item, e);
      if (key.IsUndefined()) continue;
      if (!key.IsString()) {
        Fail("T1003", position, Value(key), nullptr, Value(), nullptr);
      }
      std::string k(key.AsString());
      auto it = where.find(k);
      if (it != where.end()) {
        Entry& entry = groups[it->second].second;
        if (entry.expr_index != pi) {
          Fail("D1009", position, Value(key), nullptr, Value(), nullptr);
        }
        AppendInPlace(&entry.data, item);
      } else {
        where.emplace(k, groups.size());
        groups.push_back({k, Entry{item, pi}});
      }
    }
  }
  auto out = std::make_shared<ObjectData>();
  for (auto& [key, entry] : groups) {
    Value context = entry.data;
    FramePtr e = env;
    if (reduce) {
      // reduceTupleStream
      Value tuple;
      if (!entry.data.IsArray()) {
        tuple = CopyTuple(entry.data);
      } else {
        tuple = CopyTuple(entry.data.At(0));
        ObjectData* t = tuple.ObjInPlace();
        size_t n = entry.data.Size();
        for (size_t ii = 1; ii < n; ++ii) {
          entry.data.At(ii).ForEachEntry([&](std::string_view prop, const Value& v) {
            const Value* cur = t->Find(prop);
            t->Set(std::string(prop), Append(cur != nullptr ? *cur : Value(), v));
          });
        }
      }
      context = tuple.Get("@");
      tuple.ObjInPlace()->Erase("@");
      e = FrameFromTuple(env, tuple);
    }
    Value value = Evaluate(pairs[entry.expr_index].second.get(), context, e);
    if (value.IsDefined()) out->Set(key, std::move(value));
  }
  return Value::Object(std::move(out));
}

Value Evaluator::EvaluateGroup(const Group& group, const Value& input, const FramePtr& env) {
  return EvaluatePairs(group.pairs, group.position, input, env);
}

namespace {

// jsonata-js's merge sort: `greater(a, b)` true puts b first.
template <typename Greater>
void MergeSortInto(Values* items, Greater greater) {
  size_t n = items->size();
  if (n <= 1) return;
  size_t middle = n / 2;
  Values left(items->begin(), items->begin() + static_cast<std::ptrdiff_t>(middle));
  Values right(items->begin() + static_cast<std::ptrdiff_t>(middle), items->end());
  MergeSortInto(&left, greater);
  MergeSortInto(&right, greater);
  size_t l = 0, r = 0, k = 0;
  while (l < left.size() && r < right.size()) {
    if (greater(left[l], right[r])) {
      (*items)[k++] = std::move(right[r++]);
    } else {
      (*items)[k++] = std::move(left[l++]);
    }
  }
  while (l < left.size()) (*items)[k++] = std::move(left[l++]);
  while (r < right.size()) (*items)[k++] = std::move(right[r++]);
}

}  // namespace

Values MergeSort(Values items, const std::function<bool(const Value&, const Value&)>& greater) {
  MergeSortInto(&items, greater);
  return items;
}

Value Evaluator::EvaluateSort(const Node* expr, const Value& input, const FramePtr& env) {
  if (input.IsUndefined()) return Value();
  bool tuple_sort = input.IsTupleStream();
  Values items = input.IsArray() ? ItemsOf(input) : Values{input};
  if (items.size() <= 1) return input;
  // Each item's sort keys, evaluated once (the comparator reads them).
  size_t nterms = expr->terms.size();
  std::vector<Values> keys(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    keys[i].reserve(nterms);
    for (const auto& term : expr->terms) {
      Value context = items[i];
      FramePtr e = env;
      if (tuple_sort) {
        context = items[i].Get("@");
        e = FrameFromTuple(env, items[i]);
      }
      keys[i].push_back(Evaluate(term.expression.get(), context, e));
    }
  }
  // Sort indexes, then permute.
  Values idx;
  idx.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) idx.push_back(Num(i));
  auto greater = [&](const Value& a, const Value& b) {
    const Values& ka = keys[static_cast<size_t>(a.AsNumber())];
    const Values& kb = keys[static_cast<size_t>(b.AsNumber())];
    int comp = 0;
    for (size_t t = 0; comp == 0 && t < nterms; ++t) {
      const Value& aa = ka[t];
      const Value& bb = kb[t];
      if (aa.IsUndefined()) {
        comp = bb.IsUndefined() ? 0 : 1;
        continue;
      }
      if (bb.IsUndefined()) {
        comp = -1;
        continue;
      }
      bool aok = aa.IsString() || aa.IsNumber();
      bool bok = bb.IsString() || bb.IsNumber();
      if (!aok || !bok) {
        Fail("T2008", expr->position, Value(!aok ? aa : bb), nullptr, Value(), nullptr);
      }
      if (aa.type() != bb.type()) {
        Fail("T2007", expr->position, Value(aa), nullptr, Value(bb), nullptr);
      }
      int c;
      if (aa.IsNumber()) {
        c = aa.AsNumber() == bb.AsNumber() ? 0 : (aa.AsNumber() < bb.AsNumber() ? -1 : 1);
      } else {
        int r = aa.AsString().compare(bb.AsString());
        c = r == 0 ? 0 : (r < 0 ? -1 : 1);
      }
      if (c == 0) continue;
      comp = c;
      if (expr->terms[t].descending) comp = -comp;
    }
    return comp == 1;
  };
  MergeSortInto(&idx, greater);
  auto out = std::make_shared<ArrayData>();
  out->items.reserve(items.size());
  for (const auto& i : idx) out->items.push_back(items[static_cast<size_t>(i.AsNumber())]);
  if (tuple_sort) {
    out->sequence = true;
    out->tuple_stream = true;
  }
  return Value::Array(std::move(out));
}

Value Evaluator::EvaluateLambda(const Node* expr, const Value& input, const FramePtr& env) {
  auto f = std::make_shared<Function>();
  f->kind = Function::Kind::kLambda;
  f->node = expr;
  f->input = input;
  f->env = env;
  f->signature = expr->signature;
  f->thunk = expr->thunk;
  for (const auto& arg : expr->arguments) f->params.push_back(arg->value);
  return Value::Func(std::move(f));
}

Value Evaluator::EvaluateFunction(const Node* expr, const Value& input, const FramePtr& env,
                                  const Value* apply_to) {
  Value proc = Evaluate(expr->procedure.get(), input, env);
  const Node* procedure = expr->procedure.get();
  if (proc.IsUndefined() && procedure->type == NodeType::kPath &&
      Lookup(procedure->steps[0]->value, env).IsDefined()) {
    Fail("T1005", expr->position, Value(), procedure->steps[0]->value.c_str(), Value(), nullptr);
  }
  Values args;
  args.reserve(expr->arguments.size() + 1);
  if (apply_to != nullptr) args.push_back(*apply_to);
  for (const auto& a : expr->arguments) args.push_back(Evaluate(a.get(), input, env));
  const std::string& proc_name =
      procedure->type == NodeType::kPath ? procedure->steps[0]->value : procedure->value;
  try {
    return Apply(proc, std::move(args), input, env);
  } catch (JsonataThrow& err) {
    err.info.position = expr->position;
    if (!err.info.token) err.info.token = proc_name;
    throw;
  }
}

void Evaluator::ChargeSteps(int64_t n) {
  steps_ += n;
  if (limits_.max_steps > 0 && steps_ > limits_.max_steps) {
    Fail("U1001", std::nullopt, Value(), nullptr, Value(),
         "Expression evaluation timeout: Check for infinite loop");
  }
}

Value Evaluator::Apply(const Value& proc, Values args, const Value& input, const FramePtr& env) {
  Value result = ApplyInner(proc, std::move(args), input, env);
  while (result.IsFunction() && result.AsFunction().kind == Function::Kind::kLambda &&
         result.AsFunction().thunk) {
    ChargeSteps(1);
    std::shared_ptr<Function> thunk = result.FunctionPtr();
    const Node* call = thunk->node->body.get();
    Value next = Evaluate(call->procedure.get(), thunk->input, thunk->env);
    Values evaluated;
    evaluated.reserve(call->arguments.size());
    for (const auto& a : call->arguments)
      evaluated.push_back(Evaluate(a.get(), thunk->input, thunk->env));
    try {
      result = ApplyInner(next, std::move(evaluated), input, env);
    } catch (JsonataThrow& err) {
      if (!err.info.token && call->procedure->type == NodeType::kVariable) {
        err.info.token = call->procedure->value;
      }
      err.info.position = call->procedure->position;
      throw;
    }
  }
  return result;
}

Value Evaluator::ApplyInner(const Value& proc, Values args, const Value& input,
                            const FramePtr& env) {
  if (!proc.IsFunction()) {
    Fail("T1006", std::nullopt, Value(), nullptr, Value(), nullptr);
  }
  const Function& f = proc.AsFunction();
  switch (f.kind) {
    case Function::Kind::kLambda: {
      Values validated = f.signature ? f.signature->Validate(args, input) : std::move(args);
      return ApplyProcedure(f, validated);
    }
    case Function::Kind::kBuiltin: {
      Values validated =
          f.builtin->signature ? f.builtin->signature->Validate(args, input) : std::move(args);
      Call call{*this, validated, input, env};
      return f.builtin->impl(call);
    }
    case Function::Kind::kPartialBuiltin: {
      Values full;
      size_t next = 0;
      for (size_t i = 0; i < f.bound.size(); ++i) {
        if (f.holes[i]) {
          full.push_back(next < args.size() ? args[next] : Value());
          ++next;
        } else {
          full.push_back(f.bound[i]);
        }
      }
      // Trailing missing arguments stay missing (as undefined parameters).
      while (!full.empty() && full.back().IsUndefined()) full.pop_back();
      Values validated =
          f.builtin->signature ? f.builtin->signature->Validate(full, Value()) : full;
      Call call{*this, validated, f.input, f.env ? f.env : env};
      return f.builtin->impl(call);
    }
    case Function::Kind::kRegex:
      return RunRegex(f, args);
    case Function::Kind::kTransform: {
      Values validated = TransformSignature()->Validate(args, input);
      return RunTransform(f, validated.empty() ? Value() : validated[0]);
    }
    case Function::Kind::kChain: {
      Value x = args.empty() ? Value() : args[0];
      Value fx = Apply(f.first, {x}, Value(), env);
      return Apply(f.second, {fx}, Value(), env);
    }
  }
  return Value();
}

Value Evaluator::ApplyProcedure(const Function& proc, const Values& args) {
  auto frame = std::make_shared<Frame>(proc.env);
  for (size_t i = 0; i < proc.params.size(); ++i) {
    frame->Bind(proc.params[i], i < args.size() ? args[i] : Value());
  }
  return Evaluate(proc.node->body.get(), proc.input, frame);
}

Value Evaluator::EvaluatePartial(const Node* expr, const Value& input, const FramePtr& env) {
  Values evaluated;
  std::vector<bool> holes;
  for (const auto& arg : expr->arguments) {
    if (arg->type == NodeType::kOperator && arg->value == "?") {
      evaluated.push_back(Value());
      holes.push_back(true);
    } else {
      evaluated.push_back(Evaluate(arg.get(), input, env));
      holes.push_back(false);
    }
  }
  Value proc = Evaluate(expr->procedure.get(), input, env);
  const Node* procedure = expr->procedure.get();
  if (proc.IsUndefined() && procedure->type == NodeType::kPath &&
      Lookup(procedure->steps[0]->value, env).IsDefined()) {
    Fail("T1007", expr->position, Value(), procedure->steps[0]->value.c_str(), Value(), nullptr);
  }
  if (proc.IsFunction() && proc.AsFunction().kind == Function::Kind::kLambda) {
    const Function& f = proc.AsFunction();
    auto frame = std::make_shared<Frame>(f.env);
    auto out = std::make_shared<Function>();
    out->kind = Function::Kind::kLambda;
    out->node = f.node;
    out->input = f.input;
    for (size_t i = 0; i < f.params.size(); ++i) {
      if (i < holes.size() && holes[i]) {
        out->params.push_back(f.params[i]);
      } else {
        frame->Bind(f.params[i], i < evaluated.size() ? evaluated[i] : Value());
      }
    }
    out->env = frame;
    return Value::Func(std::move(out));
  }
  if (proc.IsFunction() && proc.AsFunction().kind == Function::Kind::kPartialBuiltin) {
    // A partial of a partial: fill its holes in order.
    const Function& f = proc.AsFunction();
    auto out = std::make_shared<Function>(f);
    size_t next = 0;
    for (size_t i = 0; i < out->bound.size(); ++i) {
      if (!out->holes[i]) continue;
      if (!(next < evaluated.size() && holes[next])) {
        out->bound[i] = next < evaluated.size() ? evaluated[next] : Value();
        out->holes[i] = false;
      }
      ++next;
    }
    return Value::Func(std::move(out));
  }
  if (proc.IsFunction() && proc.AsFunction().kind == Function::Kind::kBuiltin) {
    const Function& f = proc.AsFunction();
    auto out = std::make_shared<Function>();
    out->kind = Function::Kind::kPartialBuiltin;
    out->builtin = f.builtin;
    // Parameters beyond those given are holes too (unbound parameters).
    out->bound = evaluated;
    out->holes = holes;
    out->input = input;
    out->env = env;
    return Value::Func(std::move(out));
  }
  Fail("T1008", expr->position, Value(),
       (procedure->type == NodeType::kPath ? procedure->steps[0]->value : procedure->value).c_str(),
       Value(), nullptr);
}

Value Evaluator::EvaluateApply(const Node* expr, const Value& input, const FramePtr& env) {
  Value lhs = Evaluate(expr->lhs.get(), input, env);
  if (expr->rhs->type == NodeType::kFunction) {
    return EvaluateFunction(expr->rhs.get(), input, env, &lhs);
  }
  Value func = Evaluate(expr->rhs.get(), input, env);
  if (!func.IsFunction()) {
    Fail("T2006", expr->position, Value(func), nullptr, Value(), nullptr);
  }
  if (lhs.IsFunction()) {
    auto chain = std::make_shared<Function>();
    chain->kind = Function::Kind::kChain;
    chain->first = lhs;
    chain->second = func;
    return Value::Func(std::move(chain));
  }
  return Apply(func, {lhs}, Value(), env);
}

Value Evaluator::EvaluateTransform(const Node* expr, const FramePtr& env) {
  auto f = std::make_shared<Function>();
  f->kind = Function::Kind::kTransform;
  f->node = expr;
  f->env = env;
  return Value::Func(std::move(f));
}

namespace {

// JSON.parse(fn.string(v)): a private deep copy with numbers rounded to 15
// digits, which the transform operator may change in place.
Value DeepClone(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNumber:
      return Value::Number(RoundTo15Digits(v.AsNumber()));
    case Value::Type::kArray: {
      auto a = std::make_shared<ArrayData>();
      size_t n = v.Size();
      for (size_t i = 0; i < n; ++i) {
        Value item = v.At(i);
        a->items.push_back(item.IsUndefined() || item.IsFunction()
                               ? (item.IsFunction() ? Value::String("") : Value::Null())
                               : DeepClone(item));
      }
      return Value::Array(std::move(a));
    }
    case Value::Type::kObject: {
      auto o = std::make_shared<ObjectData>();
      v.ForEachEntry([&](std::string_view k, const Value& item) {
        if (item.IsUndefined()) return;
        o->Set(std::string(k), item.IsFunction() ? Value::String("") : DeepClone(item));
      });
      return Value::Object(std::move(o));
    }
    case Value::Type::kString:
      return Value::String(std::string(v.AsString()));
    default:
      return v;
  }
}

}  // namespace

Value Evaluator::RunTransform(const Function& proc, const Value& obj) {
  if (obj.IsUndefined()) return Value();
  const Node* expr = proc.node;
  Value clone_fn = Lookup("clone", proc.env);
  if (!clone_fn.IsFunction()) Throw("T2013", expr->position);
  Value result;
  if (clone_fn.AsFunction().kind == Function::Kind::kBuiltin &&
      clone_fn.AsFunction().builtin->name == "clone") {
    if (obj.IsNumber() && !std::isfinite(obj.AsNumber())) StringOf(obj);
    result = DeepClone(obj);
  } else {
    result = Apply(clone_fn, {obj}, Value(), proc.env);
  }
  Value matches = Evaluate(expr->pattern.get(), result, proc.env);
  if (matches.IsUndefined()) return result;
  Values list = matches.IsArray() ? ItemsOf(matches) : Values{matches};
  for (const Value& match : list) {
    Value update = Evaluate(expr->update.get(), match, proc.env);
    if (update.IsDefined()) {
      if (!update.IsObject()) {
        Fail("T2011", expr->update->position, Value(update), nullptr, Value(), nullptr);
      }
      if (ObjectData* target = match.ObjInPlace()) {
        update.ForEachEntry(
            [&](std::string_view k, const Value& v) { target->Set(std::string(k), v); });
      }
    }
    if (expr->remove) {
      Value deletions = Evaluate(expr->remove.get(), match, proc.env);
      if (deletions.IsDefined()) {
        Value val = deletions;
        Value list2 = deletions.IsArray() ? deletions : MakeArray({deletions});
        if (!IsArrayOfStrings(list2)) {
          Fail("T2012", expr->remove->position, Value(val), nullptr, Value(), nullptr);
        }
        if (ObjectData* target = match.ObjInPlace()) {
          size_t n = list2.Size();
          for (size_t j = 0; j < n; ++j) target->Erase(list2.At(j).AsString());
        }
      }
    }
  }
  return result;
}

Value Evaluator::RunRegex(const Function& proc, const Values& args) {
  // The regex closure: (str, fromIndex) -> {match, start, end, groups, next}.
  // `bound` holds (str, lastIndex) for a `next` continuation.
  bool continuation = !proc.bound.empty();
  Value str = continuation ? proc.bound[0] : (args.empty() ? Value() : args[0]);
  if (!str.IsString()) return Value();
  std::string_view s = str.AsString();
  size_t from = 0;
  if (continuation) {
    from = static_cast<size_t>(proc.bound[1].AsNumber());
    if (from >= s.size()) return Value();
  } else if (args.size() > 1 && args[1].IsNumber()) {
    from = static_cast<size_t>(std::max(0.0, args[1].AsNumber()));
  }
  auto m = proc.regex->Exec(s, from);
  if (!m) return Value();
  if (continuation && m->start == m->end) {
    Fail("D1004", proc.position, Value::String(proc.regex->source()), nullptr, Value(), nullptr);
  }
  auto o = std::make_shared<ObjectData>();
  o->Set("match", Value::String(std::string(s.substr(m->start, m->end - m->start))));
  o->Set("start", Num(Utf16Offset(s, m->start)));
  o->Set("end", Num(Utf16Offset(s, m->end)));
  Values groups;
  for (const auto& g : m->groups) {
    groups.push_back(g ? Value::String(std::string(s.substr(g->first, g->second - g->first)))
                       : Value::String(""));
  }
  o->Set("groups", MakeArray(std::move(groups)));
  auto next = std::make_shared<Function>();
  next->kind = Function::Kind::kRegex;
  next->regex = proc.regex;
  next->position = proc.position;
  next->bound = {str, Num(m->end == m->start ? m->end + 1 : m->end)};
  o->Set("next", Value::Func(std::move(next)));
  return Value::Object(std::move(o));
}

}  // namespace sfn::jsonata
