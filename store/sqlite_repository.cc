#include "store/sqlite_repository.h"

#include <limits>
#include <type_traits>

#include "store/migrations.h"
#include "store/read_all.h"

namespace sfn::store {
namespace {

#define SFN_EXECUTION_COLUMNS(state)                                                      \
  "e.arn, e.name, e.state_machine_arn, e.state_machine_name, e.revision_id, e.role_arn, " \
  "e.input, e.start_ms, e.status, e.output, e.error, e.cause, e.stop_ms, e.version_arn, " \
  "e.alias_arn, e.redrive_count, " state                                                  \
  ", e.record_version, t.fire_at_ms, e.parent_arn, "                                      \
  "e.parent_task, e.stop_with_parent, e.redrive_ms, e.not_redrivable, e.trace_header"
// With the serialised execution state (the engine's recovery) and without it
// (the API's reads: parsing a large state for a DescribeExecution was most of
// its cost).
constexpr char kExecutionColumns[] = SFN_EXECUTION_COLUMNS("e.state");
constexpr char kExecutionColumnsNoState[] = SFN_EXECUTION_COLUMNS("NULL");
#undef SFN_EXECUTION_COLUMNS
// Where start_ms is among those columns, and where ListExecutions adds seq
// after them: together the keyset position of a listed execution.
constexpr int kExecutionStartColumn = 7;
constexpr int kExecutionSeqColumn = 25;
constexpr char kExecutionFrom[] =
    " FROM executions e LEFT JOIN timers t ON t.execution_arn = e.arn ";

constexpr char kStateMachineColumns[] =
    "arn, name, type, role_arn, definition, revision_id, description, logging, tracing, "
    "creation_ms, update_ms, encryption, revised";

Json ParseOr(const std::string& text, Json fallback) {
  Result<Json> j = ParseJson(text, ErrorCode::kInternalFailure, kMaxStoredJsonDepth);
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
  sm.encryption_configuration = ParseOr(q.Text(11), Json::object());
  sm.revised = q.Int(12) != 0;
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
  if (std::optional<std::string> text = q.OptText(16)) {
    // A damaged state fails this execution at recovery, never the load.
    Result<Json> state_json = ParseJson(*text, ErrorCode::kInternalFailure, kMaxStoredJsonDepth);
    if (!state_json.ok()) {
      e.load_error = state_json.status().message();
    } else {
      try {
        Result<engine::ExecutionState> state = engine::ExecutionState::FromJson(*state_json);
        if (state.ok()) {
          e.state = std::move(state).value();
        } else {
          e.load_error = state.status().message();
        }
      } catch (const std::exception& ex) {
        e.load_error = ex.what();
      }
    }
  }
  e.record_version = q.Int(17);
  if (auto t = q.OptInt(18)) e.timer = FromEpochMillis(*t);
  if (auto parent = q.OptText(19)) {
    // "<frame>/<attempt>"
    std::string task = q.OptText(20).value_or("0/0");
    size_t slash = task.find('/');
    engine::TaskRef ref{*parent, 0, 0};
    try {
      ref.frame_id = std::stoll(task.substr(0, slash));
      if (slash != std::string::npos) ref.task_attempt = std::stoll(task.substr(slash + 1));
    } catch (const std::exception&) {
      // A damaged link reads as the parent's first frame.
    }
    e.info.parent = ref;
    e.info.stop_with_parent = q.Int(21) != 0;
  }
  if (auto r = q.OptInt(22)) e.redrive_date = FromEpochMillis(*r);
  e.not_redrivable = q.OptText(23);
  e.info.trace_header = q.OptText(24);
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

Result<std::unique_ptr<SqliteRepository>> SqliteRepository::OpenReader(const std::string& path) {
  SFN_ASSIGN_OR_RETURN(std::unique_ptr<Database> db, Database::Open(path, /*read_only=*/true));
  SFN_RETURN_IF_ERROR(db->Exec("PRAGMA query_only=ON"));
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

Status SqliteRepository::WriteFrames(const std::string& arn, const engine::ExecutionState& state,
                                     const std::optional<std::vector<int64_t>>& touched) {
  SFN_ASSIGN_OR_RETURN(
      Statement * put,
      db_->Prepare("INSERT OR REPLACE INTO execution_frames(execution_arn, frame_id, body) "
                   "VALUES (?, ?, ?)"));
  auto write = [&](const engine::Frame& f) {
    return put->Bind(1, std::string_view(arn))
        .Bind(2, f.id)
        .Bind(3, std::string_view(DumpJson(f.ToJson())))
        .Run();
  };
  if (!touched) {
    SFN_ASSIGN_OR_RETURN(Statement * all,
                         db_->Prepare("DELETE FROM execution_frames WHERE execution_arn = ?"));
    SFN_RETURN_IF_ERROR(all->Bind(1, std::string_view(arn)).Run());
    for (const auto& [id, f] : state.frames) SFN_RETURN_IF_ERROR(write(f));
    return Status::Ok();
  }
  SFN_ASSIGN_OR_RETURN(
      Statement * gone,
      db_->Prepare("DELETE FROM execution_frames WHERE execution_arn = ? AND frame_id = ?"));
  for (int64_t id : *touched) {
    auto it = state.frames.find(id);
    if (it != state.frames.end()) {
      SFN_RETURN_IF_ERROR(write(it->second));
    } else {
      SFN_RETURN_IF_ERROR(gone->Bind(1, std::string_view(arn)).Bind(2, id).Run());
    }
  }
  return Status::Ok();
}

Status SqliteRepository::LoadFrames(engine::ExecutionRecord& record) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("SELECT body FROM execution_frames WHERE execution_arn = ? ORDER BY frame_id"));
  q->Bind(1, std::string_view(record.info.arn));
  SFN_ASSIGN_OR_RETURN(std::vector<std::string> bodies,
                       ReadAll<std::string>(q, [](const Statement& r) { return r.Text(0); }));
  for (const std::string& body : bodies) {
    SFN_ASSIGN_OR_RETURN(Json j, ParseJson(body, ErrorCode::kInternalFailure, kMaxStoredJsonDepth));
    try {
      engine::Frame f = engine::Frame::FromJson(j);
      int64_t id = f.id;
      record.state.frames.insert_or_assign(id, std::move(f));
    } catch (const Json::exception& e) {
      return Status(ErrorCode::kInternalFailure,
                    std::string("corrupt execution frame: ") + e.what());
    }
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
  SFN_RETURN_IF_ERROR(WriteExecution(r, events));
  return tx.Commit();
}

Status SqliteRepository::WriteExecution(const engine::ExecutionRecord& r,
                                        const std::vector<engine::HistoryEvent>& events) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO executions(arn, name, state_machine_arn, state_machine_name, "
                   "revision_id, role_arn, input, start_ms, status, version_arn, alias_arn, "
                   "redrive_count, state, record_version, output, error, cause, stop_ms, "
                   "parent_arn, parent_task, stop_with_parent, not_redrivable, trace_header) "
                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  std::optional<std::string> parent_arn, parent_task;
  if (r.info.parent) {
    parent_arn = r.info.parent->execution_arn;
    parent_task = r.info.parent->TaskKey();
  }
  std::optional<int64_t> stop_ms;
  if (r.stop_date) stop_ms = ToEpochMillis(*r.stop_date);
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
      .Bind(13, std::string_view(DumpJson(r.state.ToJsonWithoutFrames())))
      .Bind(14, r.record_version)
      .Bind(15, r.output)
      .Bind(16, r.error)
      .Bind(17, r.cause)
      .Bind(18, stop_ms)
      .Bind(19, parent_arn)
      .Bind(20, parent_task)
      .Bind(21, int64_t{r.info.stop_with_parent ? 1 : 0})
      .Bind(22, r.not_redrivable)
      .Bind(23, r.info.trace_header);
  SFN_RETURN_IF_ERROR(q->Run());
  SFN_RETURN_IF_ERROR(WriteFrames(r.info.arn, r.state, std::nullopt));
  SFN_RETURN_IF_ERROR(InsertEvents(r.info.arn, events));
  if (r.status == engine::ExecutionStatus::kRunning) {
    SFN_RETURN_IF_ERROR(SetTimer(r.info.arn, r.timer));
  }
  SFN_RETURN_IF_ERROR(PutMapRuns(r.map_runs));
  return PutTaskTokens(r.info.arn, r.task_tokens);
}

Status SqliteRepository::DeleteExecution(const std::string& execution_arn) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  for (const char* sql : {"DELETE FROM executions WHERE arn = ?",
                          "DELETE FROM execution_frames WHERE execution_arn = ?",
                          "DELETE FROM timers WHERE execution_arn = ?",
                          "DELETE FROM history_events WHERE execution_arn = ?"}) {
    SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(sql));
    SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(execution_arn)).Run());
  }
  return tx.Commit();
}

