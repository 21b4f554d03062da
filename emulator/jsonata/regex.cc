#include "emulator/jsonata/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace sfn::jsonata {

std::shared_ptr<const Regex> Regex::Compile(std::string_view pattern, std::string_view flags,
                                            std::string* error) {
  uint32_t options = PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_ALT_BSUX |
                     PCRE2_MATCH_UNSET_BACKREF;
  for (char f : flags) {
    if (f == 'i') options |= PCRE2_CASELESS;
    if (f == 'm') options |= PCRE2_MULTILINE;
  }
  int errcode = 0;
  PCRE2_SIZE erroffset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   options, &errcode, &erroffset, nullptr);
  if (code == nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(errcode, buffer, sizeof(buffer));
    if (error != nullptr) *error = reinterpret_cast<const char*>(buffer);
    return nullptr;
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  std::shared_ptr<Regex> re(new Regex());
  re->code_ = code;
  re->source_ = std::string(pattern);
  re->flags_ = std::string(flags);
  return re;
}

Regex::~Regex() {
  if (code_ != nullptr) pcre2_code_free(static_cast<pcre2_code*>(code_));
}

std::optional<Regex::Match> Regex::Exec(std::string_view subject, size_t from) const {
  if (from > subject.size()) return std::nullopt;
  auto* code = static_cast<pcre2_code*>(code_);
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from, 0,
                       md, nullptr);
  std::optional<Match> out;
  if (rc > 0 || rc == 0) {
    PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
    uint32_t pairs = pcre2_get_ovector_count(md);
    uint32_t captures = 0;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    Match m;
    m.start = ov[0];
    m.end = ov[1];
    for (uint32_t i = 1; i <= captures; ++i) {
      if (i < pairs && static_cast<int>(i) < (rc == 0 ? static_cast<int>(pairs) : rc) &&
          ov[2 * i] != PCRE2_UNSET) {
        m.groups.emplace_back(std::make_pair(ov[2 * i], ov[2 * i + 1]));
      } else {
        m.groups.emplace_back(std::nullopt);
      }
    }
    out = std::move(m);
  }
  pcre2_match_data_free(md);
  return out;
}

}  // namespace sfn::jsonata
