#include "store/data_dir_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace sfn::store {
namespace {

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("sfn-lock-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(DataDirLockTest, ASecondHolderIsRefusedWithTheFirstNamed) {
  auto dir = TempDir();
  auto first = DataDirLock::Acquire(dir);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = DataDirLock::Acquire(dir);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kValidationException);
  EXPECT_NE(second.status().message().find("is in use by another sfn-emulator (pid " +
                                           std::to_string(::getpid())),
            std::string::npos)
      << second.status().message();
  first = Status(ErrorCode::kInternalFailure, "released");  // drops the lock
  EXPECT_TRUE(DataDirLock::Acquire(dir).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sfn::store
