#include "emulator/core/fatal_signals.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>

namespace sfn {
namespace {

std::string TempPath(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string(name) + "." + std::to_string(::getpid())))
      .string();
}

// Recursion the optimiser cannot turn into a loop: a real stack overflow
// (the bound is never reached; it only keeps the compiler from calling the
// recursion infinite).
int Overflow(int depth) {
  volatile char frame[4096];
  frame[0] = static_cast<char>(depth);
  if (depth == std::numeric_limits<int>::max()) return frame[0];
  return Overflow(depth + 1) + frame[0];
}

TEST(FatalSignalsDeathTest, AStackOverflowIsRecordedWithItsSubject) {
  std::string path = TempPath("sfn-crash-overflow");
  std::remove(path.c_str());
  EXPECT_EXIT(
      {
        ASSERT_TRUE(InstallFatalSignalHandlers(path).ok());
        FatalSignalScope scope("arn:aws:states:us-east-1:123456789012:execution:m:deep");
        Overflow(0);
      },
      testing::KilledBySignal(SIGSEGV), "fatal signal 11 while running arn:aws:states");
  std::vector<FatalSignalRecord> records = ReadFatalSignalRecords(path);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].signal, SIGSEGV);
  EXPECT_EQ(records[0].subject, "arn:aws:states:us-east-1:123456789012:execution:m:deep");
  std::remove(path.c_str());
}

TEST(FatalSignalsDeathTest, AnAbortOutsideAnyScopeLeavesNoRecord) {
  std::string path = TempPath("sfn-crash-abort");
  std::remove(path.c_str());
  EXPECT_EXIT(
      {
        ASSERT_TRUE(InstallFatalSignalHandlers(path).ok());
        { FatalSignalScope scope("gone"); }
        std::abort();
      },
      testing::KilledBySignal(SIGABRT), "");
  EXPECT_TRUE(ReadFatalSignalRecords(path).empty());
}

TEST(FatalSignalsTest, RecordsAreReadLineByLine) {
  std::string path = TempPath("sfn-crash-read");
  {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("11 arn:a\nnot a record\n6 arn:b c\n", f);
    std::fclose(f);
  }
  std::vector<FatalSignalRecord> records = ReadFatalSignalRecords(path);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].signal, 6);
  EXPECT_EQ(records[1].subject, "arn:b c");
  EXPECT_EQ(SignalName(SIGABRT), "SIGABRT");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sfn
