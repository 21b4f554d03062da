#include "emulator/control/paging.h"

#include <gtest/gtest.h>

namespace sfn::control {
namespace {

TEST(PagingTest, RoundTripsAndRejectsForeignTokens) {
  std::string token = EncodeToken("ListStateMachines", 200);
  Result<int64_t> offset = DecodeToken("ListStateMachines", token);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 200);
  EXPECT_EQ(*DecodeToken("ListStateMachines", std::nullopt), 0);
  Result<int64_t> foreign = DecodeToken("ListExecutions:x", token);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.status().code(), ErrorCode::kInvalidToken);
  EXPECT_FALSE(DecodeToken("ListStateMachines", std::string("garbage")).ok());
}

}  // namespace
}  // namespace sfn::control
