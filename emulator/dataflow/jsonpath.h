// JSONPath as Step Functions evaluates it (Amazon States Language, "Paths").
//
// A JsonPath is compiled once per definition revision and is immutable, so
// executions share it across threads. Paths start with `$` (the state input or
// any document given as root) or `$$` (the context object; the caller chooses
// which document to pass as root). Supported syntax: `.name`, `['name']`,
// `[n]` (negative counts from the end), `[*]`, `.*`, `..name` (deep scan),
// `[a,b]` unions, `[start:end:step]` slices, and filters `[?(@.k op v)]` with
// ==, !=, <, <=, >, >=, &&, ||, and existence `[?(@.k)]`.
//
// A path is *definite* when it has no wildcard, deep scan, union, slice or
// filter: it selects at most one value. An indefinite path always yields an
// array of its matches (possibly empty), as AWS does.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/core/status.h"

namespace sfn::dataflow {

// The work one evaluation of a path may do (JsonPath::Evaluate).
inline constexpr int64_t kMaxPathWork = 4'000'000;

class JsonPath {
 public:
  // Compiles `text`. An invalid path is kInvalidDefinition with a message
  // naming the path.
  static Result<JsonPath> Compile(std::string_view text);

  const std::string& text() const { return text_; }
  bool IsDefinite() const;
  // True when the path is `$$` or starts with `$$.`/`$$[`.
  bool IsContextPath() const;

  // Definite path: the selected value, or nullopt when nothing matches.
  // Indefinite path: always an array of the matches.
  // Time and memory are linear in the path and the document: evaluation
  // visits, selects and copies at most kMaxPathWork units (a node, or eight
  // bytes of a string), and fails with States.DataLimitExceeded past that
  // (a `$..*` over a deep document selects every subtree: its copies grow
  // with the square of the depth). Far beyond what a 256 KiB state input
  // needs; the failure's cause lacks the state prefix.
  Outcome<std::optional<Json>> Evaluate(const Json& root) const;

  // Definite paths: the number of leading steps that select a value in
  // `root` (size() when the whole path does), and the path's first `steps`
  // steps in normalized form ("$['a']['b']"). For AWS's "Missing property"
  // message without re-evaluating every prefix.
  size_t MatchedSteps(const Json& root) const;
  std::string NormalizedPrefix(size_t steps) const;
  size_t size() const;  // number of steps after the root

  // For ResultPath: writes `value` at this (definite, `$`-rooted, names and
  // indexes only) path inside `root`, creating missing objects. Returns false
  // when the path cannot be written (e.g. a step goes through a non-object).
  bool Assign(Json& root, Json value) const;
  // As above; on failure `*failed_step` names the step that could not be
  // applied (a field name, an index, or the whole path when it is not a
  // reference path).
  bool Assign(Json& root, Json value, std::string* failed_step) const;

  // The path in Jayway's normalized bracket form, as AWS prints it in error
  // messages: `$.a.b[0]` -> `$['a']['b'][0]`.
  std::string Normalized() const;

  struct Segment;  // implementation detail

 private:
  std::string text_;
  std::shared_ptr<const std::vector<Segment>> segments_;
};

}  // namespace sfn::dataflow
