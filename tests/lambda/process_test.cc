#include "emulator/lambda/process.h"

#include <gtest/gtest.h>

#include <string>

namespace sfn::lambda {
namespace {

Deadline In(int seconds) { return std::chrono::steady_clock::now() + std::chrono::seconds(seconds); }

std::unique_ptr<ChildProcess> Shell(const std::string& script) {
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.merge_stderr = false;
  auto child = ChildProcess::Spawn(spec);
  EXPECT_TRUE(child.ok());
  return std::move(child).value();
}

// Issue 14: a process writing far more than may be answered is cut short,
// and a chatty log keeps only its tail while it streams.
TEST(ChildProcessTest, OutputPastItsLimitIsTooLarge) {
  auto child = Shell("head -c 5000000 /dev/zero");
  std::string out, log;
  EXPECT_EQ(child->ReadToEnd(In(30), out, log, 100000), ChildProcess::Outcome::kTooLarge);
  EXPECT_LE(out.size(), 100000u + 65536u);
  child->Kill();
}

TEST(ChildProcessTest, ALogKeepsItsTailWhileItStreams) {
  auto child = Shell("i=0; while [ $i -lt 40 ]; do head -c 100000 /dev/zero | tr '\\0' x >&2; "
                     "i=$((i+1)); done; echo end >&2");
  std::string out, log;
  EXPECT_EQ(child->ReadToEnd(In(60), out, log), ChildProcess::Outcome::kEof);
  EXPECT_LE(log.size(), 2 * ChildProcess::kMaxLogBytes);
  EXPECT_GE(log.size(), ChildProcess::kMaxLogBytes);
  EXPECT_EQ(log.substr(log.size() - 4), "end\n");
  EXPECT_EQ(child->Wait(), 0);
}

TEST(ChildProcessTest, ALongAnswerLineIsTooLarge) {
  SpawnSpec spec;
  spec.argv = {"/bin/sh", "-c", "head -c 300000 /dev/zero | tr '\\0' x >&3; echo >&3"};
  spec.result_pipe = true;
  auto child = ChildProcess::Spawn(spec);
  ASSERT_TRUE(child.ok());
  std::string line, log;
  EXPECT_EQ((*child)->ReadLine(In(30), line, log, 1000), ChildProcess::Outcome::kTooLarge);
  (*child)->Kill();
}

}  // namespace
}  // namespace sfn::lambda
