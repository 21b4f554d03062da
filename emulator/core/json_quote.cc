#include "emulator/core/json_quote.h"

namespace sfn {

void AppendJsonQuoted(std::string_view s, std::string& out) {
  out.push_back('"');
  const char* run = s.data();
  const char* end = s.data() + s.size();
  for (const char* p = run; p != end; ++p) {
    auto u = static_cast<unsigned char>(*p);
    if (u >= 0x20 && *p != '"' && *p != '\\') continue;
    out.append(run, p);
    run = p + 1;
    switch (*p) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        char esc[6] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xF]};
        out.append(esc, sizeof(esc));
      }
    }
  }
  out.append(run, end);
  out.push_back('"');
}

}  // namespace sfn
