#include "store/sqlite_repository.h"

#include "store/migrations.h"
#include "store/read_all.h"

#include <type_traits>

namespace sfn::store {
namespace {

constexpr char kExecutionColumns[] =
    "e.arn, e.name, e.state_machine_arn, e.state_machine_name, e.revision_id, e.role_arn, "
    "e.input, e.start_ms, e.status, e.output, e.error, e.cause, e.stop_ms, e.version_arn, "
    "e.alias_arn, e.redrive_count, e.state, e.record_version, t.fire_at_ms";
constexpr char kExecutionFrom[] =
    " FROM executions e LEFT JOIN timers t ON t.execution_arn = e.arn ";

constexpr char kStateMachineColumns[] =
    "arn, name, type, role_arn, definition, revision_id, description, logging, tracing, "
    "creation_ms, update_ms";

Json ParseOr(const std::string& text, Json fallback) {
  Result<Json> j = ParseJson(text);
  return j.ok() ? std::move(j).value() : std::move(fallback);
}

control::StateMachineRecord ReadStateMachine(const Statement& q) {
  control::StateMachineRecord sm;
  sm.arn = q.Text(0);
  sm.name = q.Text(1);
  sm.type = q.Text(2);
  sm.role_arn = q.Text(3);
  sm.definition = q.Text(4);
  sm.revision_id = q.Text(5);
  sm.description = q.Text(6);
  sm.logging_configuration = ParseOr(q.Text(7), Json::object());
  sm.tracing_configuration = ParseOr(q.Text(8), Json::object());
  sm.creation_date = FromEpochMillis(q.Int(9));
  if (auto u = q.OptInt(10)) sm.update_date = FromEpochMillis(*u);
  return sm;
}

Result<engine::ExecutionRecord> ReadExecution(const Statement& q) {
  engine::ExecutionRecord e;
  e.info.arn = q.Text(0);
  e.info.name = q.Text(1);
  e.info.state_machine_arn = q.Text(2);
  e.info.state_machine_name = q.Text(3);
  e.info.revision_id = q.Text(4);
  e.info.role_arn = q.Text(5);
  e.info.input = q.Text(6);
  e.info.start_time = FromEpochMillis(q.Int(7));
  e.status = engine::ParseStatus(q.Text(8)).value_or(engine::ExecutionStatus::kRunning);
  e.output = q.OptText(9);
  e.error = q.OptText(10);
  e.cause = q.OptText(11);
  if (auto s = q.OptInt(12)) e.stop_date = FromEpochMillis(*s);
  e.info.version_arn = q.OptText(13);
  e.info.alias_arn = q.OptText(14);
  e.info.redrive_count = static_cast<int>(q.Int(15));
  SFN_ASSIGN_OR_RETURN(Json state_json, ParseJson(q.Text(16), ErrorCode::kInternalFailure));
  SFN_ASSIGN_OR_RETURN(e.state, engine::ExecutionState::FromJson(state_json));
  e.record_version = q.Int(17);
  if (auto t = q.OptInt(18)) e.timer = FromEpochMillis(*t);
  return e;
}

}  // namespace

Result<std::unique_ptr<SqliteRepository>> SqliteRepository::Open(const std::string& path) {
  SFN_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path));
  SFN_RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  SFN_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL"));
  SFN_RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  SFN_RETURN_IF_ERROR(Migrate(*db));
  return std::unique_ptr<SqliteRepository>(new SqliteRepository(std::move(db)));
}

// --- executions: writes ------------------------------------------------------

Status SqliteRepository::InsertEvents(const std::string& arn,
                                      const std::vector<engine::HistoryEvent>& events) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("INSERT INTO history_events(execution_arn, id, previous_id, "
                                    "ts_ms, type, details_key, details) VALUES (?,?,?,?,?,?,?)"));
  for (const engine::HistoryEvent& e : events) {
    q->Bind(1, std::string_view(arn))
        .Bind(2, e.id)
        .Bind(3, e.previous_event_id)
        .Bind(4, ToEpochMillis(e.timestamp))
        .Bind(5, std::string_view(e.type))
        .Bind(6, std::string_view(e.details_key))
        .Bind(7, std::string_view(DumpJson(e.details)));
    SFN_RETURN_IF_ERROR(q->Run());
  }
  return Status::Ok();
}

