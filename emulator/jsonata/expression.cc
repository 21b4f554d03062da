#include "emulator/jsonata/expression.h"

#include <cmath>
#include <map>

#include "emulator/jsonata/evaluator.h"
#include "emulator/jsonata/number_text.h"
#include "emulator/jsonata/parser.h"
#include "emulator/jsonata/references.h"
#include "emulator/jsonata/throw.h"
#include "emulator/jsonata/value_ops.h"

namespace sfn::jsonata {

namespace {

// jsonata-js 2.0.6's message catalogue (errorCodes in jsonata.js).
const std::map<std::string_view, std::string_view>& Messages() {
  static const std::map<std::string_view, std::string_view> kMessages = {
      {"S0101", "String literal must be terminated by a matching quote"},
      {"S0102", "Number out of range: {{token}}"},
      {"S0103", "Unsupported escape sequence: \\{{token}}"},
      {"S0104", "The escape sequence \\u must be followed by 4 hex digits"},
      {"S0105", "Quoted property name must be terminated with a backquote (`)"},
      {"S0106", "Comment has no closing tag"},
      {"S0201", "Syntax error: {{token}}"},
      {"S0202", "Expected {{value}}, got {{token}}"},
      {"S0203", "Expected {{value}} before end of expression"},
      {"S0204", "Unknown operator: {{token}}"},
      {"S0205", "Unexpected token: {{token}}"},
      {"S0206", "Unknown expression type: {{token}}"},
      {"S0207", "Unexpected end of expression"},
      {"S0208",
       "Parameter {{value}} of function definition must be a variable name (start with $)"},
      {"S0209", "A predicate cannot follow a grouping expression in a step"},
      {"S0210", "Each step can only have one grouping expression"},
      {"S0211", "The symbol {{token}} cannot be used as a unary operator"},
      {"S0212", "The left side of := must be a variable name (start with $)"},
      {"S0213", "The literal value {{value}} cannot be used as a step within a path expression"},
      {"S0214", "The right side of {{token}} must be a variable name (start with $)"},
      {"S0215", "A context variable binding must precede any predicates on a step"},
      {"S0216", "A context variable binding must precede the 'order-by' clause on a step"},
      {"S0217", "The object representing the 'parent' cannot be derived from this expression"},
      {"S0301", "Empty regular expressions are not allowed"},
      {"S0302", "No terminating / in regular expression"},
      {"S0402", "Choice groups containing parameterized types are not supported"},
      {"S0401", "Type parameters can only be applied to functions and arrays"},
      {"S0500", "Attempted to evaluate an expression containing syntax error(s)"},
      {"T0410", "Argument {{index}} of function {{token}} does not match function signature"},
      {"T0411",
       "Context value is not a compatible type with argument {{index}} of function {{token}}"},
      {"T0412", "Argument {{index}} of function {{token}} must be an array of {{type}}"},
      {"D1001", "Number out of range: {{value}}"},
      {"D1002", "Cannot negate a non-numeric value: {{value}}"},
      {"T1003", "Key in object structure must evaluate to a string; got: {{value}}"},
      {"D1004", "Regular expression matches zero length string"},
      {"T1005", "Attempted to invoke a non-function. Did you mean ${{{token}}}?"},
      {"T1006", "Attempted to invoke a non-function"},
      {"T1007", "Attempted to partially apply a non-function. Did you mean ${{{token}}}?"},
      {"T1008", "Attempted to partially apply a non-function"},
      {"D1009", "Multiple key definitions evaluate to same key: {{value}}"},
      {"D1010", "Attempted to access the Javascript object prototype"},
      {"T1010",
       "The matcher function argument passed to function {{token}} does not return the correct "
       "object structure"},
      {"T2001", "The left side of the {{token}} operator must evaluate to a number"},
      {"T2002", "The right side of the {{token}} operator must evaluate to a number"},
      {"T2003", "The left side of the range operator (..) must evaluate to an integer"},
      {"T2004", "The right side of the range operator (..) must evaluate to an integer"},
      {"D2005", "The left side of := must be a variable name (start with $)"},
      {"T2006", "The right side of the function application operator ~> must be a function"},
      {"T2007", "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause"},
      {"T2008",
       "The expressions within an order-by clause must evaluate to numeric or string values"},
      {"T2009",
       "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same "
       "data type"},
      {"T2010",
       "The expressions either side of operator {{token}} must evaluate to numeric or string "
       "values"},
      {"T2011",
       "The insert/update clause of the transform expression must evaluate to an object: "
       "{{value}}"},
      {"T2012",
       "The delete clause of the transform expression must evaluate to a string or array of "
       "strings: {{value}}"},
      {"T2013",
       "The transform expression clones the input object using the $clone() function.  This has "
       "been overridden in the current scope by a non-function."},
      {"D2014",
       "The size of the sequence allocated by the range operator (..) must not exceed 1e6.  "
       "Attempted to allocate {{value}}."},
      {"D3001", "Attempting to invoke string function on Infinity or NaN"},
      {"D3010", "Second argument of replace function cannot be an empty string"},
      {"D3011", "Fourth argument of replace function must evaluate to a positive number"},
      {"D3012", "Attempted to replace a matched string with a non-string value"},
      {"D3020", "Third argument of split function must evaluate to a positive number"},
      {"D3030", "Unable to cast value to a number: {{value}}"},
      {"D3040", "Third argument of match function must evaluate to a positive number"},
      {"D3050",
       "The second argument of reduce function must be a function with at least two arguments"},
      {"D3060", "The sqrt function cannot be applied to a negative number: {{value}}"},
      {"D3061",
       "The power function has resulted in a value that cannot be represented as a JSON number: "
       "base={{value}}, exponent={{exp}}"},
      {"D3070",
       "The single argument form of the sort function can only be applied to an array of strings "
       "or an array of numbers.  Use the second argument to specify a comparison function"},
      {"D3080", "The picture string must only contain a maximum of two sub-pictures"},
      {"D3100",
       "The radix of the formatBase function must be between 2 and 36.  It was given {{value}}"},
      {"D3110",
       "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given "
       "{{value}}"},
      {"D3130",
       "Formatting or parsing an integer as a sequence starting with {{value}} is not supported by "
       "this implementation"},
      {"D3131", "In a decimal digit pattern, all digits must be from the same decimal group"},
      {"D3132", "Unknown component specifier {{value}} in date/time picture string"},
      {"D3133",
       "The 'name' modifier can only be applied to months and days in the date/time picture "
       "string, not {{value}}"},
      {"D3134", "The timezone integer format specifier cannot have more than four digits"},
      {"D3135", "No matching closing bracket ']' in date/time picture string"},
      {"D3136",
       "The date/time picture string is missing specifiers required to parse the timestamp"},
      {"D3137", "{{{message}}}"},
      {"D3138",
       "The $single() function expected exactly 1 matching result.  Instead it matched more."},
      {"D3139",
       "The $single() function expected exactly 1 matching result.  Instead it matched 0."},
      {"D3140", "Malformed URL passed to ${{{functionName}}}(): {{value}}"},
      {"D3141", "{{{message}}}"},
      {"U1001",
       "Stack overflow error: Check for non-terminating recursive function.  Consider rewriting as "
       "tail-recursive."},
  };
  return kMessages;
}

// JSON.stringify of an insert.
std::string Insert(const std::optional<Value>& v) {
  if (!v || v->IsUndefined()) return "undefined";
  if (v->IsString()) return JsonQuote(v->AsString());
  if (v->IsNumber()) {
    double d = v->AsNumber();
    return std::isfinite(d) ? NumberToString(d) : "null";
  }
  try {
    return StringOf(*v);
  } catch (const JsonataThrow&) {
    return "null";
  }
}

std::string InsertText(const std::optional<std::string>& s) { return s ? JsonQuote(*s) : ""; }

std::string Fill(std::string_view tmpl, const ErrorInfo& info) {
  std::string out;
  size_t i = 0;
  while (i < tmpl.size()) {
    bool triple = tmpl.compare(i, 3, "{{{") == 0;
    if (triple || tmpl.compare(i, 2, "{{") == 0) {
      size_t open = triple ? 3 : 2;
      size_t close = tmpl.find(triple ? "}}}" : "}}", i + open);
      if (close == std::string_view::npos) break;
      std::string_view name = tmpl.substr(i + open, close - i - open);
      std::string value;
      if (name == "token") {
        value = triple ? info.token.value_or("") : InsertText(info.token);
      } else if (name == "value") {
        value = Insert(info.value);
      } else if (name == "value2") {
        value = Insert(info.value2);
      } else if (name == "index") {
        value = info.index ? std::to_string(*info.index) : "";
      } else if (name == "type") {
        value = InsertText(info.type);
      } else if (name == "message") {
        value = info.message.value_or("");
      } else if (name == "functionName") {
        value = info.function_name.value_or("");
      } else if (name == "exp") {
        value = Insert(info.exp);
      }
      out += value;
      i = close + open;
    } else {
      out.push_back(tmpl[i++]);
    }
  }
  out.append(tmpl.substr(std::min(i, tmpl.size())));
  return out;
}

}  // namespace

Error ToError(const ErrorInfo& info) {
  Error err;
  err.code = info.code;
  auto it = Messages().find(info.code);
  if (info.final_message) {
    err.message = *info.final_message;
  } else if (it != Messages().end() && !(info.code == "U1001" && info.message)) {
    err.message = Fill(it->second, info);
  } else {
    err.message = info.message.value_or(info.code);
  }
  err.position = info.position;
  err.token = info.token;
  if (info.value && info.value->IsDefined()) err.value = info.value->ToJson();
  return err;
}

Expression::~Expression() = default;

Expected<std::shared_ptr<const Expression>> Expression::Compile(std::string_view text) {
  std::shared_ptr<Expression> expr(new Expression());
  expr->text_ = std::string(text);
  try {
    expr->tree_ = std::make_unique<ParsedTree>(Parse(expr->text_, kMaxParseDepth));
  } catch (const JsonataThrow& t) {
    return ToError(t.info);
  }
  expr->references_ = FindReferences(*expr->tree_->root);
  return std::shared_ptr<const Expression>(std::move(expr));
}

namespace {

// Runs `tree` on `input` with `bind` adding the caller's variables to the
// top frame.
template <typename BindFn>
Expected<Evaluation> Run(const ParsedTree& tree, const Json* input, const Environment& env,
                         BindFn bind) {
  Evaluator ev(env.now, env.random, Limits{env.max_depth, env.max_steps, env.max_stack_bytes});
  FrameRegistry registry;
  struct BreakCycles {
    FrameRegistry* r;
    ~BreakCycles() { r->BreakCycles(); }
  } break_cycles{&registry};
  try {
    auto frame = std::make_shared<Frame>(nullptr, &registry);
    bind(*frame);
    Value in = input != nullptr ? Value::Borrow(*input) : Value();
    frame->Bind("$", in);
    if (in.IsArray()) {
      // jsonata-js wraps an array input so that `$` keeps it whole.
      auto wrapper = NewSequence();
      wrapper->items.push_back(in);
      wrapper->outer_wrapper = true;
      in = Value::Array(std::move(wrapper));
    }
    Value result = ev.Evaluate(tree.root.get(), in, frame);
    Evaluation out;
    if (result.IsFunction()) {
      out.is_function = true;
    } else if (result.IsDefined()) {
      out.value = result.ToJson();
    }
    return out;
  } catch (const JsonataThrow& t) {
    return ToError(t.info);
  }
}

}  // namespace

Expected<std::optional<Json>> Expression::Evaluate(const Json* input, const Bindings& bindings,
                                                   const Environment& env) const {
  Expected<Evaluation> r = Run(*tree_, input, env, [&](Frame& frame) {
    for (const auto& [name, value] : bindings) frame.Bind(name, Value::Borrow(value));
  });
  if (!r.ok()) return r.error();
  if (r.value().is_function) return std::optional<Json>(Json(""));
  return std::move(r.value().value);
}

Expected<Evaluation> Expression::Evaluate(const Json* input,
                                          std::span<const BorrowedBinding> bindings,
                                          const Environment& env) const {
  return Run(*tree_, input, env, [&](Frame& frame) {
    for (const BorrowedBinding& b : bindings) {
      if (b.value != nullptr) {
        frame.Bind(b.name, Value::Borrow(*b.value));
        continue;
      }
      auto object = std::make_shared<ObjectData>();
      for (const auto& [key, member] : b.members) {
        if (member != nullptr) object->Set(std::string(key), Value::Borrow(*member));
      }
      frame.Bind(b.name, Value::Object(std::move(object)));
    }
  });
}

}  // namespace sfn::jsonata