Result<int> SqliteRepository::DeleteExecutionsStoppedBefore(TimePoint cutoff, int limit) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  std::vector<std::string> arns;
  {
    SFN_ASSIGN_OR_RETURN(
        Statement * q,
        db_->Prepare("SELECT e.arn FROM executions e WHERE e.stop_ms IS NOT NULL AND "
                     "e.stop_ms < ? AND e.status != 'RUNNING' AND NOT EXISTS (SELECT 1 FROM "
                     "executions p WHERE p.arn = e.parent_arn AND p.status = 'RUNNING') "
                     "ORDER BY e.stop_ms LIMIT ?"));
    q->Bind(1, ToEpochMillis(cutoff)).Bind(2, static_cast<int64_t>(limit));
    while (true) {
      SFN_ASSIGN_OR_RETURN(bool row, q->Step());
      if (!row) break;
      arns.push_back(q->Text(0));
    }
    q->Reset();
  }
  for (const std::string& arn : arns) {
    for (const char* sql : {"DELETE FROM executions WHERE arn = ?",
                            "DELETE FROM execution_frames WHERE execution_arn = ?",
                            "DELETE FROM timers WHERE execution_arn = ?",
                            "DELETE FROM history_events WHERE execution_arn = ?",
                            "DELETE FROM map_runs WHERE execution_arn = ?",
                            "DELETE FROM task_tokens WHERE execution_arn = ?",
                            "DELETE FROM redrive_tokens WHERE execution_arn = ?"}) {
      SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(sql));
      SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(arn)).Run());
    }
  }
  SFN_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(arns.size());
}

