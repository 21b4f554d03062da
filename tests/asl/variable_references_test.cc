#include "emulator/asl/variable_references.h"

#include <gtest/gtest.h>

namespace sfn::asl {
namespace {

TEST(VariableReferencesTest, NamesPerStateInFirstAppearanceOrder) {
  Json def = ParseJson(R"json({"StartAt":"A","States":{
    "A":{"Type":"Pass","Assign":{"x":1,"y.$":"$.in"},"Next":"B"},
    "B":{"Type":"Pass","Parameters":{"a.$":"$y","b.$":"States.Format('{} {}', $x, $y)",
         "c":"$notEvaluated","d.$":"$$.Execution.Id","e.$":"$.x"},"InputPath":"$z.k","Next":"C"},
    "C":{"Type":"Choice","Choices":[{"Variable":"$x","NumericEqualsPath":"$limit","Next":"M"}],
         "Default":"M"},
    "M":{"Type":"Map","ItemsPath":"$items","ItemProcessor":{"StartAt":"I","States":{
         "I":{"Type":"Pass","Output":"{% $sum($nums) + $states.input.a %}","End":true}}},
         "End":true}}})json")
                 .value();
  Json refs = VariableReferences(def);
  EXPECT_EQ(DumpJson(refs), R"({"B":["y","x","z"],"C":["x","limit"],"M":["items"],"I":["nums"]})");
}

TEST(VariableReferencesTest, EmptyWithoutVariables) {
  Json def = ParseJson(R"({"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}})").value();
  EXPECT_TRUE(VariableReferences(def).empty());
}

}  // namespace
}  // namespace sfn::asl
