#include "emulator/asl/definition.h"

namespace sfn::asl {

std::string_view StateTypeName(StateType type) {
  switch (type) {
    case StateType::kPass: return "Pass";
    case StateType::kWait: return "Wait";
    case StateType::kChoice: return "Choice";
    case StateType::kSucceed: return "Succeed";
    case StateType::kFail: return "Fail";
    case StateType::kTask: return "Task";
    case StateType::kParallel: return "Parallel";
    case StateType::kMap: return "Map";
  }
  return "Unknown";
}

}  // namespace sfn::asl
