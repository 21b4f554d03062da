// What the control services need from durable storage (implemented by
// store/). Extends the engine's ExecutionStore with state machines, their
// immutable definition revisions, published versions and aliases, execution
// reads and tags. Each method is one transaction. Used from the engine thread
// only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulator/control/paging.h"
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
  // Whether the current revision came from UpdateStateMachine: AWS shows a
  // revisionId only then (recorded: DescribeStateMachine of a state machine
  // never updated, and its versions, have none).
  bool revised = false;
  std::string description;
  Json logging_configuration;  // as AWS returns it (control/machine_config.h)
  Json tracing_configuration;
  Json encryption_configuration;
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
  Json encryption_configuration;
  TimePoint created;
  bool revised = false;  // made by UpdateStateMachine (see StateMachineRecord)
};

// The revision that `sm` as it stands now runs, made at `created`.
inline RevisionRecord RevisionOf(const StateMachineRecord& sm, TimePoint created) {
  return RevisionRecord{sm.revision_id,
                        sm.arn,
                        sm.name,
                        sm.type,
                        sm.role_arn,
                        sm.definition,
                        sm.logging_configuration,
                        sm.tracing_configuration,
                        sm.encryption_configuration,
                        created,
                        sm.revised};
}

// A published version: a number that names one immutable revision forever
// (AWS "State machine versions"). Its ARN is `<state machine ARN>:<number>`.
struct VersionRecord {
  std::string state_machine_arn;
  int64_t number = 0;
  std::string revision_id;
  std::string description;
  TimePoint creation_date;
};

// One entry of an alias's routing configuration.
struct RoutingEntry {
  int64_t version = 0;  // version number of the alias's state machine
  int weight = 0;       // percent, 0..100
  bool operator==(const RoutingEntry&) const = default;
};

// A named pointer to one or two versions of a state machine (AWS "State
// machine aliases"). Its ARN is `<state machine ARN>:<name>`.
struct AliasRecord {
  std::string state_machine_arn;
  std::string name;
  std::string description;
  std::vector<RoutingEntry> routing;  // 1 or 2 entries, weights sum to 100
  TimePoint creation_date;
  std::optional<TimePoint> update_date;
};

// Which executions ListExecutions returns: those of a state machine, or only
// those that ran one of its versions, or only those started through an alias.
struct ExecutionFilter {
  std::string state_machine_arn;           // unqualified
  std::optional<std::string> version_arn;  // executions running this version
  std::optional<std::string> alias_arn;    // executions started through this alias
  std::optional<engine::ExecutionStatus> status;
  std::optional<bool> redriven;  // ListExecutions' redriveFilter: REDRIVEN / NOT_REDRIVEN
};

using Tags = std::vector<std::pair<std::string, std::string>>;

