#include "emulator/control/execution_feed.h"

#include <gtest/gtest.h>

namespace sfn::control {
namespace {

std::vector<std::string> Arns(const ExecutionFeed::Page& page) {
  std::vector<std::string> out;
  for (const ExecutionChange& c : page.changes) out.push_back(c.execution_arn);
  return out;
}

TEST(ExecutionFeedTest, ChangesSinceACursorKeepTheLatestPerExecution) {
  ExecutionFeed feed(16);
  EXPECT_EQ(feed.cursor(), 0);
  EXPECT_TRUE(feed.Since(0).changes.empty());
  feed.Record("a", "RUNNING", 3);
  feed.Record("b", "RUNNING", 2);
  feed.Record("a", "SUCCEEDED", 7);
  EXPECT_EQ(feed.cursor(), 3);

  ExecutionFeed::Page all = feed.Since(0);
  EXPECT_FALSE(all.reset);
  EXPECT_EQ(all.cursor, 3);
  EXPECT_EQ(Arns(all), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(all.changes[1].status, "SUCCEEDED");
  EXPECT_EQ(all.changes[1].last_event_id, 7);
  EXPECT_EQ(all.changes[1].sequence, 3);

  EXPECT_EQ(Arns(feed.Since(2)), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(feed.Since(3).changes.empty());
  EXPECT_FALSE(feed.Since(3).reset);
}

TEST(ExecutionFeedTest, ACursorOutsideTheRingAsksForAReset) {
  ExecutionFeed feed(2);
  feed.Record("a", "RUNNING", 1);
  feed.Record("b", "RUNNING", 1);
  feed.Record("c", "RUNNING", 1);  // drops "a"
  EXPECT_FALSE(feed.Since(1).reset);
  EXPECT_EQ(Arns(feed.Since(1)), (std::vector<std::string>{"b", "c"}));
  ExecutionFeed::Page old = feed.Since(0);
  EXPECT_TRUE(old.reset);
  EXPECT_TRUE(old.changes.empty());
  EXPECT_EQ(old.cursor, 3);
  EXPECT_TRUE(feed.Since(99).reset);  // a cursor of an earlier run of the emulator
}

TEST(ExecutionFeedTest, WaitersRunOnceOnTheNextRecordUnlessCancelled) {
  ExecutionFeed feed;
  int a = 0, b = 0;
  feed.Wait([&] { ++a; });
  uint64_t id = feed.Wait([&] { ++b; });
  feed.Cancel(id);
  EXPECT_EQ(feed.waiting(), 1u);
  feed.Record("x", "RUNNING", 2);
  feed.Record("x", "RUNNING", 3);
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, 0);
  EXPECT_EQ(feed.waiting(), 0u);
}

TEST(ExecutionFeedTest, AWaiterMayWaitAgain) {
  ExecutionFeed feed;
  int runs = 0;
  std::function<void()> again = [&] {
    ++runs;
    feed.Wait(again);
  };
  feed.Wait(again);
  feed.Record("x", "RUNNING", 2);
  EXPECT_EQ(runs, 1);
  feed.Record("x", "RUNNING", 3);
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace sfn::control
