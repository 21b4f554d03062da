// The execution records store tests write: executions of one state machine,
// "m" in us-east-1, each started at a given millisecond with input "{}" and
// its first frame at state "A". Tests change what they vary (status, version,
// alias, redrives) on the record returned. Header-only test helper.
#pragma once

#include <cstdint>
#include <string>

#include "emulator/core/time.h"
#include "emulator/engine/ports.h"

namespace sfn::store::testing {

inline const std::string kMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:m";

inline engine::ExecutionRecord ExecutionOfM(const std::string& name, int64_t start_ms) {
  engine::ExecutionRecord e;
  e.info.arn = "arn:aws:states:us-east-1:123456789012:execution:m:" + name;
  e.info.name = name;
  e.info.state_machine_arn = kMachineArn;
  e.info.state_machine_name = "m";
  e.info.revision_id = "rev-m";
  e.info.role_arn = "arn:aws:iam::123456789012:role/r";
  e.info.input = "{}";
  e.info.start_time = FromEpochMillis(start_ms);
  e.state.frames[0].state_name = "A";
  e.record_version = 1;
  return e;
}

}  // namespace sfn::store::testing
