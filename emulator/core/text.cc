#include "emulator/core/text.h"

#include <boost/locale/utf.hpp>

namespace sfn {
namespace {

using Utf8 = boost::locale::utf::utf_traits<char>;

}  // namespace

std::optional<std::vector<char32_t>> DecodeUtf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    boost::locale::utf::code_point c = Utf8::decode(p, end);
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete) {
      return std::nullopt;
    }
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

size_t Utf16Length(std::string_view text) {
  size_t units = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p != end) {
    const char* start = p;
    boost::locale::utf::code_point c = Utf8::decode(p, end);
    if (c == boost::locale::utf::illegal || c == boost::locale::utf::incomplete) {
      p = start + 1;  // one unit per byte of a broken sequence
      ++units;
      continue;
    }
    units += c > 0xFFFF ? 2 : 1;
  }
  return units;
}

}  // namespace sfn