Status SqliteRepository::SetTimer(const std::string& arn, std::optional<TimePoint> at) {
  if (!at) {
    SFN_ASSIGN_OR_RETURN(Statement * d, db_->Prepare("DELETE FROM timers WHERE execution_arn = ?"));
    return d->Bind(1, std::string_view(arn)).Run();
  }
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT OR REPLACE INTO timers(execution_arn, fire_at_ms) VALUES (?, ?)"));
  return q->Bind(1, std::string_view(arn)).Bind(2, ToEpochMillis(*at)).Run();
}

Status SqliteRepository::InsertExecution(const engine::ExecutionRecord& r,
                                         const std::vector<engine::HistoryEvent>& events) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO executions(arn, name, state_machine_arn, state_machine_name, "
                   "revision_id, role_arn, input, start_ms, status, version_arn, alias_arn, "
                   "redrive_count, state, record_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  q->Bind(1, std::string_view(r.info.arn))
      .Bind(2, std::string_view(r.info.name))
      .Bind(3, std::string_view(r.info.state_machine_arn))
      .Bind(4, std::string_view(r.info.state_machine_name))
      .Bind(5, std::string_view(r.info.revision_id))
      .Bind(6, std::string_view(r.info.role_arn))
      .Bind(7, std::string_view(r.info.input))
      .Bind(8, ToEpochMillis(r.info.start_time))
      .Bind(9, engine::StatusName(r.status))
      .Bind(10, r.info.version_arn)
      .Bind(11, r.info.alias_arn)
      .Bind(12, int64_t{r.info.redrive_count})
      .Bind(13, std::string_view(DumpJson(r.state.ToJson())))
      .Bind(14, r.record_version);
  SFN_RETURN_IF_ERROR(q->Run());
  SFN_RETURN_IF_ERROR(InsertEvents(r.info.arn, events));
  SFN_RETURN_IF_ERROR(SetTimer(r.info.arn, r.timer));
  return tx.Commit();
}

Status SqliteRepository::CommitTransition(const engine::Transition& t) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("UPDATE executions SET state = ?, record_version = record_version + 1, "
                   "status = COALESCE(?, status), output = COALESCE(?, output), "
                   "error = COALESCE(?, error), cause = COALESCE(?, cause), "
                   "stop_ms = COALESCE(?, stop_ms) WHERE arn = ? AND record_version = ?"));
  std::optional<std::string> status, output, error, cause;
  if (t.terminal) {
    status = std::string(engine::StatusName(t.terminal->status));
    output = t.terminal->output;
    error = t.terminal->error;
    cause = t.terminal->cause;
  }
  std::optional<int64_t> stop_ms;
  if (t.stop_date) stop_ms = ToEpochMillis(*t.stop_date);
  q->Bind(1, std::string_view(DumpJson(t.state.ToJson())))
      .Bind(2, status)
      .Bind(3, output)
      .Bind(4, error)
      .Bind(5, cause)
      .Bind(6, stop_ms)
      .Bind(7, std::string_view(t.execution_arn))
      .Bind(8, t.expected_record_version);
  SFN_RETURN_IF_ERROR(q->Run());
  if (sqlite3_changes(db_->handle()) != 1) {
    return Status(ErrorCode::kInternalFailure,
                  "lost update on execution " + t.execution_arn + " (record version moved)");
  }
  SFN_RETURN_IF_ERROR(InsertEvents(t.execution_arn, t.events));
  SFN_RETURN_IF_ERROR(SetTimer(t.execution_arn, t.terminal ? std::nullopt : t.timer));
  return tx.Commit();
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::QueryExecutions(Statement* q) {
  return ReadAll<engine::ExecutionRecord>(q, ReadExecution);
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::LoadRunningExecutions() {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kExecutionColumns + kExecutionFrom +
                                    "WHERE e.status = 'RUNNING' ORDER BY e.seq"));
  return QueryExecutions(q);
}

Result<std::optional<TimePoint>> SqliteRepository::LatestEventTime() {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("SELECT MAX(ts_ms) FROM history_events"));
  SFN_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<TimePoint> out;
  if (row) {
    if (auto ms = q->OptInt(0)) out = FromEpochMillis(*ms);
  }
  q->Reset();
  return out;
}