Status SqliteRepository::CommitTransition(const engine::Transition& t) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_RETURN_IF_ERROR(WriteTransition(t));
  return tx.Commit();
}

Status SqliteRepository::CommitTransitions(const std::vector<const engine::Transition*>& ts) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  for (const engine::Transition* t : ts) SFN_RETURN_IF_ERROR(WriteTransition(*t));
  return tx.Commit();
}

Status SqliteRepository::CommitGroup(const std::vector<NewExecution>& starts,
                                     const std::vector<const engine::Transition*>& ts) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  for (const NewExecution& n : starts) SFN_RETURN_IF_ERROR(WriteExecution(*n.record, *n.events));
  for (const engine::Transition* t : ts) SFN_RETURN_IF_ERROR(WriteTransition(*t));
  return tx.Commit();
}

Status SqliteRepository::WriteTransition(const engine::Transition& t) {
  if (t.redrive) {
    // RedriveExecution: RUNNING again, its end forgotten until the next one.
    SFN_ASSIGN_OR_RETURN(
        Statement * r,
        db_->Prepare("UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, "
                     "cause = NULL, stop_ms = NULL, not_redrivable = NULL, redrive_count = ?, "
                     "redrive_ms = ? WHERE arn = ?"));
    SFN_RETURN_IF_ERROR(r->Bind(1, int64_t{t.redrive->redrive_count})
                            .Bind(2, ToEpochMillis(t.redrive->date))
                            .Bind(3, std::string_view(t.execution_arn))
                            .Run());
    if (t.redrive->client_token) {
      SFN_ASSIGN_OR_RETURN(
          Statement * k,
          db_->Prepare("INSERT OR REPLACE INTO redrive_tokens(execution_arn, token, redrive_ms) "
                       "VALUES (?, ?, ?)"));
      SFN_RETURN_IF_ERROR(k->Bind(1, std::string_view(t.execution_arn))
                              .Bind(2, std::string_view(*t.redrive->client_token))
                              .Bind(3, ToEpochMillis(t.redrive->date))
                              .Run());
      // AWS keeps the last 10 tokens of an execution.
      SFN_ASSIGN_OR_RETURN(
          Statement * old,
          db_->Prepare("DELETE FROM redrive_tokens WHERE execution_arn = ?1 AND token NOT IN "
                       "(SELECT token FROM redrive_tokens WHERE execution_arn = ?1 "
                       "ORDER BY redrive_ms DESC LIMIT 10)"));
      SFN_RETURN_IF_ERROR(old->Bind(1, std::string_view(t.execution_arn)).Run());
    }
  }
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("UPDATE executions SET state = ?, record_version = record_version + 1, "
                   "status = COALESCE(?, status), output = COALESCE(?, output), "
                   "error = COALESCE(?, error), cause = COALESCE(?, cause), "
                   "stop_ms = COALESCE(?, stop_ms), not_redrivable = COALESCE(?, not_redrivable) "
                   "WHERE arn = ? AND record_version = ?"));
  std::optional<std::string> status, output, error, cause, not_redrivable;
  if (t.terminal) {
    status = std::string(engine::StatusName(t.terminal->status));
    output = t.terminal->output;
    error = t.terminal->error;
    cause = t.terminal->cause;
    not_redrivable = t.terminal->not_redrivable;
  }
  std::optional<int64_t> stop_ms;
  if (t.stop_date) stop_ms = ToEpochMillis(*t.stop_date);
  q->Bind(1, std::string_view(DumpJson(t.state.ToJsonWithoutFrames())))
      .Bind(2, status)
      .Bind(3, output)
      .Bind(4, error)
      .Bind(5, cause)
      .Bind(6, stop_ms)
      .Bind(7, not_redrivable)
      .Bind(8, std::string_view(t.execution_arn))
      .Bind(9, t.expected_record_version);
  SFN_RETURN_IF_ERROR(q->Run());
  if (sqlite3_changes(db_->handle()) != 1) {
    return Status(ErrorCode::kInternalFailure,
                  "lost update on execution " + t.execution_arn + " (record version moved)");
  }
  SFN_RETURN_IF_ERROR(WriteFrames(t.execution_arn, t.state, t.touched_frames));
  SFN_RETURN_IF_ERROR(InsertEvents(t.execution_arn, t.events));
  SFN_RETURN_IF_ERROR(SetTimer(t.execution_arn, t.terminal ? std::nullopt : t.timer));
  SFN_RETURN_IF_ERROR(PutTaskTokens(t.execution_arn, t.task_tokens));
  return PutMapRuns(t.map_runs);
}

