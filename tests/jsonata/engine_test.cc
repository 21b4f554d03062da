// Values as AWS writes them, the limits, and sharing one compiled expression
// between threads.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/jsonata/eval_helper.h"

namespace sfn::jsonata {
namespace {

using jtest::Eval;

TEST(Values, InputNumbersAreWrittenBackUntouched) {
  EXPECT_EQ(Eval("big", R"({"big": 12345678901234567890})"), "12345678901234567890");
  EXPECT_EQ(Eval("[big, small]", R"({"big": 9007199254740993, "small": 1.5})"),
            "[9007199254740993,1.5]");
  EXPECT_EQ(Eval("a", R"({"a": {"x": 10000000000000000000000}})"), R"({"x":1e+22})");
}

TEST(Values, ComputedIntegersHaveNoFraction) {
  EXPECT_EQ(Eval("2.5 * 2"), "5");
  EXPECT_EQ(Eval("$sum([0.5, 0.5])"), "1");
  EXPECT_EQ(Eval("-0"), "0");
}

TEST(Values, CompileErrorsCarryCodeMessageAndPosition) {
  auto e = Expression::Compile("[1, 2");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "S0203");
  EXPECT_EQ(e.error().message, "Expected \"]\" before end of expression");
  EXPECT_EQ(e.error().position, 5);
}

TEST(Values, RuntimeErrorsCarryTokenAndMessage) {
  auto e = Expression::Compile("$uppercase(1)");
  ASSERT_TRUE(e.ok());
  auto r = e.value()->Evaluate(nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "T0410");
  EXPECT_EQ(r.error().token, "uppercase");
  EXPECT_EQ(r.error().message,
            "Argument 1 of function \"uppercase\" does not match function signature");
}

TEST(Limits, DeepRecursionFailsWithU1001) {
  std::string expr = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))";
  EXPECT_EQ(Eval(expr), "error U1001");
  Environment env;
  env.max_depth = 0;  // only the native-stack guard
  EXPECT_EQ(Eval(expr, nullptr, {}, env), "error U1001");
}

TEST(Limits, DepthIsConfigurable) {
  std::string expr = "($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(50))";
  Environment env;
  env.max_depth = 100;
  EXPECT_EQ(Eval(expr, nullptr, {}, env), "error U1001");
  env.max_depth = 1000;
  EXPECT_EQ(Eval(expr, nullptr, {}, env), "50");
}

TEST(Limits, StepBudgetStopsEndlessLoops) {
  Environment env;
  env.max_steps = 100000;
  EXPECT_EQ(Eval("($f := function() { $f() }; $f())", nullptr, {}, env), "error U1001");
  EXPECT_EQ(Eval("$count([1..1000].($ * 2))", nullptr, {}, env), "1000");
}

// A range's items count against the same budget, ten to a step: below
// jsonata-js's own limit (D2014 past 1e7 items) a range far beyond the budget
// fails U1001 at once instead of building millions of values.
TEST(Limits, RangeItemsCountAgainstTheStepBudget) {
  Environment env;
  env.max_steps = 100000;
  EXPECT_EQ(Eval("$count([1..900000])", nullptr, {}, env), "900000");
  EXPECT_EQ(Eval("$count([2..5555555])", nullptr, {}, env), "error U1001");
  EXPECT_EQ(Eval("$count([1..10000001])", nullptr, {}, env), "error D2014");
  EXPECT_EQ(Eval("$count([1..10000000])"), "10000000");  // the default budget
}

TEST(Limits, DeeplyNestedTextFailsToCompile) {
  std::string deep(100000, '(');
  auto e = Expression::Compile(deep);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "U1001");
  std::string arrays(100000, '[');
  EXPECT_FALSE(Expression::Compile(arrays).ok());
}

