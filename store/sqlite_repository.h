// The SQLite implementation of control::Repository (and so of the engine's
// ExecutionStore). Owns its Database. Opened in WAL mode with
// synchronous=NORMAL: a committed transaction survives the process being
// killed (kill -9); an OS crash may lose the last transactions but never
// corrupts the file. Not thread-safe: used from the engine thread; a reader
// (OpenReader) is used by one reader thread.
#pragma once

#include <memory>
#include <string>

#include "emulator/control/ports.h"
#include "store/database.h"

namespace sfn::store {

class SqliteRepository : public control::Repository {
 public:
  // Opens (creating and migrating) the database at `path` (":memory:" too).
  static Result<std::unique_ptr<SqliteRepository>> Open(const std::string& path);
  // A read-only connection to a file database that Open() made and migrated
  // (and keeps open, so its WAL stays in place), for the reads served off
  // the engine thread (api/read_pool.h). Under WAL each read sees every
  // transaction committed before it began; every write through it fails.
  static Result<std::unique_ptr<SqliteRepository>> OpenReader(const std::string& path);
  // The connection, shared with the other SQLite ports (same thread).
  Database& database() { return *db_; }

  // engine::ExecutionStore
  Status InsertExecution(const engine::ExecutionRecord& record,
                         const std::vector<engine::HistoryEvent>& events) override;
  Status CommitTransition(const engine::Transition& t) override;
  Status CommitTransitions(const std::vector<const engine::Transition*>& ts) override;
  Status CommitGroup(const std::vector<NewExecution>& starts,
                     const std::vector<const engine::Transition*>& ts) override;
  Result<std::vector<engine::ExecutionRecord>> LoadRunningExecutions() override;
  Status DeleteExecution(const std::string& execution_arn) override;
  Result<engine::ExecutionRecord> LoadExecution(const std::string& execution_arn) override;
  Result<std::optional<TimePoint>> LatestEventTime() override;

  // Retention (--retention-days): removes, in one transaction, up to `limit`
  // finished executions that stopped before `cutoff`, oldest first, with
  // everything that belongs to them (history events, frames, timers, map
  // runs, task tokens, redrive tokens). A finished child whose parent still
  // runs stays (the parent may still read it). Returns how many were removed.
  Result<int> DeleteExecutionsStoppedBefore(TimePoint cutoff, int limit);

  // Ends the read transaction a finished read may leave open on the
  // connection (Database::ResetStatements): a reader calls it after each
  // operation so that it never holds the log back.
  void EndRead() { db_->ResetStatements(); }

  // control::Repository
  Result<std::optional<control::StateMachineRecord>> FindStateMachine(
      const std::string& arn) override;
  Status InsertStateMachine(const control::StateMachineRecord& sm,
                            const control::RevisionRecord& revision,
                            const control::Tags& tags) override;
  Status UpdateStateMachine(const control::StateMachineRecord& sm,
                            const std::optional<control::RevisionRecord>& revision) override;
  Status DeleteStateMachine(const std::string& arn) override;
  Result<std::vector<control::StateMachineRecord>> ListStateMachines(int64_t offset,
                                                                     int limit) override;
  Result<std::optional<control::RevisionRecord>> FindRevision(
      const std::string& revision_id) override;
  Result<control::VersionRecord> InsertVersion(const control::VersionRecord& version) override;
  Result<std::optional<control::VersionRecord>> FindVersion(const std::string& state_machine_arn,
                                                            int64_t number) override;
  Result<std::optional<control::VersionRecord>> FindVersionOfRevision(
      const std::string& state_machine_arn, const std::string& revision_id) override;
  Result<std::vector<control::VersionRecord>> ListVersions(const std::string& state_machine_arn,
                                                           int64_t offset, int limit) override;
  Status DeleteVersion(const std::string& state_machine_arn, int64_t number) override;
  Result<std::optional<control::AliasRecord>> FindAlias(const std::string& state_machine_arn,
                                                        const std::string& name) override;
  Status PutAlias(const control::AliasRecord& alias) override;
  Result<std::vector<control::AliasRecord>> ListAliases(const std::string& state_machine_arn,
                                                        int64_t offset, int limit) override;
  Status DeleteAlias(const std::string& state_machine_arn, const std::string& name) override;
  Result<std::optional<engine::ExecutionRecord>> FindExecution(const std::string& arn) override;
  Result<std::optional<TimePoint>> FindRedriveToken(const std::string& execution_arn,
                                                    const std::string& token) override;
  Result<std::optional<engine::MapRunRecord>> FindMapRun(const std::string& arn) override;
  Result<std::vector<engine::MapRunRecord>> ListMapRuns(const std::string& execution_arn,
                                                        int64_t offset, int limit) override;
  Result<std::vector<control::Positioned<engine::ExecutionRecord>>> ListExecutions(
      const control::ExecutionFilter& filter, const std::optional<control::Position>& after,
      int limit) override;
  Result<std::vector<engine::HistoryEvent>> ListEvents(const std::string& execution_arn,
                                                       bool reverse,
                                                       std::optional<int64_t> after_id,
                                                       int limit) override;
  Result<std::vector<engine::ExecutionRecord>> ListExecutionsStartedBy(
      const std::string& parent_execution_arn) override;
  Result<std::vector<engine::ExecutionRecord>> ListRunningChildren() override;
  Result<std::optional<std::string>> FindTaskToken(const std::string& token) override;
  Result<std::optional<control::ActivityRecord>> FindActivity(const std::string& arn) override;
  Status InsertActivity(const control::ActivityRecord& activity,
                        const control::Tags& tags) override;
  Result<std::vector<control::ActivityRecord>> ListActivities(int64_t offset, int limit) override;
  Status DeleteActivity(const std::string& arn) override;
  Result<control::Tags> ListTags(const std::string& resource_arn) override;
  Status PutTags(const std::string& resource_arn, const control::Tags& tags) override;
  Status RemoveTags(const std::string& resource_arn, const std::vector<std::string>& keys) override;

 private:
  explicit SqliteRepository(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Status PutMapRuns(const std::vector<engine::MapRunRecord>& runs);
  Status PutTaskTokens(const std::string& execution_arn, const std::vector<std::string>& tokens);
  // The writes of a new execution (InsertExecution), inside the caller's
  // transaction.
  Status WriteExecution(const engine::ExecutionRecord& record,
                        const std::vector<engine::HistoryEvent>& events);
  // The writes of one transition, inside the caller's transaction.
  Status WriteTransition(const engine::Transition& t);
  Status InsertEvents(const std::string& arn, const std::vector<engine::HistoryEvent>& events);
  // The rows of `state`'s live frames (execution_frames): those in
  // `touched` (written when present, removed when not), or all of them
  // afresh when `touched` is nullopt. Inside the caller's transaction.
  Status WriteFrames(const std::string& arn, const engine::ExecutionState& state,
                     const std::optional<std::vector<int64_t>>& touched);
  // Adds the frames kept in rows of their own to a loaded record's state.
  Status LoadFrames(engine::ExecutionRecord& record);
  Status PutTagsNoTx(const std::string& resource_arn, const control::Tags& tags);
  Status InsertRevision(const control::RevisionRecord& r);
  Status SetTimer(const std::string& arn, std::optional<TimePoint> at);
  Result<std::vector<engine::ExecutionRecord>> QueryExecutions(Statement* q);

  std::unique_ptr<Database> db_;
};

}  // namespace sfn::store
