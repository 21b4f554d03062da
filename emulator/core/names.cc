#include "emulator/core/names.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "emulator/core/text.h"

namespace sfn {
namespace {

// Unicode's White_Space property (PropList.txt): what "white space" means.
bool IsWhiteSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// API reference, CreateStateMachine `name`: control characters (U+0000-001F,
// U+007F-009F, U+FFFE-FFFF), surrogates (U+D800-DFFF), invalid characters
// (U+10FFFF).
bool IsControlOrInvalid(char32_t c) {
  return c <= 0x1F || (c >= 0x7F && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF ||
         (c >= 0xD800 && c <= 0xDFFF) || c >= 0x10FFFF;
}

bool ExcludedFromResourceName(char32_t c) {
  static constexpr std::u32string_view kSpecial = U"<>{}[]?*\"#%\\^|~`$&,;:/";
  return IsWhiteSpace(c) || IsControlOrInvalid(c) || kSpecial.find(c) != std::u32string_view::npos;
}

// Developer guide, Map state "Label": whitespace, wildcards (? *), brackets
// (< > { } [ ]), special characters (: ; , \ | ^ ~ $ # % & ` "), control
// characters.
bool ExcludedFromLabel(char32_t c) {
  static constexpr std::u32string_view kSpecial = U"<>{}[]?*:;,\\|^~$#%&`\"";
  return IsWhiteSpace(c) || IsControlOrInvalid(c) || kSpecial.find(c) != std::u32string_view::npos;
}

bool IsAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

struct Entry {
  NameKind kind;
  NameRule rule;
  bool (*excluded)(char32_t);  // a code-point rule, or
  std::u32string_view marks;   // a pattern: ASCII letters, digits and these
  bool needs_non_digit;        // the pattern refuses an all-digit name
};

// The patterns are the botocore models' (stepfunctions CharacterRestrictedName;
// lambda Alias and the name part of FunctionName).
const Entry kEntries[] = {
    {NameKind::kStateMachine, {"name", 1, 80, ""}, ExcludedFromResourceName, U"", false},
    {NameKind::kExecution, {"name", 1, 80, ""}, ExcludedFromResourceName, U"", false},
    {NameKind::kActivity, {"name", 1, 80, ""}, ExcludedFromResourceName, U"", false},
    {NameKind::kStateMachineAlias,
     {"name", 1, 80, "^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$"},
     nullptr,
     U"_-.",
     true},
    {NameKind::kMapRunLabel, {"Label", 1, 40, ""}, ExcludedFromLabel, U"", false},
    {NameKind::kLambdaFunction, {"functionName", 1, 64, "[a-zA-Z0-9-_]+"}, nullptr, U"-_", false},
    {NameKind::kLambdaAlias,
     {"name", 1, 128, "(?!^[0-9]+$)([a-zA-Z0-9-_]+)"},
     nullptr,
     U"-_",
     true},
};

const Entry& EntryFor(NameKind kind) {
  for (const Entry& e : kEntries) {
    if (e.kind == kind) return e;
  }
  return kEntries[0];
}

Status Violation(std::string_view name, std::string_view member, const std::string& constraint) {
  return Status(ErrorCode::kValidationException,
                "1 validation error detected: Value '" + std::string(name) + "' at '" +
                    std::string(member) + "' failed to satisfy constraint: " + constraint);
}

}  // namespace

const NameRule& RuleFor(NameKind kind) { return EntryFor(kind).rule; }

bool HasValidCharacters(NameKind kind, std::string_view name) {
  const Entry& e = EntryFor(kind);
  std::optional<std::vector<char32_t>> cps = DecodeUtf8(name);
  if (!cps) return false;
  if (e.excluded) return std::none_of(cps->begin(), cps->end(), e.excluded);
  bool non_digit = false;
  for (char32_t c : *cps) {
    if (!IsAsciiAlnum(c) && e.marks.find(c) == std::u32string_view::npos) return false;
    if (c < '0' || c > '9') non_digit = true;
  }
  return non_digit || !e.needs_non_digit;
}

Status CheckName(NameKind kind, std::string_view name) {
  const Entry& e = EntryFor(kind);
  size_t length = Utf16Length(name);
  if (length < e.rule.min_length) {
    return Violation(
        name, e.rule.member,
        "Member must have length greater than or equal to " + std::to_string(e.rule.min_length));
  }
  if (length > e.rule.max_length) {
    return Violation(
        name, e.rule.member,
        "Member must have length less than or equal to " + std::to_string(e.rule.max_length));
  }
  if (HasValidCharacters(kind, name)) return Status::Ok();
  if (!e.rule.pattern.empty()) {
    return Violation(
        name, e.rule.member,
        "Member must satisfy regular expression pattern: " + std::string(e.rule.pattern));
  }
  return Status(ErrorCode::kInvalidName, "Invalid Name: '" + std::string(name) + "'");
}

}  // namespace sfn
