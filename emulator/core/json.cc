#include "emulator/core/json.h"

#include <utility>
#include <vector>

namespace sfn {

int JsonTextDepth(std::string_view text, int limit, size_t* offset) {
  int depth = 0;
  int deepest = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // Skip the string, escapes included (an unterminated one ends the text).
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > limit) {
          if (offset != nullptr) *offset = i + 1;
          return deepest;
        }
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

bool JsonDepthExceeds(const Json& value, int limit) {
  // Depth-first with an explicit stack of (value, its depth).
  std::vector<std::pair<const Json*, int>> stack{{&value, value.is_structured() ? 1 : 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (depth > limit) return true;
    if (!v->is_structured()) continue;
    for (const Json& child : *v) {
      if (child.is_structured()) stack.emplace_back(&child, depth + 1);
    }
  }
  return false;
}

std::string JsonDepthMessage(int depth, int limit) {
  return "Document nesting depth (" + std::to_string(depth) + ") exceeds the maximum allowed (" +
         std::to_string(limit) + ", from `StreamReadConstraints.getMaxNestingDepth()`)";
}

Result<Json> ParseJson(std::string_view text, ErrorCode code, int max_depth) {
  if (int depth = JsonTextDepth(text, max_depth); depth > max_depth) {
    return Status(code, JsonDepthMessage(depth, max_depth));
  }
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::exception& e) {
    return Status(code, e.what());
  }
}

std::string DumpJson(const Json& value) {
  // `replace` keeps invalid UTF-8 from throwing out of the dump.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string_view JsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::string: return "string";
    case Json::value_t::object: return "object";
    case Json::value_t::array: return "array";
    default: return "number";
  }
}

}  // namespace sfn
