// AWS's JSON shapes of the Step Functions API (AWS JSON 1.0): one encoder
// per response shape, from the control services' typed results to the
// members a client reads. The one place that knows member names and their
// order as AWS writes them, dates as epoch seconds with a millisecond
// fraction (ToEpochSeconds), members left out when absent, and which history
// event details are execution data (includeExecutionData). User data (inputs,
// outputs, definitions, logging configurations) passes through as it is.
// Pure functions; thread-safe.
#pragma once

#include "emulator/control/activity_service.h"
#include "emulator/control/alias_service.h"
#include "emulator/control/execution_service.h"
#include "emulator/control/map_run_service.h"
#include "emulator/control/paging.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/test_state_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/json.h"

namespace sfn::api {

// State machines.
Json ToWire(const control::CreateStateMachineResult& r);
Json ToWire(const control::DescribeStateMachineResult& r);
Json ToWire(const control::UpdateStateMachineResult& r);
Json ToWire(const control::Page<control::StateMachineListItem>& page);
Json ToWire(const control::ValidateDefinitionResult& r);
// ListTagsForResource.
Json ToWire(const control::Tags& tags);

// Executions.
Json ToWire(const control::StartExecutionResult& r);
Json ToWire(const control::SyncExecutionResult& r);
Json ToWire(const control::DescribeExecutionResult& r);
Json ToWire(const control::Page<control::ExecutionSummary>& page);
Json ToWire(const control::StopExecutionResult& r);
Json ToWire(const control::RedriveExecutionResult& r);
Json ToWire(const control::StateMachineForExecutionResult& r);
// One HistoryEvent; without `include_data` its input, output, parameters and
// assigned variables are left out (GetExecutionHistory's
// includeExecutionData=false).
Json ToWire(const control::HistoryEvent& event, bool include_data);
Json ToWire(const control::Page<control::HistoryEvent>& page, bool include_data);

// Versions and aliases.
Json ToWire(const control::PublishVersionResult& r);
Json ToWire(const control::Page<control::VersionListItem>& page);
Json ToWire(const control::CreateAliasResult& r);
Json ToWire(const control::UpdateAliasResult& r);
Json ToWire(const control::DescribeAliasResult& r);
Json ToWire(const control::Page<control::AliasListItem>& page);

// Activities: CreateActivity, DescribeActivity, ListActivities' page,
// GetActivityTask.
Json CreateActivityWire(const control::ActivityRecord& a);
Json DescribeActivityWire(const control::ActivityRecord& a);
Json ToWire(const control::Page<control::ActivityRecord>& page);
Json ToWire(const control::ActivityTaskResult& r);
// TestState.
Json ToWire(const engine::TestStateAnswer& r);

// Distributed Map runs: DescribeMapRun, and ListMapRuns' page.
Json ToWire(const control::MapRunRecord& run);
Json ToWire(const control::Page<control::MapRunRecord>& page);

}  // namespace sfn::api