Status SqliteRepository::PutTaskTokens(const std::string& execution_arn,
                                       const std::vector<std::string>& tokens) {
  if (tokens.empty()) return Status::Ok();
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT OR REPLACE INTO task_tokens(token, execution_arn) VALUES (?, ?)"));
  for (const std::string& token : tokens) {
    SFN_RETURN_IF_ERROR(
        q->Bind(1, std::string_view(token)).Bind(2, std::string_view(execution_arn)).Run());
  }
  return Status::Ok();
}

Result<std::optional<std::string>> SqliteRepository::FindTaskToken(const std::string& token) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("SELECT execution_arn FROM task_tokens WHERE token = ?"));
  q->Bind(1, std::string_view(token));
  SFN_ASSIGN_OR_RETURN(std::vector<std::string> rows,
                       ReadAll<std::string>(q, [](const Statement& r) { return r.Text(0); }));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(rows.front()));
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::ListRunningChildren() {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string("SELECT ") + kExecutionColumnsNoState + kExecutionFrom +
                   "WHERE e.status = 'RUNNING' AND e.parent_arn IS NOT NULL "
                   "AND e.stop_with_parent = 1 ORDER BY e.seq"));
  return QueryExecutions(q);
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::ListExecutionsStartedBy(
    const std::string& parent_execution_arn) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kExecutionColumnsNoState +
                                    kExecutionFrom + "WHERE e.parent_arn = ? ORDER BY e.seq"));
  q->Bind(1, std::string_view(parent_execution_arn));
  return QueryExecutions(q);
}

// --- activities ------------------------------------------------------------------

namespace {

control::ActivityRecord ReadActivity(const Statement& q) {
  control::ActivityRecord a;
  a.arn = q.Text(0);
  a.name = q.Text(1);
  a.creation_date = FromEpochMillis(q.Int(2));
  if (auto e = q.OptText(3)) a.encryption_configuration = ParseOr(*e, Json());
  return a;
}

}  // namespace

Result<std::optional<control::ActivityRecord>> SqliteRepository::FindActivity(
    const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("SELECT arn, name, creation_ms, encryption FROM activities WHERE arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(std::vector<control::ActivityRecord> rows,
                       ReadAll<control::ActivityRecord>(q, ReadActivity));
  if (rows.empty()) return std::optional<control::ActivityRecord>();
  return std::optional<control::ActivityRecord>(std::move(rows.front()));
}

Status SqliteRepository::InsertActivity(const control::ActivityRecord& a,
                                        const control::Tags& tags) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("INSERT INTO activities(arn, name, creation_ms, encryption) "
                                    "VALUES (?, ?, ?, ?)"));
  std::optional<std::string> encryption;
  if (!a.encryption_configuration.is_null()) encryption = DumpJson(a.encryption_configuration);
  SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(a.arn))
                          .Bind(2, std::string_view(a.name))
                          .Bind(3, ToEpochMillis(a.creation_date))
                          .Bind(4, encryption)
                          .Run());
  SFN_RETURN_IF_ERROR(PutTagsNoTx(a.arn, tags));
  return tx.Commit();
}

Result<std::vector<control::ActivityRecord>> SqliteRepository::ListActivities(int64_t offset,
                                                                              int limit) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("SELECT arn, name, creation_ms, encryption FROM activities "
                                    "ORDER BY name, arn LIMIT ? OFFSET ?"));
  q->Bind(1, int64_t{limit}).Bind(2, offset);
  return ReadAll<control::ActivityRecord>(q, ReadActivity);
}

Status SqliteRepository::DeleteActivity(const std::string& arn) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  for (const char* sql :
       {"DELETE FROM activities WHERE arn = ?", "DELETE FROM tags WHERE resource_arn = ?"}) {
    SFN_ASSIGN_OR_RETURN(Statement * d, db_->Prepare(sql));
    SFN_RETURN_IF_ERROR(d->Bind(1, std::string_view(arn)).Run());
  }
  return tx.Commit();
}

