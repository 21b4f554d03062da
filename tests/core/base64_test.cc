#include "emulator/core/base64.h"

#include <gtest/gtest.h>

#include <vector>

namespace sfn {
namespace {

TEST(Base64Test, RoundTripsWithPadding) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)}) {
    EXPECT_EQ(Base64Decode(Base64Encode(s)), s);
  }
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
}

TEST(Base64Test, StrictAndLenient) {
  EXPECT_FALSE(Base64Decode("YWI").has_value()) << "strict wants whole groups";
  EXPECT_EQ(Base64Decode("YWI", Base64Mode::kLenient), "ab");
  EXPECT_FALSE(Base64Decode("YW=I").has_value());
  EXPECT_FALSE(Base64Decode("%%%%").has_value());
  EXPECT_EQ(Base64Decode("YW\r\nI=", Base64Mode::kLenient), "ab");
  EXPECT_FALSE(Base64Decode("YW\r\nI=").has_value());
}

}  // namespace
}  // namespace sfn
