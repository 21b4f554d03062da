// A compiled JSONata expression (the language of jsonata-js 2.0.6, which AWS
// Step Functions runs) and its evaluation against a Json input.
//
// Expression::Compile parses the text once; the result is immutable and may
// be evaluated by any number of threads at once (no global mutable state).
// Each Evaluate is independent: its time and randomness come from the
// Environment passed in, never from the system clock, so a run is
// reproducible. Results are Json: numbers read from the input come back
// untouched, numbers the expression computed follow JavaScript's rules
// (integers without ".0"), and an undefined result is nullopt (distinct from
// null).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"
#include "emulator/jsonata/error.h"

namespace sfn::jsonata {

struct ParsedTree;

// Variables bound for one evaluation: `$name` -> value.
using Bindings = std::map<std::string, Json, std::less<>>;

// A variable bound for one evaluation to documents the caller keeps alive
// for the duration of the call, so nothing is copied: `$name` reads
// `*value`, or, when `value` is null, an object made of `members`, each
// reading its document (Step Functions' `$states`).
struct BorrowedBinding {
  std::string_view name;  // without the '$'
  const Json* value = nullptr;
  std::vector<std::pair<std::string_view, const Json*>> members;
};

// What an evaluation gave: a JSON value, or nothing (`value` empty) when the
// result is undefined or a function (then `is_function` is set: a function
// has no JSON form).
struct Evaluation {
  std::optional<Json> value;
  bool is_function = false;
};

// What an expression reads that its text alone tells (the parse tree, not an
// evaluation): the names its top level reads from the input (the context
// item), "$" for `$` itself and "$$" for `$$`, each once in the order written;
// and every `$variable.field` step pair it contains, anywhere.
struct References {
  std::vector<std::string> input_names;
  std::vector<std::pair<std::string, std::string>> variable_fields;
};

// What one evaluation may use and how far it may go.
struct Environment {
  TimePoint now{};                   // $now(), $millis()
  Random* random = nullptr;          // $random(), $uuid(), $shuffle(); nullptr: seeded with 0
  int max_depth = 1000;              // nested evaluation frames before U1001 (0: no limit)
  int64_t max_steps = 10'000'000;    // evaluation steps before U1001 (0: no limit)
  size_t max_stack_bytes = 4 << 20;  // native stack one evaluation may use before U1001
};

class Expression {
 public:
  // Nesting of the text the parser accepts (deeper text fails with U1001).
  static constexpr int kMaxParseDepth = 500;

  static Expected<std::shared_ptr<const Expression>> Compile(std::string_view text);

  // `input` nullptr evaluates with no input (undefined, not null). `input`
  // and `bindings` must outlive the call; the result never refers to them.
  Expected<std::optional<Json>> Evaluate(const Json* input, const Bindings& bindings = {},
                                         const Environment& env = {}) const;
  // The same with borrowed bindings; the result tells a function apart from
  // undefined.
  Expected<Evaluation> Evaluate(const Json* input, std::span<const BorrowedBinding> bindings,
                                const Environment& env) const;

  const std::string& text() const { return text_; }
  const References& references() const { return references_; }

  ~Expression();
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

 private:
  Expression() = default;
  std::string text_;
  std::unique_ptr<ParsedTree> tree_;
  References references_;
};

}  // namespace sfn::jsonata
