#include "emulator/core/json_syntax.h"

#include <gtest/gtest.h>

namespace sfn {
namespace {

struct SyntaxCase {
  const char* text;
  const char* message;
};

class JsonSyntaxTest : public testing::TestWithParam<SyntaxCase> {};

TEST_P(JsonSyntaxTest, WordsLikeJackson) {
  std::optional<JsonSyntaxError> e = FindJsonSyntaxError(GetParam().text);
  ASSERT_TRUE(e.has_value()) << GetParam().text;
  EXPECT_EQ(e->message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Table, JsonSyntaxTest,
    testing::Values(
        SyntaxCase{"not a definition",
                   "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object "
                   "or token 'null', 'true' or 'false')"},
        SyntaxCase{"{'not': 'json'}",
                   "Unexpected character (''' (code 39)): was expecting double-quote to start "
                   "field name"},
        SyntaxCase{R"({"a" 1})",
                   "Unexpected character ('1' (code 49)): was expecting a colon to separate field "
                   "name and value"},
        SyntaxCase{R"([1 2])",
                   "Unexpected character ('2' (code 50)): was expecting comma to separate Array "
                   "entries"},
        SyntaxCase{R"({"a":1)", "Unexpected end-of-input"}));

TEST(JsonSyntaxTest, ValidJsonHasNoError) {
  EXPECT_FALSE(FindJsonSyntaxError(R"({"a":[1,2,{"b":null}]})").has_value());
  EXPECT_FALSE(FindJsonSyntaxError("\"scalar\"").has_value());
}

TEST(JsonSyntaxTest, LocationNamesLineAndColumn) {
  std::optional<JsonSyntaxError> e = FindJsonSyntaxError("not a definition");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->location, "[Source: (String)\"not a definition\"; line: 1, column: 4]");
}

}  // namespace
}  // namespace sfn
