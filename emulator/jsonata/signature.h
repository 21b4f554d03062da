// Function signatures (`<s-nn?:s>`, `<a<n>:n>`, `<f<n:n>>`...) as jsonata-js
// 2.0.6 parses and checks them: each argument's type symbol (s n b l o a f,
// m for missing) must match the parameter list; '-' takes the context value
// for a missing argument, '?' marks an optional and '+' a repeated parameter,
// 'a<t>' wraps a single value into an array and checks the item type.
//
// Immutable once parsed; shared by the parse tree and the built-in table.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/jsonata/value.h"

namespace sfn::jsonata {

class Signature {
 public:
  // Throws JsonataThrow S0401/S0402 with `position` = offset in `text`.
  static std::shared_ptr<const Signature> Parse(std::string_view text);

  // The arguments a function receives: context filled in for '-' params,
  // single values wrapped for 'a' params. Throws T0410/T0411/T0412.
  Values Validate(const Values& args, const Value& context) const;

  size_t param_count() const { return params_.size(); }
  const std::string& definition() const { return definition_; }

 private:
  struct Param {
    std::string allowed;  // type symbols this parameter accepts
    char type = 0;
    char quantifier = 0;  // 0, '?' or '+'
    bool context = false;
    std::string context_allowed;
    std::string subtype;
    bool has_subtype = false;
  };
  bool Match(const std::string& sig, size_t param, size_t pos, bool anchored,
             std::vector<std::pair<size_t, size_t>>* spans) const;

  std::string definition_;
  std::vector<Param> params_;
};

// The signature symbol of a value: s n b l o a f m.
char TypeSymbol(const Value& v);

}  // namespace sfn::jsonata
