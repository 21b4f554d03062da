// Writing a string as a JSON string literal: `"` and `\` escaped, the control
// characters below 0x20 as \b \f \n \r \t or \u00XX (lower-case hex), every
// other byte copied as it is (so UTF-8 passes through unchanged). This is how
// both nlohmann's dump and JavaScript's JSON.stringify write ASCII, the one
// rule behind core/json.cc's DumpJson and JSONata's $string. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sfn {

// Appends `s` quoted; runs of plain characters are copied at once.
void AppendJsonQuoted(std::string_view s, std::string& out);

}  // namespace sfn
