#include "emulator/core/json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "emulator/core/json_syntax.h"

namespace sfn {
namespace {

std::string Nested(int depth, char open = '[', char close = ']') {
  return std::string(static_cast<size_t>(depth), open) +
         std::string(static_cast<size_t>(depth), close);
}

TEST(JsonDepthTest, ParsesUpToTheLimit) {
  Result<Json> ok = ParseJson(Nested(kMaxJsonDepth));
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST(JsonDepthTest, RefusesDeeperTextWithJacksonsWords) {
  Result<Json> deep = ParseJson(Nested(kMaxJsonDepth + 1), ErrorCode::kInvalidExecutionInput);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.status().code(), ErrorCode::kInvalidExecutionInput);
  EXPECT_EQ(deep.status().message(),
            "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
            "`StreamReadConstraints.getMaxNestingDepth()`)");
}

TEST(JsonDepthTest, TwoHundredKilobytesOfBracketsAreRefusedNotParsed) {
  // The document of issue 14: well under AWS's 256 KiB input limit.
  EXPECT_FALSE(ParseJson(Nested(100000)).ok());
  EXPECT_FALSE(ParseJson(Nested(100000, '{', '}')).ok());
  std::string objects;
  for (int i = 0; i < 40000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(40000, '}');
  EXPECT_FALSE(ParseJson(objects).ok());
}

TEST(JsonDepthTest, BracketsInsideStringsDoNotCount) {
  std::string text = "[\"" + std::string(5000, '[') + "\\\"" + std::string(5000, '{') + "\"]";
  EXPECT_EQ(JsonTextDepth(text), 1);
  EXPECT_TRUE(ParseJson(text).ok());
}

TEST(JsonDepthTest, AStoredRowMayNestDeeper) {
  EXPECT_TRUE(ParseJson(Nested(3000), ErrorCode::kInternalFailure, kMaxStoredJsonDepth).ok());
}

TEST(JsonDepthTest, DepthOfABuiltDocumentIsMeasuredWithoutRecursion) {
  Json deep = Json::array();
  Json* at = &deep;
  for (int i = 0; i < 200000; ++i) {
    at->push_back(Json::array());
    at = &(*at)[0];
  }
  EXPECT_TRUE(JsonDepthExceeds(deep));
  EXPECT_FALSE(JsonDepthExceeds(Json::parse(Nested(kMaxJsonDepth))));
  EXPECT_TRUE(JsonDepthExceeds(Json::parse(Nested(kMaxJsonDepth + 1))));
  EXPECT_FALSE(JsonDepthExceeds(Json(1)));
  // nlohmann 3.11 destroys any depth iteratively: `deep` goes here safely.
}

TEST(JsonDepthTest, SyntaxErrorsReportTheDepth) {
  std::optional<JsonSyntaxError> e = FindJsonSyntaxError(Nested(2000));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->message,
            "Document nesting depth (1001) exceeds the maximum allowed (1000, from "
            "`StreamReadConstraints.getMaxNestingDepth()`)");
  EXPECT_NE(e->location.find("column: 1002]"), std::string::npos) << e->location;
}

// DumpJson escapes strings as nlohmann's dump does (ensure_ascii off, invalid
// UTF-8 replaced): every ASCII character, JSON texts carried as strings, and
// strings past ASCII, valid or not.
TEST(DumpJsonTest, EscapesStringsAsNlohmannDoes) {
  std::string every_ascii;
  for (int c = 0; c < 0x80; ++c) every_ascii.push_back(static_cast<char>(c));
  const std::vector<std::string> cases = {
      "",
      "plain",
      every_ascii,
      R"({"input":"{\"a\":[1,2]}","name":"P"})",
      "tab\there\nnew line\r\x01\x1f\x7f end",
      "back\\slash \"quoted\"",
      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
      "bad \xff utf-8 \xc3",
  };
  for (const std::string& s : cases) {
    Json doc = {{"key \"" + s, s}, {"list", {s, 1, s}}};
    EXPECT_EQ(DumpJson(doc), doc.dump(-1, ' ', false, Json::error_handler_t::replace)) << s;
  }
}

}  // namespace
}  // namespace sfn
