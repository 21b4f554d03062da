// JSONata regular expressions (`/pattern/flags`, JavaScript syntax, flags i
// and m) compiled with PCRE2 in UTF-8 mode, with the options that make PCRE2
// read a pattern as JavaScript does: `$` only at the very end unless `m`,
// `[]` and `[^]` as empty and any-character classes, `\uhhhh` escapes.
//
// A compiled Regex is immutable and shared by every thread; each Exec uses
// its own match data.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sfn::jsonata {

class Regex {
 public:
  struct Match {
    size_t start = 0;  // byte offsets into the subject
    size_t end = 0;
    // Capture groups 1..n; nullopt for a group that did not take part.
    std::vector<std::optional<std::pair<size_t, size_t>>> groups;
  };

  // nullptr with `error` set when PCRE2 rejects the pattern.
  static std::shared_ptr<const Regex> Compile(std::string_view pattern, std::string_view flags,
                                              std::string* error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // The first match at or after byte offset `from`.
  std::optional<Match> Exec(std::string_view subject, size_t from) const;

  const std::string& source() const { return source_; }
  const std::string& flags() const { return flags_; }

 private:
  Regex() = default;
  void* code_ = nullptr;  // pcre2_code_8
  std::string source_;
  std::string flags_;
};

}  // namespace sfn::jsonata
