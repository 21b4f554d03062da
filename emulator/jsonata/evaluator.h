// The tree-walking evaluator: jsonata-js 2.0.6's evaluate() and its helpers
// (paths and tuple streams, predicates, grouping, sorting, function
// application with tail calls, partial application, transforms).
//
// One Evaluator serves one evaluation on one thread; it holds that
// evaluation's environment (time, randomness), its limits and its counters.
// Internal to the module: errors unwind as JsonataThrow.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/random.h"
#include "emulator/core/time.h"
#include "emulator/jsonata/ast.h"
#include "emulator/jsonata/function.h"

namespace sfn::jsonata {

struct Limits {
  int max_depth = 0;           // 0: unlimited
  int64_t max_steps = 0;       // 0: unlimited
  size_t max_stack_bytes = 0;  // native stack the evaluation may use; 0: unlimited
};

class Evaluator {
 public:
  Evaluator(TimePoint now, Random* random, Limits limits)
      : now_(now), random_(random), limits_(limits) {
    char here;
    stack_base_ = reinterpret_cast<uintptr_t>(&here);
  }

  Value Evaluate(const Node* expr, const Value& input, const FramePtr& env);
  // Applies a function value to arguments (validating against its
  // signature), running tail calls in a loop.
  Value Apply(const Value& proc, Values args, const Value& input, const FramePtr& env);
  // A variable: frames first, then the built-in functions.
  Value Lookup(std::string_view name, const FramePtr& env) const;

  TimePoint now() const { return now_; }
  // The evaluation's randomness (seeded with 0 when the caller gave none).
  Random* random() {
    if (random_ == nullptr) {
      fallback_random_ = std::make_unique<Random>(0);
      random_ = fallback_random_.get();
    }
    return random_;
  }

 private:
  Value EvaluatePath(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateStep(const Node* expr, const Value& input, const FramePtr& env, bool last_step);
  Value EvaluateStages(const std::vector<Stage>& stages, Value input, const FramePtr& env);
  Value EvaluateTupleStep(const Node* expr, const Value& input, const Value& tuple_bindings,
                          bool has_tuples, const FramePtr& env);
  Value EvaluateFilter(const Node* predicate, const Value& input, const FramePtr& env);
  Value EvaluateBinary(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateUnary(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateGroup(const Group& group, const Value& input, const FramePtr& env);
  Value EvaluatePairs(const std::vector<std::pair<NodePtr, NodePtr>>& pairs, int64_t position,
                      const Value& input, const FramePtr& env);
  Value EvaluateObjectConstructor(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateSort(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateFunction(const Node* expr, const Value& input, const FramePtr& env,
                         const Value* apply_to);
  Value EvaluatePartial(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateApply(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateLambda(const Node* expr, const Value& input, const FramePtr& env);
  Value EvaluateTransform(const Node* expr, const FramePtr& env);
  Value ApplyInner(const Value& proc, Values args, const Value& input, const FramePtr& env);
  Value ApplyProcedure(const Function& proc, const Values& args);
  Value RunTransform(const Function& proc, const Value& obj);
  Value RunRegex(const Function& proc, const Values& args);
  // Counts `n` steps of work against Limits::max_steps (U1001 past it).
  void ChargeSteps(int64_t n);

  TimePoint now_;
  Random* random_;
  std::unique_ptr<Random> fallback_random_;
  Limits limits_;
  int depth_ = 0;
  uintptr_t stack_base_ = 0;
  int64_t steps_ = 0;
};

// A frame holding a tuple's bindings ('@' and the named ones).
FramePtr FrameFromTuple(const FramePtr& env, const Value& tuple);

// jsonata-js's merge sort (stable): `greater(a, b)` true puts b before a.
Values MergeSort(Values items, const std::function<bool(const Value&, const Value&)>& greater);

// jsonata's sequence singleton rule: an empty sequence is undefined, a
// one-item sequence its item (unless it keeps singletons).
Value Collapse(Value v);

}  // namespace sfn::jsonata