Status SqliteRepository::PutMapRuns(const std::vector<engine::MapRunRecord>& runs) {
  if (runs.empty()) return Status::Ok();
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("INSERT OR REPLACE INTO map_runs(arn, execution_arn, start_ms, "
                                    "record) VALUES (?, ?, ?, ?)"));
  for (const engine::MapRunRecord& m : runs) {
    q->Bind(1, std::string_view(m.arn))
        .Bind(2, std::string_view(m.execution_arn))
        .Bind(3, ToEpochMillis(m.start))
        .Bind(4, std::string_view(DumpJson(m.ToJson())));
    SFN_RETURN_IF_ERROR(q->Run());
  }
  return Status::Ok();
}

namespace {

engine::MapRunRecord ReadMapRun(const Statement& r) {
  try {
    return engine::MapRunRecord::FromJson(ParseOr(r.Text(0), Json::object()));
  } catch (const Json::exception&) {
    return engine::MapRunRecord{};  // a damaged row reads as an empty record
  }
}

}  // namespace

Result<std::optional<engine::MapRunRecord>> SqliteRepository::FindMapRun(const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("SELECT record FROM map_runs WHERE arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(std::vector<engine::MapRunRecord> rows,
                       ReadAll<engine::MapRunRecord>(q, ReadMapRun));
  if (rows.empty()) return std::optional<engine::MapRunRecord>();
  return std::optional<engine::MapRunRecord>(std::move(rows.front()));
}

Result<std::vector<engine::MapRunRecord>> SqliteRepository::ListMapRuns(
    const std::string& execution_arn, int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare("SELECT record FROM map_runs WHERE execution_arn = ? "
                                    "ORDER BY start_ms DESC, arn LIMIT ? OFFSET ?"));
  q->Bind(1, std::string_view(execution_arn)).Bind(2, int64_t{limit}).Bind(3, offset);
  return ReadAll<engine::MapRunRecord>(q, ReadMapRun);
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::QueryExecutions(Statement* q) {
  return ReadAll<engine::ExecutionRecord>(q, ReadExecution);
}

Result<std::vector<engine::ExecutionRecord>> SqliteRepository::LoadRunningExecutions() {
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("SELECT ") + kExecutionColumns + kExecutionFrom +
                                    "WHERE e.status = 'RUNNING' ORDER BY e.seq"));
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> running, QueryExecutions(q));
  for (engine::ExecutionRecord& e : running) {
    if (!e.load_error) {
      // Damaged frame rows fail this execution at recovery, like a damaged
      // state row, never the start-up.
      if (Status frames = LoadFrames(e); !frames.ok()) e.load_error = frames.message();
    }
    if (!e.load_error) continue;
    // Where the history ends, so that the execution can be ended after it.
    SFN_ASSIGN_OR_RETURN(
        Statement * last,
        db_->Prepare("SELECT MAX(id) FROM history_events WHERE execution_arn = ?"));
    last->Bind(1, std::string_view(e.info.arn));
    SFN_ASSIGN_OR_RETURN(bool row, last->Step());
    e.state = engine::ExecutionState{};
    if (row) e.state.last_event_id = last->OptInt(0).value_or(0);
    last->Reset();
  }
  return running;
}

Result<engine::ExecutionRecord> SqliteRepository::LoadExecution(const std::string& arn) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(std::string("SELECT ") + kExecutionColumns +
                                                   kExecutionFrom + "WHERE e.arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> rows, QueryExecutions(q));
  if (rows.empty()) {
    return Status(ErrorCode::kExecutionDoesNotExist, "Execution Does Not Exist: '" + arn + "'");
  }
  SFN_RETURN_IF_ERROR(LoadFrames(rows.front()));
  return std::move(rows.front());
}

Result<std::optional<TimePoint>> SqliteRepository::FindRedriveToken(const std::string& arn,
                                                                    const std::string& token) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("SELECT redrive_ms FROM redrive_tokens "
                                                   "WHERE execution_arn = ? AND token = ?"));
  q->Bind(1, std::string_view(arn)).Bind(2, std::string_view(token));
  SFN_ASSIGN_OR_RETURN(bool row, q->Step());
  std::optional<TimePoint> out;
  if (row) out = FromEpochMillis(q->Int(0));
  q->Reset();
  return out;
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
                       db_->Prepare(std::string("SELECT ") + kExecutionColumnsNoState +
                                    kExecutionFrom + "WHERE e.arn = ?"));
  q->Bind(1, std::string_view(arn));
  SFN_ASSIGN_OR_RETURN(std::vector<engine::ExecutionRecord> rows, QueryExecutions(q));
  if (rows.empty()) return std::optional<engine::ExecutionRecord>();
  return std::optional<engine::ExecutionRecord>(std::move(rows.front()));
}

