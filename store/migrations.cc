#include "store/migrations.h"

#include <string>
#include <vector>

namespace sfn::store {
namespace {

// Index i holds the migration to version i + 1. Never edit a shipped entry;
// append a new one.
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> kMigrations = {
      R"sql(
CREATE TABLE state_machines (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  definition TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  logging TEXT NOT NULL,
  tracing TEXT NOT NULL,
  creation_ms INTEGER NOT NULL,
  update_ms INTEGER
);
CREATE TABLE state_machine_revisions (
  revision_id TEXT PRIMARY KEY,
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  definition TEXT NOT NULL,
  logging TEXT NOT NULL,
  tracing TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
CREATE TABLE executions (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  arn TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  state_machine_arn TEXT NOT NULL,
  state_machine_name TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  input TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  status TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  stop_ms INTEGER,
  version_arn TEXT,
  alias_arn TEXT,
  redrive_count INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL,
  record_version INTEGER NOT NULL
);
CREATE INDEX executions_by_machine ON executions(state_machine_arn, start_ms DESC, seq DESC);
CREATE INDEX executions_running ON executions(status) WHERE status = 'RUNNING';
CREATE TABLE history_events (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  details_key TEXT NOT NULL,
  details TEXT NOT NULL,
  PRIMARY KEY (execution_arn, id)
) WITHOUT ROWID;
CREATE TABLE timers (
  execution_arn TEXT PRIMARY KEY,
  fire_at_ms INTEGER NOT NULL
);
CREATE INDEX timers_by_time ON timers(fire_at_ms);
CREATE TABLE tags (
  resource_arn TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (resource_arn, key)
);
)sql",
      // 2: state machine versions and aliases (issue 5). A version names one
      // immutable revision; `last_version` keeps numbers from being reused
      // after DeleteStateMachineVersion.
      R"sql(
ALTER TABLE state_machines ADD COLUMN last_version INTEGER NOT NULL DEFAULT 0;
CREATE TABLE state_machine_versions (
  state_machine_arn TEXT NOT NULL,
  number INTEGER NOT NULL,
  revision_id TEXT NOT NULL REFERENCES state_machine_revisions(revision_id),
  description TEXT NOT NULL DEFAULT '',
  creation_ms INTEGER NOT NULL,
  PRIMARY KEY (state_machine_arn, number)
);
CREATE INDEX state_machine_versions_by_revision
  ON state_machine_versions(state_machine_arn, revision_id);
CREATE TABLE state_machine_aliases (
  state_machine_arn TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  version1 INTEGER NOT NULL,
  weight1 INTEGER NOT NULL,
  version2 INTEGER,
  weight2 INTEGER,
  creation_ms INTEGER NOT NULL,
  update_ms INTEGER,
  seq INTEGER NOT NULL,  -- creation order, for ListStateMachineAliases
  PRIMARY KEY (state_machine_arn, name)
);
CREATE INDEX executions_by_version
  ON executions(version_arn, start_ms DESC, seq DESC) WHERE version_arn IS NOT NULL;
CREATE INDEX executions_by_alias
  ON executions(alias_arn, start_ms DESC, seq DESC) WHERE alias_arn IS NOT NULL;
)sql",
      // 3: distributed Map runs (DescribeMapRun, ListMapRuns).
      R"sql(
CREATE TABLE map_runs (
  arn TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX map_runs_by_execution ON map_runs(execution_arn, start_ms DESC);
)sql",
      // 4: Lambda functions, their versions (immutable snapshots; $LATEST is
      // version_num 0) and aliases. Code lives in <data-dir>/lambda.
      R"sql(
CREATE TABLE lambda_functions (
  name TEXT PRIMARY KEY,
  last_version INTEGER NOT NULL,
  published_revision TEXT NOT NULL DEFAULT '',
  tags TEXT NOT NULL DEFAULT '{}',
  created_ms INTEGER NOT NULL
);
CREATE TABLE lambda_versions (
  function_name TEXT NOT NULL,
  version_num INTEGER NOT NULL,
  runtime TEXT NOT NULL,
  handler TEXT NOT NULL,
  role TEXT NOT NULL,
  description TEXT NOT NULL,
  timeout INTEGER NOT NULL,
  memory_size INTEGER NOT NULL,
  environment TEXT NOT NULL,
  code_sha256 TEXT NOT NULL,
  code_size INTEGER NOT NULL,
  code_dir TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  last_modified TEXT NOT NULL,
  PRIMARY KEY (function_name, version_num)
) WITHOUT ROWID;
CREATE TABLE lambda_aliases (
  function_name TEXT NOT NULL,
  name TEXT NOT NULL,
  function_version TEXT NOT NULL,
  description TEXT NOT NULL,
  weights TEXT NOT NULL,
  revision_id TEXT NOT NULL,
  PRIMARY KEY (function_name, name)
) WITHOUT ROWID;
)sql",
      // 5: activities, the task-token index (a token finds its execution,
      // also after the task ended), and the Task that started a nested
      // execution ("<frame>/<attempt>" of the parent's execution).
      R"sql(
CREATE TABLE activities (
  arn TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  creation_ms INTEGER NOT NULL,
  encryption TEXT
);
CREATE TABLE task_tokens (
  token TEXT PRIMARY KEY,
  execution_arn TEXT NOT NULL
) WITHOUT ROWID;
ALTER TABLE executions ADD COLUMN parent_arn TEXT;
ALTER TABLE executions ADD COLUMN parent_task TEXT;
ALTER TABLE executions ADD COLUMN stop_with_parent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX executions_by_parent ON executions(parent_arn, parent_task)
  WHERE parent_arn IS NOT NULL;
)sql",
      // 6: RedriveExecution (issue 18): when an execution was last redriven,
      // why it cannot be (set when its end made that impossible), and the
      // client tokens of recent redrives (idempotent retries).
      R"sql(
