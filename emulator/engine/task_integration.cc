#include "emulator/engine/task_integration.h"

namespace sfn::engine {

std::string TaskEnv::NewRequestId() const {
  if (random != nullptr) return random->Uuid();
  // Without a random source (unit tests), ids stay unique per event.
  return "00000000-0000-4000-8000-" + std::to_string(100000000000 + event_id);
}

}  // namespace sfn::engine