Result<std::vector<control::Positioned<engine::ExecutionRecord>>> SqliteRepository::ListExecutions(
    const control::ExecutionFilter& filter, const std::optional<control::Position>& after,
    int limit) {
  // The WHERE clause names only the filters the request has: a `?2 IS NULL
  // OR e.status = ?2` form keeps SQLite from using executions_by_status
  // (migration 10), so a status filter would read every row of the machine.
  // Each combination is its own prepared statement (Prepare caches by text).
  std::optional<std::string> status;
  if (filter.status) status = std::string(engine::StatusName(*filter.status));
  std::string sql = std::string("SELECT ") + kExecutionColumnsNoState + ", e.seq" + kExecutionFrom +
                    "WHERE e.state_machine_arn = ?1";
  if (status) sql += " AND e.status = ?2";
  if (filter.version_arn) sql += " AND e.version_arn = ?3";
  if (filter.alias_arn) sql += " AND e.alias_arn = ?4";
  if (filter.redriven)
    sql += *filter.redriven ? " AND e.redrive_count > 0" : " AND e.redrive_count = 0";
  // Keyset paging: the rows after the previous page's last (start_ms, seq).
  // The row-value comparison is a range on the index's (start_ms DESC, seq
  // DESC) columns after the equalities, so SQLite seeks to the position
  // instead of stepping over the rows before it as OFFSET did.
  if (after) sql += " AND (e.start_ms, e.seq) < (?6, ?7)";
  sql += " ORDER BY e.start_ms DESC, e.seq DESC LIMIT ?5";
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(sql));
  q->Bind(1, std::string_view(filter.state_machine_arn));
  if (status) q->Bind(2, std::string_view(*status));
  if (filter.version_arn) q->Bind(3, std::string_view(*filter.version_arn));
  if (filter.alias_arn) q->Bind(4, std::string_view(*filter.alias_arn));
  q->Bind(5, int64_t{limit});
  if (after) q->Bind(6, after->at(0)).Bind(7, after->at(1));
  return ReadAll<control::Positioned<engine::ExecutionRecord>>(
      q, [](const Statement& r) -> Result<control::Positioned<engine::ExecutionRecord>> {
        SFN_ASSIGN_OR_RETURN(engine::ExecutionRecord e, ReadExecution(r));
        return control::Positioned<engine::ExecutionRecord>{
            std::move(e), {r.Int(kExecutionStartColumn), r.Int(kExecutionSeqColumn)}};
      });
}

Result<std::vector<engine::HistoryEvent>> SqliteRepository::ListEvents(
    const std::string& execution_arn, bool reverse, std::optional<int64_t> after_id, int limit) {
  // Keyset paging on the primary key (execution_arn, id): a page seeks to the
  // event after the previous page's last. Without a position the bound is
  // the end of the int64 range, so each direction is one statement.
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string("SELECT id, previous_id, ts_ms, type, details_key, details FROM "
                               "history_events WHERE execution_arn = ? AND id ") +
                   (reverse ? "< ? ORDER BY id DESC" : "> ? ORDER BY id ASC") + " LIMIT ?"));
  int64_t bound = after_id.value_or(reverse ? std::numeric_limits<int64_t>::max()
                                            : std::numeric_limits<int64_t>::min());
  q->Bind(1, std::string_view(execution_arn)).Bind(2, bound).Bind(3, int64_t{limit});
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
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(std::string("SELECT ") + kStateMachineColumns +
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
                   "type, role_arn, definition, logging, tracing, created_ms, encryption, "
                   "revised) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
  return q->Bind(1, std::string_view(r.revision_id))
      .Bind(2, std::string_view(r.state_machine_arn))
      .Bind(3, std::string_view(r.name))
      .Bind(4, std::string_view(r.type))
      .Bind(5, std::string_view(r.role_arn))
      .Bind(6, std::string_view(r.definition))
      .Bind(7, std::string_view(DumpJson(r.logging_configuration)))
      .Bind(8, std::string_view(DumpJson(r.tracing_configuration)))
      .Bind(9, ToEpochMillis(r.created))
      .Bind(10, std::string_view(DumpJson(r.encryption_configuration)))
      .Bind(11, int64_t{r.revised ? 1 : 0})
      .Run();
}

Status SqliteRepository::InsertStateMachine(const control::StateMachineRecord& sm,
                                            const control::RevisionRecord& revision,
                                            const control::Tags& tags) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q,
                       db_->Prepare(std::string("INSERT INTO state_machines(") +
                                    kStateMachineColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)"));
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
      .Bind(11, update_ms)
      .Bind(12, std::string_view(DumpJson(sm.encryption_configuration)))
      .Bind(13, int64_t{sm.revised ? 1 : 0});
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
                   "description = ?, logging = ?, tracing = ?, update_ms = ?, encryption = ?, "
                   "revised = ? WHERE arn = ?"));
  std::optional<int64_t> update_ms;
  if (sm.update_date) update_ms = ToEpochMillis(*sm.update_date);
  q->Bind(1, std::string_view(sm.role_arn))
      .Bind(2, std::string_view(sm.definition))
      .Bind(3, std::string_view(sm.revision_id))
      .Bind(4, std::string_view(sm.description))
      .Bind(5, std::string_view(DumpJson(sm.logging_configuration)))
      .Bind(6, std::string_view(DumpJson(sm.tracing_configuration)))
      .Bind(7, update_ms)
      .Bind(8, std::string_view(DumpJson(sm.encryption_configuration)))
      .Bind(9, int64_t{sm.revised ? 1 : 0})
      .Bind(10, std::string_view(sm.arn));
  SFN_RETURN_IF_ERROR(q->Run());
  if (rev) SFN_RETURN_IF_ERROR(InsertRevision(*rev));
  return tx.Commit();
}