ALTER TABLE executions ADD COLUMN redrive_ms INTEGER;
ALTER TABLE executions ADD COLUMN not_redrivable TEXT;
CREATE TABLE redrive_tokens (
  execution_arn TEXT NOT NULL,
  token TEXT NOT NULL,
  redrive_ms INTEGER NOT NULL,
  PRIMARY KEY (execution_arn, token)
) WITHOUT ROWID;
)sql",
      // 7: what a caller sets and AWS returns (issue 15): a state machine's
      // encryption configuration, whether a revision came from an update
      // (AWS shows revisionId only then; rows from before answer as they did),
      // an execution's traceHeader, and the Lambda configuration members the
      // emulator keeps without acting on them (Architectures, TracingConfig,
      // ...), as JSON.
      R"sql(
ALTER TABLE state_machines ADD COLUMN encryption TEXT NOT NULL DEFAULT '{"type":"AWS_OWNED_KEY"}';
ALTER TABLE state_machines ADD COLUMN revised INTEGER NOT NULL DEFAULT 1;
ALTER TABLE state_machine_revisions
  ADD COLUMN encryption TEXT NOT NULL DEFAULT '{"type":"AWS_OWNED_KEY"}';
ALTER TABLE state_machine_revisions ADD COLUMN revised INTEGER NOT NULL DEFAULT 1;
ALTER TABLE executions ADD COLUMN trace_header TEXT;
ALTER TABLE lambda_versions ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
)sql",
      // 8: the live frames of an execution's state, one row each (issue 16):
      // a commit rewrites only the frames its step changed, so a Map with
      // thousands of iterations in flight no longer writes all of them at
      // every commit. `executions.state` then holds the rest of the state
      // (no "frames" member); rows written before keep their frames inline.
      R"sql(
CREATE TABLE execution_frames (
  execution_arn TEXT NOT NULL,
  frame_id INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (execution_arn, frame_id)
) WITHOUT ROWID;
)sql",
      // 9: a Lambda function's reserved concurrency (PutFunctionConcurrency).
      R"sql(
