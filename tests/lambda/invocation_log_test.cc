#include "emulator/lambda/invocation_log.h"

#include <gtest/gtest.h>

#include "emulator/core/base64.h"

namespace sfn::lambda {
namespace {

InvocationEntry Entry(const std::string& fn, const std::string& id) {
  InvocationEntry e;
  e.function_name = fn;
  e.version = "$LATEST";
  e.request_id = id;
  return e;
}

TEST(InvocationLogTest, KeepsTheNewestFirstWithinItsCapacity) {
  InvocationLog log(3);
  for (const char* id : {"1", "2", "3", "4"})
    log.Add(Entry(std::string(id) == "3" ? "g" : "f", id));
  std::vector<InvocationEntry> all = log.Recent(std::nullopt, 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].request_id, "4");
  EXPECT_EQ(all[0].sequence, 4);
  EXPECT_EQ(all[2].request_id, "2");
  std::vector<InvocationEntry> f = log.Recent(std::string("f"), 10);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1].request_id, "2");
  EXPECT_EQ(log.Recent(std::nullopt, 1).size(), 1u);
}

TEST(InvocationLogTest, RecordInvocationFillsStatusErrorAndLog) {
  InvocationLog log;
  engine::InvocationResult seen;
  auto done = RecordInvocation(log, Entry("f", "req-1"), /*keep_log_result=*/false,
                               [&](engine::InvocationResult r) { seen = std::move(r); });
  engine::InvocationResult r;
  r.executed_version = "2";
  r.function_error = "Unhandled";
  r.payload = R"({"errorType":"ValueError","errorMessage":"bad input"})";
  r.log_result = Base64Encode("START RequestId: req-1\nboom\nEND RequestId: req-1\n");
  done(std::move(r));
  EXPECT_FALSE(seen.log_result.has_value());  // not asked for: not passed on
  EXPECT_EQ(seen.function_error, "Unhandled");
  std::vector<InvocationEntry> got = log.Recent(std::nullopt, 5);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, "Unhandled");
  EXPECT_EQ(got[0].version, "2");
  EXPECT_EQ(got[0].error_type, "ValueError");
  EXPECT_EQ(got[0].error_message, "bad input");
  EXPECT_NE(got[0].log.find("boom"), std::string::npos);
  EXPECT_GE(got[0].duration_ms, 0);
}

TEST(InvocationLogTest, ServiceErrorsAndLogsWithoutTail) {
  InvocationLog log;
  bool called = false;
  auto done = RecordInvocation(log, Entry("f", "req-2"), /*keep_log_result=*/true,
                               [&](engine::InvocationResult r) {
                                 called = true;
                                 EXPECT_FALSE(r.log_result.has_value());
                               });
  engine::InvocationResult r;
  r.service_error = "ResourceNotFoundException";
  r.service_message = "Function not found";
  done(std::move(r));
  EXPECT_TRUE(called);
  InvocationEntry e = log.Recent(std::nullopt, 1).at(0);
  EXPECT_EQ(e.status, "Error");
  EXPECT_EQ(e.error_type, "ResourceNotFoundException");
  // No LogResult from the runtime: START/END/REPORT lines as AWS writes them.
  EXPECT_EQ(e.log.rfind("START RequestId: req-2 Version: $LATEST\n", 0), 0u);
  EXPECT_NE(e.log.find("REPORT RequestId: req-2"), std::string::npos);
}

}  // namespace
}  // namespace sfn::lambda