Status SqliteRepository::DeleteStateMachine(const std::string& arn) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("DELETE FROM state_machines WHERE arn = ?"));
  SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(arn)).Run());
  // AWS: "This API action also deletes all versions and aliases associated
  // with a state machine."
  for (const char* sql : {"DELETE FROM tags WHERE resource_arn = ?",
                          "DELETE FROM state_machine_versions WHERE state_machine_arn = ?",
                          "DELETE FROM state_machine_aliases WHERE state_machine_arn = ?"}) {
    SFN_ASSIGN_OR_RETURN(Statement * d, db_->Prepare(sql));
    SFN_RETURN_IF_ERROR(d->Bind(1, std::string_view(arn)).Run());
  }
  return tx.Commit();
}

Result<std::vector<control::StateMachineRecord>> SqliteRepository::ListStateMachines(int64_t offset,
                                                                                     int limit) {
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
                   "logging, tracing, created_ms, encryption, revised FROM state_machine_revisions "
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
                                  ParseOr(q->Text(9), Json::object()),
                                  FromEpochMillis(q->Int(8)),
                                  q->Int(10) != 0};
  }
  q->Reset();
  return out;
}

// --- versions ------------------------------------------------------------------

Result<control::VersionRecord> SqliteRepository::InsertVersion(const control::VersionRecord& v) {
  Transaction tx(*db_);
  SFN_RETURN_IF_ERROR(tx.Begin());
  SFN_ASSIGN_OR_RETURN(
      Statement * bump,
      db_->Prepare("UPDATE state_machines SET last_version = last_version + 1 WHERE arn = ? "
                   "RETURNING last_version"));
  bump->Bind(1, std::string_view(v.state_machine_arn));
  SFN_ASSIGN_OR_RETURN(std::vector<int64_t> numbers,
                       ReadAll<int64_t>(bump, [](const Statement& r) { return r.Int(0); }));
  if (numbers.empty()) {
    return Status(ErrorCode::kStateMachineDoesNotExist,
                  "State Machine Does Not Exist: '" + v.state_machine_arn + "'");
  }
  control::VersionRecord out = v;
  out.number = numbers.front();
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO state_machine_versions(state_machine_arn, number, revision_id, "
                   "description, creation_ms) VALUES (?,?,?,?,?)"));
  SFN_RETURN_IF_ERROR(q->Bind(1, std::string_view(out.state_machine_arn))
                          .Bind(2, out.number)
                          .Bind(3, std::string_view(out.revision_id))
                          .Bind(4, std::string_view(out.description))
                          .Bind(5, ToEpochMillis(out.creation_date))
                          .Run());
  SFN_RETURN_IF_ERROR(tx.Commit());
  return out;
}

namespace {

constexpr char kVersionSelect[] =
    "SELECT state_machine_arn, number, revision_id, description, creation_ms "
    "FROM state_machine_versions ";

control::VersionRecord ReadVersion(const Statement& q) {
  return control::VersionRecord{q.Text(0), q.Int(1), q.Text(2), q.Text(3),
                                FromEpochMillis(q.Int(4))};
}

Result<std::optional<control::VersionRecord>> FirstVersion(Statement* q) {
  SFN_ASSIGN_OR_RETURN(std::vector<control::VersionRecord> rows,
                       ReadAll<control::VersionRecord>(q, ReadVersion));
  if (rows.empty()) return std::optional<control::VersionRecord>();
  return std::optional<control::VersionRecord>(std::move(rows.front()));
}

constexpr char kAliasSelect[] =
    "SELECT state_machine_arn, name, description, version1, weight1, version2, weight2, "
    "creation_ms, update_ms FROM state_machine_aliases ";

control::AliasRecord ReadAlias(const Statement& q) {
  control::AliasRecord a;
  a.state_machine_arn = q.Text(0);
  a.name = q.Text(1);
  a.description = q.Text(2);
  a.routing.push_back({q.Int(3), static_cast<int>(q.Int(4))});
  if (auto v2 = q.OptInt(5)) a.routing.push_back({*v2, static_cast<int>(q.OptInt(6).value_or(0))});
  a.creation_date = FromEpochMillis(q.Int(7));
  if (auto u = q.OptInt(8)) a.update_date = FromEpochMillis(*u);
  return a;
}

}  // namespace

