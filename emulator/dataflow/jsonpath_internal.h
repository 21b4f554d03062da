// Implementation detail of JsonPath: the compiled form of a path (segments
// and filter expressions) and the parser/evaluator entry points shared by
// jsonpath_parser.cc and jsonpath.cc. Not for use outside emulator/dataflow.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/dataflow/jsonpath.h"

namespace sfn::dataflow {

struct FilterExpr;

struct JsonPath::Segment {
  enum class Kind {
    kName,      // .name or ['name']
    kIndex,     // [n]
    kWildcard,  // .* or [*]
    kNames,     // ['a','b']
    kIndexes,   // [0,2]
    kSlice,     // [start:end:step]
    kFilter,    // [?(...)]
  };
  Kind kind = Kind::kName;
  bool deep = false;  // preceded by `..`
  std::vector<std::string> names;
  std::vector<int64_t> indexes;
  std::optional<int64_t> start;
  std::optional<int64_t> end;
  int64_t step = 1;
  std::shared_ptr<const FilterExpr> filter;
};

using Segments = std::vector<JsonPath::Segment>;

// One side of a filter comparison: a literal or a path relative to the
// current item (`@...`) or to the root (`$...`).
struct FilterOperand {
  enum class Kind { kLiteral, kCurrent, kRoot };
  Kind kind = Kind::kLiteral;
  Json literal;
  Segments path;
};

struct FilterExpr {
  enum class Op { kOr, kAnd, kNot, kExists, kEq, kNe, kLt, kLe, kGt, kGe };
  Op op = Op::kExists;
  std::shared_ptr<const FilterExpr> left;   // kOr, kAnd, kNot
  std::shared_ptr<const FilterExpr> right;  // kOr, kAnd
  FilterOperand lhs;                        // comparisons, kExists
  FilterOperand rhs;                        // comparisons
};

// Parses the segments after the root (`$` or `$$`), i.e. `text` without its
// root prefix. kInvalidDefinition on a syntax error.
Result<Segments> ParsePathSegments(std::string_view path_text, std::string_view rest);

// What one evaluation may still do (JsonPath::Evaluate): each node visited
// or selected costs a unit, a copy its units (CopyUnits). Charge() is false
// once the budget is spent; everything then stops early.
class PathBudget {
 public:
  explicit PathBudget(int64_t units = kMaxPathWork) : left_(units) {}
  bool Charge(int64_t units) {
    left_ -= units;
    return left_ >= 0;
  }
  bool spent() const { return left_ < 0; }

 private:
  int64_t left_;
};

// Charges what copying `value` costs: a unit per node and per eight bytes of
// its strings and keys, counted iteratively and only until the budget is
// spent (so a huge value costs no more than what was left).
bool ChargeCopy(const Json& value, PathBudget& budget);

// All matches of `segments` applied to `node`; `root` is what `$` means in
// filters. Stops early (with a partial result) once `budget` is spent.
void CollectMatches(const Segments& segments, const Json& node, const Json& root,
                    std::vector<const Json*>& out, PathBudget& budget);

bool SegmentsAreDefinite(const Segments& segments);

}  // namespace sfn::dataflow