CREATE TABLE lambda_concurrency (
  function_name TEXT PRIMARY KEY,
  reserved INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
      // 10: ListExecutions with a statusFilter (issue 16): the rows of one
      // machine and status in the order the list returns them, so a filtered
      // page reads only its own rows instead of all of the machine's.
      R"sql(
CREATE INDEX executions_by_status ON executions(state_machine_arn, status, start_ms DESC, seq DESC);
)sql",
      // 11: retention (--retention-days, issue 16): finished executions in
      // the order they stopped, and the task tokens of one execution, so that
      // a background batch finds and removes the expired ones without a scan.
      R"sql(
CREATE INDEX executions_by_stop ON executions(stop_ms) WHERE stop_ms IS NOT NULL;
CREATE INDEX task_tokens_by_execution ON task_tokens(execution_arn);
)sql",
      // 12: history events and frames as rowid tables with a unique index on
      // (execution, id) (issue 16, part 2). As WITHOUT ROWID tables the whole
      // row was the B-tree key: a large row (an ExecutionStarted with a big
      // input, a Map's frame with its items and results) spilled onto
      // overflow pages, and SQLite reads such a key in full each time a
      // search passes it, so every insert or delete near it copied it (the
      // largest cost of a Map's commit). The index now holds only the key;
      // the rows sit in rowid order, appended.
      R"sql(
CREATE TABLE history_events_v12 (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  details_key TEXT NOT NULL,
  details TEXT NOT NULL
);
INSERT INTO history_events_v12(execution_arn, id, previous_id, ts_ms, type, details_key, details)
  SELECT execution_arn, id, previous_id, ts_ms, type, details_key, details FROM history_events
  ORDER BY execution_arn, id;
DROP TABLE history_events;
ALTER TABLE history_events_v12 RENAME TO history_events;
CREATE UNIQUE INDEX history_events_by_execution ON history_events(execution_arn, id);
CREATE TABLE execution_frames_v12 (
  execution_arn TEXT NOT NULL,
  frame_id INTEGER NOT NULL,
  body TEXT NOT NULL
);
INSERT INTO execution_frames_v12(execution_arn, frame_id, body)
  SELECT execution_arn, frame_id, body FROM execution_frames ORDER BY execution_arn, frame_id;
DROP TABLE execution_frames;
ALTER TABLE execution_frames_v12 RENAME TO execution_frames;
CREATE UNIQUE INDEX execution_frames_by_execution ON execution_frames(execution_arn, frame_id);
)sql",
  };
  return kMigrations;
}

}  // namespace

Status Migrate(Database& db) {
  SFN_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"));
  int current = 0;
  {
    SFN_ASSIGN_OR_RETURN(Statement * q,
                         db.Prepare("SELECT value FROM meta WHERE key = 'schema_version'"));
    SFN_ASSIGN_OR_RETURN(bool row, q->Step());
    if (row) current = std::stoi(q->Text(0));
    q->Reset();
  }
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return Status(ErrorCode::kInternalFailure,
                  "the database was written by a newer sfn-emulator (schema version " +
                      std::to_string(current) + "; this binary knows up to " +
                      std::to_string(migrations.size()) +
                      "); refusing to open it. Use a newer sfn-emulator or another --data-dir.");
  }
  for (int v = current; v < static_cast<int>(migrations.size()); ++v) {
    Transaction tx(db);
    SFN_RETURN_IF_ERROR(tx.Begin());
    SFN_RETURN_IF_ERROR(db.Exec(migrations[static_cast<size_t>(v)]));
    SFN_RETURN_IF_ERROR(
        db.Exec("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '" +
                std::to_string(v + 1) + "')"));
    SFN_RETURN_IF_ERROR(tx.Commit());
  }
  return Status::Ok();
}

}  // namespace sfn::store