Result<std::optional<engine::ExecutionRecord>> SqliteRepository::FindExecution(
    const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kExecutionColumns + kExecutionFrom +
                                    "WHERE e.arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> rows, QueryExecutions(q));
  if (rows.empty()) return std::optional<engine::ExecutionRecord>();
  return std::optional<engine::ExecutionRecord>(std::move(rows.front()));
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::ListExecutions(
    const std::string& state_machine_arn, std::optional<engine::ExecutionStatus> status,
    int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string("SELECT ") + kExecutionColumns + kExecutionFrom +
                   "WHERE e.state_machine_arn = ? AND (?2 IS NULL OR e.status = ?2) "
                   "ORDER BY e.start_ms DESC, e.seq DESC LIMIT ? OFFSET ?"));
  std::optional<std::string> s;
  if (status) s = std::string(engine::StatusName(*status));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, s).Bind(3, int64_t{limit}).Bind(4, offset);
  return QueryExecutions(q);
}

Result<std::vector<engine::HistoryEvent>> SqliteRepository::ListEvents(
    const std::string& execution_arn, bool reverse, int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string("SELECT id, previous_id, ts_ms, type, details_key, details FROM "
                               "history_events WHERE execution_arn = ? ORDER BY id ") +
                   (reverse ? "DESC" : "ASC") + " LIMIT ? OFFSET ?"));
  q->Bind(1, std::string_view(execution_arn)).Bind(2, int64_t{limit}).Bind(3, offset);
  return ReadAll<engine::HistoryEvent>(q, [](const Statement& r) {
    engine::HistoryEvent e;
    e.id = r.Int(0);
    e.previous_event_id = r.Int(1);
    e.timestamp = FromEpochMillis(r.Int(2));
    e.type = r.Text(3);
    e.details_key = r.Text(4);
    e.details = ParseOr(r.Text(5), Json::object());
    return e;
  });
}

// --- state machines -----------------------------------------------------------

Result<std::optional<control::StateMachineRecord>> SqliteRepository::FindStateMachine(
    const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kStateMachineColumns +
                                    " FROM state_machines WHERE arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<control::StateMachineRecord> out;
  if (row) out = ReadStateMachine(*q);
  q->Reset();
  return out;
}

Status SqliteRepository::InsertRevision(const control::RevisionRecord& r) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO state_machine_revisions(revision_id, state_machine_arn, name, "
                   "type, role_arn, definition, logging, tracing, created_ms) "
                   "VALUES (?,?,?,?,?,?,?,?,?)"));
  return q->Bind(1, std::string_view(r.revision_id))
      .Bind(2, std::string_view(r.state_machine_arn))
      .Bind(3, std::string_view(r.name))
      .Bind(4, std::string_view(r.type))
      .Bind(5, std::string_view(r.role_arn))
      .Bind(6, std::string_view(r.definition))
      .Bind(7, std::string_view(DumpJson(r.logging_configuration)))
      .Bind(8, std::string_view(DumpJson(r.tracing_configuration)))
      .Bind(9, ToEpochMillis(r.created))
      .Run();
}

Status SqliteRepository::InsertStateMachine(const control::StateMachineRecord& sm,
                                            const control::RevisionRecord& revision,
                                            const control::Tags& tags) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("INSERT INTO state_machines(") +
                                    kStateMachineColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
  std::optional<int64_t> update_ms;
  if (sm.update_date) update_ms = ToEpochMillis(*sm.update_date);
  q->Bind(1, std::string_view(sm.arn))
      .Bind(2, std::string_view(sm.name))
      .Bind(3, std::string_view(sm.type))
      .Bind(4, std::string_view(sm.role_arn))
      .Bind(5, std::string_view(sm.definition))
      .Bind(6, std::string_view(sm.revision_id))
      .Bind(7, std::string_view(sm.description))
      .Bind(8, std::string_view(DumpJson(sm.logging_configuration)))
      .Bind(9, std::string_view(DumpJson(sm.tracing_configuration)))
      .Bind(10, ToEpochMillis(sm.creation_date))
      .Bind(11, update_ms);
  SFN_RETURN_IF_ERROR(q->Run());
  SFN_RETURN_IF_ERROR(InsertRevision(revision));
  SFN_RETURN_IF_ERROR(PutTagsNoTx(sm.arn, tags));
  return tx.Commit();
}

