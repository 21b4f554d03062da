// libFuzzer target: the HTTP request path, bytes to answer. The bytes go
// through the server's parser with its limits and refusals
// (api::ServeBytesForTest), the request guard, the router and the Step
// Functions operations, over a fresh in-memory store and engine for each
// input (virtual clock, seeded randomness). Lambda paths are routed to no
// service (the runtimes would start processes).
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "api/http_server.h"
#include "api/request_guard.h"
#include "api/router.h"
#include "emulator/control/activity_service.h"
#include "emulator/control/alias_service.h"
#include "emulator/control/callback_service.h"
#include "emulator/control/clock_service.h"
#include "emulator/control/execution_service.h"
#include "emulator/control/map_run_service.h"
#include "emulator/control/state_machine_service.h"
#include "emulator/control/test_state_service.h"
#include "emulator/control/version_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/engine/driver.h"
#include "store/sqlite_repository.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

struct World {
  World() : repo(std::move(sfn::store::SqliteRepository::Open(":memory:")).value()) {}
  boost::asio::io_context engine_io{1};
  std::unique_ptr<sfn::store::SqliteRepository> repo;
  sfn::Random random{1};
  sfn::VirtualClock clock{sfn::FromEpochMillis(1764892800000), true};
  sfn::control::VersionService versions{*repo, clock};
  sfn::control::AliasService aliases{*repo, clock};
  sfn::control::StateMachineService machines{*repo, clock, random, versions};
  sfn::engine::Driver driver{engine_io, *repo, clock, machines, &random, nullptr};
  sfn::control::ExecutionService executions{*repo, machines, driver, clock, random};
  sfn::control::MapRunService map_runs{*repo, driver};
  sfn::control::ClockService clock_service{clock, driver};
  // Activities (GetActivityTask answers at once: no long poll), task-token
  // answers and TestState, as main.cc wires them.
  sfn::control::ActivityService activities{*repo, clock, engine_io};
  sfn::control::CallbackService callbacks{*repo, driver};
  sfn::control::TestStateService test_state{
      clock, random, nullptr,
      [this](std::function<void()> f) { boost::asio::post(engine_io, std::move(f)); }};
  sfn::api::Router router{engine_io,
                          sfn::api::Services{machines, executions, versions, aliases, map_runs,
                                             nullptr, &activities, &callbacks, &test_state},
                          clock_service, sfn::api::RouterOptions{"us-east-1", "123456789012", "0"}};
  bool wired = [this] {
    activities.SetPollTime(std::chrono::milliseconds(0));
    activities.Attach(driver);
    return true;
  }();
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  World world;
  world.router.SetGuard(std::make_unique<sfn::api::RequestGuard>(sfn::api::GuardOptions{}));
  sfn::api::ServerLimits limits;
  sfn::api::ServeBytesForTest(
      world.router, sfn::fuzz::Text(data, size), limits,
      [&world] {
        // The engine's queued work, bounded (a looping execution yields).
        for (int i = 0; i < 64 && world.engine_io.poll() > 0; ++i) {
        }
        world.engine_io.restart();
      },
      [](const sfn::api::HttpResponse& r) { (void)r; });
  return 0;
}
