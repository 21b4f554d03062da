// Nested executions (Step Functions developer guide, "Start workflow
// executions from a task state"): the engine's ExecutionsPort over the
// execution service, the store and the driver.
//
// Start runs StartExecution with the parent Task recorded in the child, and
// answers with the child that Task already started when there is one (a
// start repeated after a restart). Watch answers when the child ends: at
// once from the store when it already has, else from the driver's
// committed-transition notices. An Express child keeps no record once it
// ends (its start record goes): the end of a .sync one comes from the
// driver's end callback and is kept until its parent's Watch takes it.
// StopStartedBy stops a parent's running
// children; Reconcile, after the engine has resumed, stops the .sync
// children whose parent ended while the emulator was down (the parent's own
// stop could not reach them).
//
// Threading: lives on the engine thread with the services; every port call
// posts its work to the engine's io_context, so nothing runs inside the
// driver's own turn, and callbacks run from there.
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>
#include <string>

#include "emulator/control/execution_service.h"
#include "emulator/control/ports.h"
#include "emulator/engine/driver.h"
#include "emulator/engine/executions_port.h"

namespace sfn::control {

class ChildExecutions : public engine::ExecutionsPort {
 public:
  ChildExecutions(Repository& repo, boost::asio::io_context& engine_io)
      : repo_(repo), engine_io_(engine_io) {}

  // The services it drives; both must outlive this. Observes `driver`'s
  // transitions for Watch.
  void Attach(ExecutionService& executions, engine::Driver& driver);

  void Start(const engine::ChildStart& start,
             std::function<void(engine::ExecutionStarted)> done) override;
  void Watch(const engine::TaskRef& parent,
             std::function<void(engine::ExecutionEnded)> done) override;
  void StopStartedBy(const engine::TaskRef& parent) override;

  // Stops running .sync children whose parent is no longer running.
  Status Reconcile();

 private:
  // The child `parent` started, if any.
  Result<std::optional<engine::ExecutionRecord>> ChildOf(const engine::TaskRef& parent);
  void Ended(const std::string& execution_arn);
  // Answers the parent waiting on `ended`, or keeps it for its Watch.
  void ExpressEnded(const engine::TaskRef& parent, const engine::ExecutionEnded& ended);

  Repository& repo_;
  boost::asio::io_context& engine_io_;
  ExecutionService* executions_ = nullptr;
  std::multimap<std::string, std::function<void(engine::ExecutionEnded)>> watchers_;
  // Ended .sync Express children no Watch has taken yet, by parent ARN and
  // TaskKey (in memory: a restart runs an Express child again).
  std::map<std::string, engine::ExecutionEnded> express_ended_;
  // Watches that found no record of the child yet, by the same key.
  std::multimap<std::string, std::function<void(engine::ExecutionEnded)>> parent_watchers_;
};

// The ExecutionEnded of a finished execution record.
engine::ExecutionEnded EndedOf(const engine::ExecutionRecord& record);

}  // namespace sfn::control
