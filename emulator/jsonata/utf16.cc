#include "emulator/jsonata/utf16.h"

#include <algorithm>

#include "emulator/jsonata/utf.h"

namespace sfn::jsonata {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsHighSurrogate(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool IsLowSurrogate(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

std::ptrdiff_t Len(std::u16string_view s) { return static_cast<std::ptrdiff_t>(s.size()); }

std::ptrdiff_t Clamp(std::ptrdiff_t i, std::ptrdiff_t len) {
  return std::clamp<std::ptrdiff_t>(i, 0, len);
}

// A relative index (negative counts from the end), clamped to [0, len].
std::ptrdiff_t Relative(std::ptrdiff_t i, std::ptrdiff_t len) {
  return i < 0 ? std::max<std::ptrdiff_t>(len + i, 0) : std::min(i, len);
}

}  // namespace

std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    auto byte = static_cast<unsigned char>(utf8[i]);
    char32_t cp = kReplacement;
    size_t need = 0;
    if (byte < 0x80) {
      cp = byte;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      cp = byte & 0x1F;
      need = 1;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      cp = byte & 0x0F;
      need = 2;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      cp = byte & 0x07;
      need = 3;
    }
    size_t j = i + 1;
    bool ok = true;
    for (size_t k = 0; k < need; ++k, ++j) {
      if (j >= utf8.size() || (static_cast<unsigned char>(utf8[j]) & 0xC0) != 0x80) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[j]) & 0x3F);
    }
    if (need > 0 && (!ok || (need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
                     cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
      cp = kReplacement;
      j = i + 1;
    }
    out += FromCodePoint(cp);
    i = j;
  }
  return out;
}

std::string ToUtf8(std::u16string_view utf16) {
  std::string out;
  out.reserve(utf16.size());
  for (size_t i = 0; i < utf16.size(); ++i) {
    char16_t c = utf16[i];
    char32_t cp = c;
    if (IsHighSurrogate(c) && i + 1 < utf16.size() && IsLowSurrogate(utf16[i + 1])) {
      cp = 0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (utf16[i + 1] - 0xDC00);
      ++i;
    } else if (IsHighSurrogate(c) || IsLowSurrogate(c)) {
      cp = kReplacement;
    }
    AppendUtf8(static_cast<uint32_t>(cp), &out);
  }
  return out;
}

std::u16string FromCodePoint(char32_t cp) {
  if (cp < 0x10000) return std::u16string(1, static_cast<char16_t>(cp));
  cp -= 0x10000;
  return {static_cast<char16_t>(0xD800 + (cp >> 10)), static_cast<char16_t>(0xDC00 + (cp & 0x3FF))};
}

std::vector<char32_t> CodePoints(std::u16string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char16_t c = s[i];
    if (IsHighSurrogate(c) && i + 1 < s.size() && IsLowSurrogate(s[i + 1])) {
      out.push_back(0x10000 + ((static_cast<char32_t>(c) - 0xD800) << 10) + (s[i + 1] - 0xDC00));
      ++i;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::ptrdiff_t JsIndexOf(std::u16string_view s, std::u16string_view search, std::ptrdiff_t from) {
  size_t start = static_cast<size_t>(Clamp(from, Len(s)));
  size_t pos = s.find(search, start);
  return pos == std::u16string_view::npos ? -1 : static_cast<std::ptrdiff_t>(pos);
}

std::ptrdiff_t JsLastIndexOf(std::u16string_view s, std::u16string_view search) {
  size_t pos = s.rfind(search);
  return pos == std::u16string_view::npos ? -1 : static_cast<std::ptrdiff_t>(pos);
}

std::u16string JsSubstring(std::u16string_view s, std::ptrdiff_t start) {
  return JsSubstring(s, start, Len(s));
}

std::u16string JsSubstring(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t end) {
  std::ptrdiff_t a = Clamp(start, Len(s));
  std::ptrdiff_t b = Clamp(end, Len(s));
  if (a > b) std::swap(a, b);
  return std::u16string(s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
}

std::u16string JsSubstr(std::u16string_view s, std::ptrdiff_t start) {
  return JsSubstr(s, start, Len(s));
}

std::u16string JsSubstr(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t length) {
  std::ptrdiff_t a = Relative(start, Len(s));
  std::ptrdiff_t n = std::min(std::max<std::ptrdiff_t>(length, 0), Len(s) - a);
  if (n <= 0) return u"";
  return std::u16string(s.substr(static_cast<size_t>(a), static_cast<size_t>(n)));
}

std::u16string JsSlice(std::u16string_view s, std::ptrdiff_t start) {
  return JsSlice(s, start, Len(s));
}

std::u16string JsSlice(std::u16string_view s, std::ptrdiff_t start, std::ptrdiff_t end) {
  std::ptrdiff_t a = Relative(start, Len(s));
  std::ptrdiff_t b = Relative(end, Len(s));
  if (a >= b) return u"";
  return std::u16string(s.substr(static_cast<size_t>(a), static_cast<size_t>(b - a)));
}

std::u16string JsCharAt(std::u16string_view s, std::ptrdiff_t index) {
  if (index < 0 || index >= Len(s)) return u"";
  return std::u16string(1, s[static_cast<size_t>(index)]);
}

std::vector<std::u16string> JsSplit(std::u16string_view s, std::u16string_view separator) {
  std::vector<std::u16string> parts;
  if (separator.empty()) {
    for (char16_t c : s) parts.emplace_back(1, c);
    return parts;
  }
  size_t start = 0;
  while (true) {
    size_t pos = s.find(separator, start);
    if (pos == std::u16string_view::npos) break;
    parts.emplace_back(s.substr(start, pos - start));
    start = pos + separator.size();
  }
  parts.emplace_back(s.substr(start));
  return parts;
}

std::u16string JsReplaceAll(std::u16string_view s, std::u16string_view from,
                            std::u16string_view to) {
  std::vector<std::u16string> parts = JsSplit(s, from);
  std::u16string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += to;
    out += parts[i];
  }
  return out;
}

bool IsJsWhiteSpace(char16_t c) {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

std::u16string AsciiToLower(std::u16string_view s) {
  std::u16string out(s);
  for (char16_t& c : out) {
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c - u'A' + u'a');
  }
  return out;
}

std::u16string AsciiToUpper(std::u16string_view s) {
  std::u16string out(s);
  for (char16_t& c : out) {
    if (c >= u'a' && c <= u'z') c = static_cast<char16_t>(c - u'a' + u'A');
  }
  return out;
}

}  // namespace sfn::jsonata
