// What the control services need from durable storage (implemented by
// store/). Extends the engine's ExecutionStore with state machines, their
// immutable definition revisions, execution reads and tags. Each method is
// one transaction. Used from the engine thread only.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/core/json.h"
#include "emulator/core/status.h"
#include "emulator/core/time.h"
#include "emulator/engine/ports.h"

namespace sfn::control {

struct StateMachineRecord {
  std::string arn;
  std::string name;
  std::string type;  // STANDARD | EXPRESS
  std::string role_arn;
  std::string definition;
  std::string revision_id;
  std::string description;
  Json logging_configuration;  // as AWS returns it
  Json tracing_configuration;
  TimePoint creation_date;
  std::optional<TimePoint> update_date;
};

// An immutable snapshot of what an execution runs.
struct RevisionRecord {
  std::string revision_id;
  std::string state_machine_arn;
  std::string name;
  std::string type;
  std::string role_arn;
  std::string definition;
  Json logging_configuration;
  Json tracing_configuration;
  TimePoint created;
};

using Tags = std::vector<std::pair<std::string, std::string>>;

class Repository : public engine::ExecutionStore {
 public:
  // State machines and revisions.
  virtual Result<std::optional<StateMachineRecord>> FindStateMachine(const std::string& arn) = 0;
  // Inserts the head and its first revision (and tags) together.
  virtual Status InsertStateMachine(const StateMachineRecord& sm, const RevisionRecord& revision,
                                    const Tags& tags) = 0;
  // Replaces the head; inserts `revision` when given.
  virtual Status UpdateStateMachine(const StateMachineRecord& sm,
                                    const std::optional<RevisionRecord>& revision) = 0;
  // Removes the head and its tags; revisions stay for executions that ran them.
  virtual Status DeleteStateMachine(const std::string& arn) = 0;
  // Ordered by name.
  virtual Result<std::vector<StateMachineRecord>> ListStateMachines(int64_t offset,
                                                                    int limit) = 0;
  virtual Result<std::optional<RevisionRecord>> FindRevision(const std::string& revision_id) = 0;

  // Executions.
  virtual Result<std::optional<engine::ExecutionRecord>> FindExecution(const std::string& arn) = 0;
  // Newest first; `status` filters when given.
  virtual Result<std::vector<engine::ExecutionRecord>> ListExecutions(
      const std::string& state_machine_arn, std::optional<engine::ExecutionStatus> status,
      int64_t offset, int limit) = 0;
  // Events in id order (or reverse), skipping `offset` of them.
  virtual Result<std::vector<engine::HistoryEvent>> ListEvents(const std::string& execution_arn,
                                                               bool reverse, int64_t offset,
                                                               int limit) = 0;

  // Tags.
  virtual Result<Tags> ListTags(const std::string& resource_arn) = 0;
  virtual Status PutTags(const std::string& resource_arn, const Tags& tags) = 0;
  virtual Status RemoveTags(const std::string& resource_arn,
                            const std::vector<std::string>& keys) = 0;
};

}  // namespace sfn::control
