// Which Step Functions operations may run on a reader thread: only those that
// read the store and answer at once (api/read_pool.h); every write, every
// operation that answers later and every activity operation stays on the
// engine thread.
#include "api/sfn_operations.h"

#include <gtest/gtest.h>

#include <string>

namespace sfn::api {
namespace {

TEST(IsReadOperationTest, DescribeListAndHistoryRunOnReaders) {
  for (const std::string op :
       {"DescribeExecution", "ListExecutions", "GetExecutionHistory",
        "DescribeStateMachineForExecution", "DescribeStateMachine", "ListStateMachines",
        "ListStateMachineVersions", "DescribeStateMachineAlias", "ListStateMachineAliases",
        "DescribeMapRun", "ListMapRuns", "ListTagsForResource", "ValidateStateMachineDefinition"}) {
    EXPECT_TRUE(IsReadOperation(op)) << op;
  }
}

TEST(IsReadOperationTest, WritesLaterAnswersAndActivitiesStayOnTheEngine) {
  for (const std::string op : {"CreateStateMachine",
                               "UpdateStateMachine",
                               "DeleteStateMachine",
                               "TagResource",
                               "UntagResource",
                               "StartExecution",
                               "StartSyncExecution",
                               "StopExecution",
                               "RedriveExecution",
                               "TestState",
                               "PublishStateMachineVersion",
                               "DeleteStateMachineVersion",
                               "CreateStateMachineAlias",
                               "UpdateStateMachineAlias",
                               "DeleteStateMachineAlias",
                               "UpdateMapRun",
                               "DescribeActivity",
                               "ListActivities",
                               "GetActivityTask",
                               "SendTaskSuccess",
                               "NoSuchOperation",
                               ""}) {
    EXPECT_FALSE(IsReadOperation(op)) << op;
  }
}

}  // namespace
}  // namespace sfn::api