// An activity (AWS "Activities in Step Functions"). Its ARN is
// arn:aws:states:<region>:<account>:activity:<name>.
struct ActivityRecord {
  std::string arn;
  std::string name;
  TimePoint creation_date;
  Json encryption_configuration;  // as given to CreateActivity; null when none
};

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
  // Removes the head, its tags, versions and aliases; revisions stay for the
  // executions that ran them.
  virtual Status DeleteStateMachine(const std::string& arn) = 0;
  // Ordered by name.
  virtual Result<std::vector<StateMachineRecord>> ListStateMachines(int64_t offset, int limit) = 0;
  virtual Result<std::optional<RevisionRecord>> FindRevision(const std::string& revision_id) = 0;

  // Versions. InsertVersion numbers the version one above the highest number
  // the state machine ever had (numbers are never reused, even after a
  // delete) and returns it; kStateMachineDoesNotExist when the head is gone.
  virtual Result<VersionRecord> InsertVersion(const VersionRecord& version) = 0;
  virtual Result<std::optional<VersionRecord>> FindVersion(const std::string& state_machine_arn,
                                                           int64_t number) = 0;
  // The version that publishes `revision_id`, if any.
  virtual Result<std::optional<VersionRecord>> FindVersionOfRevision(
      const std::string& state_machine_arn, const std::string& revision_id) = 0;
  // Newest (highest number) first.
  virtual Result<std::vector<VersionRecord>> ListVersions(const std::string& state_machine_arn,
                                                          int64_t offset, int limit) = 0;
  virtual Status DeleteVersion(const std::string& state_machine_arn, int64_t number) = 0;

  // Aliases. PutAlias inserts or replaces (keeping the creation date given).
  virtual Result<std::optional<AliasRecord>> FindAlias(const std::string& state_machine_arn,
                                                       const std::string& name) = 0;
  virtual Status PutAlias(const AliasRecord& alias) = 0;
  // In creation order.
  virtual Result<std::vector<AliasRecord>> ListAliases(const std::string& state_machine_arn,
                                                       int64_t offset, int limit) = 0;
  virtual Status DeleteAlias(const std::string& state_machine_arn, const std::string& name) = 0;

  // Executions. The records these two return leave `state` empty: only the
  // engine needs it (ExecutionStore::LoadRunningExecutions loads it).
  virtual Result<std::optional<engine::ExecutionRecord>> FindExecution(const std::string& arn) = 0;
  // Newest first (start time, then insertion order), up to `limit` rows
  // after the position `after` (nullopt: from the newest), each with its
  // position {start time in epoch ms, insertion sequence} (keyset paging,
  // control/paging.h).
  virtual Result<std::vector<Positioned<engine::ExecutionRecord>>> ListExecutions(
      const ExecutionFilter& filter, const std::optional<Position>& after, int limit) = 0;
  // When a RedriveExecution with this client token redrove the execution,
  // if one did (the last 10 tokens of each execution are kept).
  virtual Result<std::optional<TimePoint>> FindRedriveToken(const std::string& execution_arn,
                                                            const std::string& token) = 0;
  // Up to `limit` events in id order (or reverse) whose id comes after
  // `after_id` in that order (nullopt: from the first, or the last).
  virtual Result<std::vector<engine::HistoryEvent>> ListEvents(const std::string& execution_arn,
                                                               bool reverse,
                                                               std::optional<int64_t> after_id,
                                                               int limit) = 0;

  // Distributed Map runs (written by the engine with its transitions).
  virtual Result<std::optional<engine::MapRunRecord>> FindMapRun(const std::string& arn) = 0;
  // Newest first.
  virtual Result<std::vector<engine::MapRunRecord>> ListMapRuns(const std::string& execution_arn,
                                                                int64_t offset, int limit) = 0;

  // The executions a Task of `parent_execution_arn` started (nested
  // executions; their info.parent says which Task), oldest first.
  virtual Result<std::vector<engine::ExecutionRecord>> ListExecutionsStartedBy(
      const std::string& parent_execution_arn) = 0;

  // The running executions that stop with their parent (.sync children).
  virtual Result<std::vector<engine::ExecutionRecord>> ListRunningChildren() = 0;

  // The execution a task token was issued by (the engine writes the index
  // with its transitions); nullopt for a token it never issued.
  virtual Result<std::optional<std::string>> FindTaskToken(const std::string& token) = 0;

  // Activities. InsertActivity stores the activity with its tags.
  virtual Result<std::optional<ActivityRecord>> FindActivity(const std::string& arn) = 0;
  virtual Status InsertActivity(const ActivityRecord& activity, const Tags& tags) = 0;
  // Ordered by name.
  virtual Result<std::vector<ActivityRecord>> ListActivities(int64_t offset, int limit) = 0;
  // Removes the activity and its tags (nothing when there is none).
  virtual Status DeleteActivity(const std::string& arn) = 0;

  // Tags.
  virtual Result<Tags> ListTags(const std::string& resource_arn) = 0;
  virtual Status PutTags(const std::string& resource_arn, const Tags& tags) = 0;
  virtual Status RemoveTags(const std::string& resource_arn,
                            const std::vector<std::string>& keys) = 0;
};

}  // namespace sfn::control