TEST(Limits, DeeplyNestedInputFailsInsteadOfCrashing) {
  std::string deep(50000, '[');
  deep += std::string(50000, ']');
  EXPECT_EQ(Eval("$count(**)", deep.c_str()), "error U1001");
  EXPECT_EQ(Eval("$ = $", deep.c_str()), "error U1001");
  EXPECT_EQ(Eval("$string($)", deep.c_str()), "error U1001");
}

// Borrowed bindings: documents the caller keeps, read without copies, and an
// object made of borrowed members (Step Functions' $states).
TEST(Bindings, BorrowedValuesAndObjects) {
  auto e = Expression::Compile(
      "{'a': $states.input.a, 'id': $states.context.id, 'v': $v, "
      "'n': $states.nope}");
  ASSERT_TRUE(e.ok());
  Json input = Json::parse(R"({"a": [1, 2]})");
  Json context = Json::parse(R"({"id": "x"})");
  Json v = Json(3);
  std::vector<BorrowedBinding> bindings = {
      {"v", &v, {}}, {"states", nullptr, {{"input", &input}, {"context", &context}}}};
  auto r = e.value()->Evaluate(nullptr, bindings, Environment{});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.value().value);
  EXPECT_EQ(*r.value().value, Json::parse(R"({"a": [1, 2], "id": "x", "v": 3})"));
  EXPECT_FALSE(r.value().is_function);
}

TEST(Bindings, FunctionsAreToldApartFromUndefined) {
  auto f = Expression::Compile("function($x) { $x }");
  ASSERT_TRUE(f.ok());
  auto r = f.value()->Evaluate(nullptr, std::vector<BorrowedBinding>{}, Environment{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value().is_function);
  EXPECT_FALSE(r.value().value);
  auto u = Expression::Compile("$nothing");
  ASSERT_TRUE(u.ok());
  r = u.value()->Evaluate(nullptr, std::vector<BorrowedBinding>{}, Environment{});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value().is_function);
  EXPECT_FALSE(r.value().value);
}

// What the text reads: the top level's names (later steps, predicates and
// sort terms are not the top level; lambda bodies are) and $variable.field
// pairs anywhere.
TEST(References, TopLevelNamesAndVariableFields) {
  struct Case {
    const char* text;
    std::vector<std::string> names;
    std::vector<std::pair<std::string, std::string>> fields;
  };
  const Case cases[] = {
      {"$states.input.a[b > 1].c^(d)", {}, {{"states", "input"}}},
      {"a.b + $.c + $$.d", {"a", "$", "$$"}, {}},
      {"{k: v, 'x': [w]}", {"k", "v", "w"}, {}},
      {"$map($x.items, function($i) { $i.n + m })", {"m"}, {{"x", "items"}, {"i", "n"}}},
      {"($y := z; $y ? $states.errorOutput.Cause : $states.result)",
       {"z"},
       {{"states", "errorOutput"}, {"states", "result"}}},
      {"$sum($states.input.items.(price * qty))", {}, {{"states", "input"}}},
      {"'text' & 1", {}, {}},
  };
  for (const Case& c : cases) {
    auto e = Expression::Compile(c.text);
    ASSERT_TRUE(e.ok()) << c.text;
    EXPECT_EQ(e.value()->references().input_names, c.names) << c.text;
    EXPECT_EQ(e.value()->references().variable_fields, c.fields) << c.text;
  }
}

TEST(Threads, OneCompiledExpressionServesManyThreads) {
  auto e = Expression::Compile("$sum(items[price > 2].price) & '/' & $count(items)");
  ASSERT_TRUE(e.ok());
  std::shared_ptr<const Expression> expr = e.value();
  Json input = Json::parse(R"({"items": [{"price": 1}, {"price": 3}, {"price": 5}]})");
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        auto r = expr->Evaluate(&input);
        if (r.ok() && r.value() && *r.value() == Json("8/3")) ++ok[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int n : ok) EXPECT_EQ(n, 500);
}

}  // namespace
}  // namespace sfn::jsonata