Result<std::optional<control::VersionRecord>> SqliteRepository::FindVersion(
    const std::string& state_machine_arn, int64_t number) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(std::string(kVersionSelect) +
                                                   "WHERE state_machine_arn = ? AND number = ?"));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, number);
  return FirstVersion(q);
}

Result<std::optional<control::VersionRecord>> SqliteRepository::FindVersionOfRevision(
    const std::string& state_machine_arn, const std::string& revision_id) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string(kVersionSelect) + "WHERE state_machine_arn = ? AND revision_id = ? "
                                                 "ORDER BY number DESC LIMIT 1"));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, std::string_view(revision_id));
  return FirstVersion(q);
}

Result<std::vector<control::VersionRecord>> SqliteRepository::ListVersions(
    const std::string& state_machine_arn, int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare(std::string(kVersionSelect) + "WHERE state_machine_arn = ? ORDER BY number DESC "
                                                 "LIMIT ? OFFSET ?"));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, int64_t{limit}).Bind(3, offset);
  return ReadAll<control::VersionRecord>(q, ReadVersion);
}

Status SqliteRepository::DeleteVersion(const std::string& state_machine_arn, int64_t number) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare("DELETE FROM state_machine_versions "
                                                   "WHERE state_machine_arn = ? AND number = ?"));
  return q->Bind(1, std::string_view(state_machine_arn)).Bind(2, number).Run();
}

// --- aliases -------------------------------------------------------------------

Result<std::optional<control::AliasRecord>> SqliteRepository::FindAlias(
    const std::string& state_machine_arn, const std::string& name) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(std::string(kAliasSelect) +
                                                   "WHERE state_machine_arn = ? AND name = ?"));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, std::string_view(name));
  SFN_ASSIGN_OR_RETURN(std::vector<control::AliasRecord> rows,
                       ReadAll<control::AliasRecord>(q, ReadAlias));
  if (rows.empty()) return std::optional<control::AliasRecord>();
  return std::optional<control::AliasRecord>(std::move(rows.front()));
}

Status SqliteRepository::PutAlias(const control::AliasRecord& a) {
  if (a.routing.empty() || a.routing.size() > 2) {
    return Status(ErrorCode::kInternalFailure, "an alias routes to one or two versions");
  }
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("INSERT INTO state_machine_aliases(state_machine_arn, name, description, "
                   "version1, weight1, version2, weight2, creation_ms, update_ms, seq) "
                   "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9, (SELECT COALESCE(MAX(seq), 0) + 1 FROM "
                   "state_machine_aliases)) ON CONFLICT(state_machine_arn, name) DO UPDATE SET "
                   "description = excluded.description, version1 = excluded.version1, "
                   "weight1 = excluded.weight1, version2 = excluded.version2, "
                   "weight2 = excluded.weight2, creation_ms = excluded.creation_ms, "
                   "update_ms = excluded.update_ms"));
  std::optional<int64_t> version2, weight2, update_ms;
  if (a.routing.size() == 2) {
    version2 = a.routing[1].version;
    weight2 = a.routing[1].weight;
  }
  if (a.update_date) update_ms = ToEpochMillis(*a.update_date);
  return q->Bind(1, std::string_view(a.state_machine_arn))
      .Bind(2, std::string_view(a.name))
      .Bind(3, std::string_view(a.description))
      .Bind(4, a.routing[0].version)
      .Bind(5, int64_t{a.routing[0].weight})
      .Bind(6, version2)
      .Bind(7, weight2)
      .Bind(8, ToEpochMillis(a.creation_date))
      .Bind(9, update_ms)
      .Run();
}

Result<std::vector<control::AliasRecord>> SqliteRepository::ListAliases(
    const std::string& state_machine_arn, int64_t offset, int limit) {
  SFN_ASSIGN_OR_RETURN(Statement * q, db_->Prepare(std::string(kAliasSelect) +
                                                   "WHERE state_machine_arn = ? ORDER BY seq "
                                                   "LIMIT ? OFFSET ?"));
  q->Bind(1, std::string_view(state_machine_arn)).Bind(2, int64_t{limit}).Bind(3, offset);
  return ReadAll<control::AliasRecord>(q, ReadAlias);
}

Status SqliteRepository::DeleteAlias(const std::string& state_machine_arn,
                                     const std::string& name) {
  SFN_ASSIGN_OR_RETURN(
      Statement * q,
      db_->Prepare("DELETE FROM state_machine_aliases WHERE state_machine_arn = ? AND name = ?"));
  return q->Bind(1, std::string_view(state_machine_arn)).Bind(2, std::string_view(name)).Run();
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
    SFN_RETURN_IF_ERROR(
        q->Bind(1, std::string_view(resource_arn)).Bind(2, std::string_view(k)).Run());
  }
  return tx.Commit();
}

}  // namespace sfn::store
