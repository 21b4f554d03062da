// Text to syntax tree: jsonata-js 2.0.6's tokenizer, its Pratt (top-down
// operator precedence) parser and its post-parse stage, with the same error
// codes and positions (S01xx lexical, S02xx syntax, S03xx regex, S04xx
// signature).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "emulator/jsonata/ast.h"

namespace sfn::jsonata {

// What a parse owns: the tree and the parent slots its nodes point at.
struct ParsedTree {
  NodePtr root;
  std::vector<std::unique_ptr<Slot>> slots;
};

// Throws JsonataThrow on a syntax error. `max_depth` bounds the nesting of
// the text (U1001 past it), so no input can exhaust the stack.
ParsedTree Parse(std::string_view text, int max_depth);

}  // namespace sfn::jsonata
