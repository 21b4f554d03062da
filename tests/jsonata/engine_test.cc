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
