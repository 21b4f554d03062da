// Functions as values (lambdas, built-ins, partial applications, regexes,
// transforms, compositions) and the variable frames that closures capture.
//
// A Function refers to nodes of the compiled tree, which outlives every
// evaluation of it. Frames and functions made during one evaluation belong to
// that evaluation's thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/jsonata/value.h"

namespace sfn::jsonata {

struct Node;
class Signature;
class Regex;
class Evaluator;

struct Frame;
using FramePtr = std::shared_ptr<Frame>;

// Frames that may sit in a reference cycle (a frame holding a closure over
// itself, as `$f := function() {...}` makes); the evaluation clears their
// bindings when it ends so that nothing leaks.
class FrameRegistry {
 public:
  void Track(const FramePtr& frame) {
    frames_.push_back(frame);
    if (frames_.size() > 2 * live_ + 64) Compact();
  }
  // Drops every binding of every frame still alive (the end of an evaluation).
  void BreakCycles();

 private:
  void Compact();
  std::vector<std::weak_ptr<Frame>> frames_;
  size_t live_ = 0;
};

// One scope of variable bindings; lookups walk to the enclosing frames.
struct Frame : std::enable_shared_from_this<Frame> {
  explicit Frame(FramePtr enclosing)
      : parent(std::move(enclosing)), registry(parent ? parent->registry : nullptr) {}
  Frame(FramePtr enclosing, FrameRegistry* r) : parent(std::move(enclosing)), registry(r) {}
  FramePtr parent;
  FrameRegistry* registry;
  bool tracked = false;
  std::vector<std::pair<std::string, Value>> bindings;

  void Bind(std::string_view name, Value value) {
    // Only functions and values the evaluator built can reach a closure.
    if (!tracked && registry != nullptr &&
        (value.IsFunction() || ((value.IsArray() || value.IsObject()) && !value.IsBorrowed()))) {
      tracked = true;
      registry->Track(shared_from_this());
    }
    for (auto& b : bindings) {
      if (b.first == name) {
        b.second = std::move(value);
        return;
      }
    }
    bindings.emplace_back(std::string(name), std::move(value));
  }
  const Value* Lookup(std::string_view name) const {
    for (const Frame* f = this; f != nullptr; f = f->parent.get()) {
      for (const auto& b : f->bindings) {
        if (b.first == name) return &b.second;
      }
    }
    return nullptr;
  }
};

// What a built-in receives: its validated arguments, the context value and
// the evaluator (for higher-order functions and the environment).
struct Call {
  Evaluator& ev;
  Values& args;
  const Value& input;
  const FramePtr& env;
  Value Arg(size_t i) const { return i < args.size() ? args[i] : Value(); }
};

using BuiltinImpl = Value (*)(Call& call);

struct Builtin {
  std::string_view name;
  std::string_view signature_text;
  BuiltinImpl impl;
  int arity;  // parameters of jsonata-js's implementation (partial application, HOF arity)
  std::shared_ptr<const Signature> signature;
};

struct Function {
  enum class Kind { kLambda, kBuiltin, kPartialBuiltin, kRegex, kTransform, kChain };
  Kind kind = Kind::kLambda;

  // kLambda: the lambda node (params, body), its closure and input.
  const Node* node = nullptr;
  std::vector<std::string> params;
  std::shared_ptr<const Signature> signature;
  bool thunk = false;
  Value input;
  FramePtr env;

  // kBuiltin / kPartialBuiltin.
  const Builtin* builtin = nullptr;
  Values bound;             // kPartialBuiltin: arguments, holes marked in `hole`
  std::vector<bool> holes;  // true where '?' was given

  // kRegex.
  std::shared_ptr<const Regex> regex;
  int64_t position = 0;

  // kChain: g(f(x)).
  Value first, second;

  int Arity() const;
};

}  // namespace sfn::jsonata