Status SqliteRepository::UpdateStateMachine(const control::StateMachineRecord& sm,
                                            const std::optional<control::RevisionRecord>& rev) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("UPDATE state_machines SET role_arn = ?, definition = ?, revision_id = ?, "
                   "description = ?, logging = ?, tracing = ?, update_ms = ? WHERE arn = ?"));
  std::optional<int64_t> update_ms;
  if (sm.update_date) update_ms = ToEpochMillis(*sm.update_date);
  q->Bind(1, std::string_view(sm.role_arn))
      .Bind(2, std::string_view(sm.definition))
      .Bind(3, std::string_view(sm.revision_id))
      .Bind(4, std::string_view(sm.description))
      .Bind(5, std::string_view(DumpJson(sm.logging_configuration)))
      .Bind(6, std::string_view(DumpJson(sm.tracing_configuration)))
      .Bind(7, update_ms)
      .Bind(8, std::string_view(sm.arn));
  SFN_RETURN_IF_ERROR(q->Run());
  if (rev) SFN_RETURN_IF_ERROR(InsertRevision(*rev));
  return tx.Commit();
}

Status SqliteRepository::DeleteStateMachine(const std::string& arn) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("DELETE FROM state_machines WHERE arn = ?"));
  SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(arn)).Run());
  SFN_ASSIGN_OR_RETURN(Statement * t, db_->Prepare("DELETE FROM tags WHERE resource_arn = ?"));
  SFN_RETURN_IF_ERROR(t->Bind(1, std::string_view(arn)).Run());
  return tx.Commit();
}

Result<std::vector<control::StateMachineRecord>> SqliteRepository::ListStateMachines(
    int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kStateMachineColumns +
                                    " FROM state_machines ORDER BY name, arn LIMIT ? OFFSET ?"));
  q->Bind(1, int64_t{limit}).Bind(2, offset);
  return ReadAll<control::StateMachineRecord>(q, ReadStateMachine);
}

Result<std::optional<control::RevisionRecord>> SqliteRepository::FindRevision(
    const std::string& revision_id) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("SELECT revision_id, state_machine_arn, name, type, role_arn, definition, "
                   "logging, tracing, created_ms FROM state_machine_revisions "
                   "WHERE revision_id = ?"));
  q->Bind(1, std::string_view(revision_id));
  SFN_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<control::RevisionRecord> out;
  if (row) {
    out = control::RevisionRecord{q->Text(0),
                                  q->Text(1),
                                  q->Text(2),
                                  q->Text(3),
                                  q->Text(4),
                                  q->Text(5),
                                  ParseOr(q->Text(6), Json::object()),
                                  ParseOr(q->Text(7), Json::object()),
                                  FromEpochMillis(q->Int(8))};
  }
  q->Reset();
  return out;
}

// --- tags --------------------------------------------------------------------

Result<control::Tags> SqliteRepository::ListTags(const std::string& resource_arn) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY seq, key"));
  q->Bind(1, std::string_view(resource_arn));
  return ReadAll<std::pair<std::string, std::string>>(
      q, [](const Statement& r) { return std::make_pair(r.Text(0), r.Text(1)); });
}

Status SqliteRepository::PutTagsNoTx(const std::string& resource_arn, const control::Tags& tags) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO tags(resource_arn, key, value, seq) VALUES (?1, ?2, ?3, "
                   "(SELECT COALESCE(MAX(seq), 0) + 1 FROM tags WHERE resource_arn = ?1)) "
                   "ON CONFLICT(resource_arn, key) DO UPDATE SET value = excluded.value"));
  for (const auto& [k, v] : tags) {
    SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(resource_arn))
                            .Bind(2, std::string_view(k))
                            .Bind(3, std::string_view(v))
                            .Run());
  }
  return Status::Ok();
}

Status SqliteRepository::PutTags(const std::string& resource_arn, const control::Tags& tags) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_RETURN_IF_ERROR(PutTagsNoTx(resource_arn, tags));
  return tx.Commit();
}

Status SqliteRepository::RemoveTags(const std::string& resource_arn,
                                    const std::vector<std::string>& keys) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("DELETE FROM tags WHERE resource_arn = ? AND key = ?"));
  for (const std::string& k : keys) {
    SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(resource_arn)).Bind(2, std::string_view(k)).Run());
  }
  return tx.Commit();
}

}  // namespace sfn::store
