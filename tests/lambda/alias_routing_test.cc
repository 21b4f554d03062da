#include "emulator/lambda/alias_routing.h"

#include <gtest/gtest.h>

#include <map>

namespace sfn::lambda {
namespace {

AliasRecord Alias(std::string primary, std::map<std::string, double> weights) {
  AliasRecord a;
  a.function_name = "greet";
  a.name = "live";
  a.function_version = std::move(primary);
  a.additional_weights = std::move(weights);
  return a;
}

struct PickCase {
  double draw;
  const char* expected;
};

class PickVersionTest : public testing::TestWithParam<PickCase> {};

TEST_P(PickVersionTest, DrawSelectsSlice) {
  AliasRecord a = Alias("1", {{"2", 0.25}});
  EXPECT_EQ(PickVersion(a, GetParam().draw), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(All, PickVersionTest,
                         testing::Values(PickCase{0.0, "2"}, PickCase{0.2499, "2"},
                                         PickCase{0.25, "1"}, PickCase{0.9999, "1"}));

TEST(AliasRoutingTest, NoWeightsAlwaysPrimary) {
  Random random(1);
  AliasRecord a = Alias("3", {});
  for (int i = 0; i < 100; ++i) EXPECT_EQ(PickVersion(a, UniformDraw(random)), "3");
}

TEST(AliasRoutingTest, SeededDrawsAreReproducibleAndRoughlyWeighted) {
  AliasRecord a = Alias("1", {{"2", 0.5}});
  Random r1(42), r2(42);
  int twos = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string v1 = PickVersion(a, UniformDraw(r1));
    EXPECT_EQ(v1, PickVersion(a, UniformDraw(r2)));
    if (v1 == "2") ++twos;
  }
  EXPECT_GT(twos, 900);
  EXPECT_LT(twos, 1100);
}

TEST(AliasRoutingTest, DrawIsInUnitInterval) {
  Random random(7);
  for (int i = 0; i < 1000; ++i) {
    double d = UniformDraw(random);
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
}

struct ValidateCase {
  const char* primary;
  std::map<std::string, double> weights;
  ErrorCode expected;
};

class ValidateRoutingTest : public testing::TestWithParam<ValidateCase> {};

TEST_P(ValidateRoutingTest, Validates) {
  const ValidateCase& c = GetParam();
  EXPECT_EQ(ValidateRouting(Alias(c.primary, c.weights)).code(), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    All, ValidateRoutingTest,
    testing::Values(ValidateCase{"1", {}, ErrorCode::kOk},
                    ValidateCase{"1", {{"2", 0.5}}, ErrorCode::kOk},
                    ValidateCase{"1", {{"2", 1.0}}, ErrorCode::kOk},
                    ValidateCase{"1", {{"1", 0.5}}, ErrorCode::kInvalidParameterValueException},
                    ValidateCase{"1", {{"2", 0.3}, {"3", 0.3}},
                                 ErrorCode::kInvalidParameterValueException},
                    ValidateCase{"1", {{"2", 1.5}}, ErrorCode::kValidationException},
                    ValidateCase{"1", {{"$LATEST", 0.5}},
                                 ErrorCode::kInvalidParameterValueException},
                    ValidateCase{"$LATEST", {{"2", 0.5}},
                                 ErrorCode::kInvalidParameterValueException}));

}  // namespace
}  // namespace sfn::lambda
