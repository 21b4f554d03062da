#include "emulator/asl/variable_references.h"

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace sfn::asl {
namespace {

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// `$name` tokens of an evaluated string: not `$$`, `$.`, `$[`, and, inside
// JSONata, not a function call (`$sum(`) nor the reserved `$states`.
void Collect(std::string_view text, bool jsonata, std::vector<std::string>& out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') continue;
    if (i > 0 && (IsNameChar(text[i - 1]) || text[i - 1] == '$')) continue;
    size_t j = i + 1;
    if (j >= text.size() || !IsNameStart(text[j])) continue;
    while (j < text.size() && IsNameChar(text[j])) ++j;
    std::string name(text.substr(i + 1, j - i - 1));
    i = j - 1;
    if (jsonata && (name == "states" || (j < text.size() && text[j] == '('))) continue;
    bool seen = false;
    for (const std::string& n : out) seen = seen || n == name;
    if (!seen) out.push_back(std::move(name));
  }
}

bool IsPathField(const std::string& key) {
  return key == "Variable" || (key.size() > 4 && key.compare(key.size() - 4, 4, "Path") == 0);
}

// Walks one state's fields (not its nested states).
void Walk(const Json& value, const std::string& key, bool evaluated,
          std::vector<std::string>& out) {
  if (value.is_string()) {
    const std::string& s = value.get_ref<const std::string&>();
    bool jsonata = s.find("{%") != std::string::npos;
    if (evaluated || jsonata) Collect(s, jsonata, out);
    return;
  }
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& k = it.key();
      if (k == "Branches" || k == "ItemProcessor" || k == "Iterator") continue;
      bool eval = (k.size() > 2 && k.compare(k.size() - 2, 2, ".$") == 0) || IsPathField(k);
      Walk(*it, k, eval, out);
    }
  } else if (value.is_array()) {
    for (const Json& v : value) Walk(v, key, evaluated, out);
  }
}

void WalkBody(const Json& body, Json& refs) {
  if (!body.is_object() || !body.contains("States") || !body.at("States").is_object()) return;
  for (auto it = body.at("States").begin(); it != body.at("States").end(); ++it) {
    const Json& state = *it;
    std::vector<std::string> names;
    Walk(state, "", false, names);
    if (!names.empty()) refs[it.key()] = names;
    if (!state.is_object()) continue;
    if (state.contains("Branches") && state.at("Branches").is_array()) {
      for (const Json& branch : state.at("Branches")) WalkBody(branch, refs);
    }
    for (const char* k : {"ItemProcessor", "Iterator"}) {
      if (state.contains(k)) WalkBody(state.at(k), refs);
    }
  }
}

}  // namespace

Json VariableReferences(const Json& definition) {
  Json refs = Json::object();
  WalkBody(definition, refs);
  return refs;
}

}  // namespace sfn::asl
