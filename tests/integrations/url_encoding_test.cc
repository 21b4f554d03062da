// The HTTP Task's URL encoding: percent-encoding and form bodies in each of
// AWS's array formats ("Applying URL-encoding on request body").
#include "emulator/integrations/url_encoding.h"

#include <gtest/gtest.h>

namespace sfn::integrations {
namespace {

TEST(UrlEncoding, PercentEncodesAllButUnreserved) {
  EXPECT_EQ("a-b_c.d~e%20f%2Fg%5B%5D%C3%A9", PercentEncode("a-b_c.d~e f/g[]\xC3\xA9"));
}

TEST(UrlEncoding, FormBodiesPerArrayFormat) {
  Json body = ParseJson(R"({"array":["a","b"],"n":1,"o":{"k":"v w"},"t":true})").value();
  EXPECT_EQ("array%5B0%5D=a&array%5B1%5D=b&n=1&o%5Bk%5D=v%20w&t=true",
            FormEncode(body, ArrayFormat::kIndices));
  EXPECT_EQ("array=a&array=b&n=1&o%5Bk%5D=v%20w&t=true", FormEncode(body, ArrayFormat::kRepeat));
  EXPECT_EQ("array=a,b&n=1&o%5Bk%5D=v%20w&t=true", FormEncode(body, ArrayFormat::kCommas));
  EXPECT_EQ("array%5B%5D=a&array%5B%5D=b&n=1&o%5Bk%5D=v%20w&t=true",
            FormEncode(body, ArrayFormat::kBrackets));
}

TEST(UrlEncoding, ArrayFormatNames) {
  EXPECT_EQ(ArrayFormat::kCommas, ParseArrayFormat("COMMAS"));
  EXPECT_EQ(std::nullopt, ParseArrayFormat("commas"));
}

}  // namespace
}  // namespace sfn::integrations
