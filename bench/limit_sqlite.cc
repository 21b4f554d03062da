// sfn-limit-sqlite: the machine's SQLite write limit for bench/run (issue 16,
// part 6).
//
//   sfn-limit-sqlite --dir D [--seconds S]
//
// Bare SQLite (no emulator code) on a fresh database file in D, opened with
// the emulator's pragmas (WAL, synchronous=NORMAL, foreign_keys=ON) and the
// tables and indexes the emulator writes on its hot path (executions,
// execution_frames, history_events, timers; store/migrations.cc). Measures,
// for S seconds each (default 1):
//   start       batched inserts shaped like a started execution: its row, one
//               frame row and 4 history events (a one-Pass execution's
//               ExecutionStarted .. ExecutionSucceeded), at several batch sizes
//   transition  batched state transitions of running executions: the row's
//               state and record_version updated (guarded as the store does),
//               one frame row replaced and 2 history events inserted
//   chain20     the 1,000 x 20 states workload (bench.py t): a 20-state Pass
//               chain run to its end within its start, in batches of 64 (the
//               starting connections): its row and 42 history events (no
//               frame row is left), reported as transitions/s (20 each)
//   map_item    an inline Map's iterations (bench.py m), 1,000 a batch (the
//               driver's step budget): per item its frame row written and
//               deleted and 4 history events; per batch the execution's row
//               and the Map's frame row updated
// Prints one JSON line: {"start": {"<batch>": starts/s, ...}, "start_rows": ..,
// "transition": transitions/s, "transition_rows": rows/s, "chain20":
// transitions/s, "map_item": iterations/s}. Prepared
// statements are reused, as the store caches them. Not part of the emulator.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kSchema[] = R"sql(
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
  record_version INTEGER NOT NULL,
  parent_arn TEXT,
  parent_task TEXT,
  stop_with_parent INTEGER NOT NULL DEFAULT 0,
  redrive_ms INTEGER,
  not_redrivable TEXT,
  trace_header TEXT
);
CREATE INDEX executions_by_machine ON executions(state_machine_arn, start_ms DESC, seq DESC);
CREATE INDEX executions_running ON executions(status) WHERE status = 'RUNNING';
CREATE INDEX executions_by_version
  ON executions(version_arn, start_ms DESC, seq DESC) WHERE version_arn IS NOT NULL;
CREATE INDEX executions_by_alias
  ON executions(alias_arn, start_ms DESC, seq DESC) WHERE alias_arn IS NOT NULL;
CREATE INDEX executions_by_parent ON executions(parent_arn, parent_task)
  WHERE parent_arn IS NOT NULL;
CREATE TABLE history_events (
  execution_arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  ts_ms INTEGER NOT NULL,
  type TEXT NOT NULL,
  details_key TEXT NOT NULL,
  details TEXT NOT NULL
);
CREATE UNIQUE INDEX history_events_by_execution ON history_events(execution_arn, id);
CREATE TABLE timers (
  execution_arn TEXT PRIMARY KEY,
  fire_at_ms INTEGER NOT NULL
);
CREATE INDEX timers_by_time ON timers(fire_at_ms);
CREATE TABLE execution_frames (
  execution_arn TEXT NOT NULL,
  frame_id INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE UNIQUE INDEX execution_frames_by_execution ON execution_frames(execution_arn, frame_id);
)sql";

const char* const kMachine = "arn:aws:states:us-east-1:123456789012:stateMachine:rate";
const char* const kState =
    R"({"next_frame_id":2,"next_event_id":5,"done":true,"redrive":[],"map_runs":0})";
const char* const kFrame =
    R"({"id":1,"parent":0,"state":"A","input":{},"attempt":0,"entered_event":2,"vars":{}})";
const char* const kMapFrame =
    R"({"id":1,"parent":0,"state":"P","input":17,"attempt":0,"entered_event":9,"vars":{}})";
struct EventShape {
  const char* type;
  const char* key;
  const char* details;
};
const EventShape kStartEvents[] = {
    {"ExecutionStarted", "executionStartedEventDetails",
     R"({"input":"{}","inputDetails":{"truncated":false},"roleArn":"arn:aws:iam::123456789012:role/bench"})"},
    {"PassStateEntered", "stateEnteredEventDetails",
     R"({"name":"A","input":"{}","inputDetails":{"truncated":false}})"},
    {"PassStateExited", "stateExitedEventDetails",
     R"({"name":"A","output":"{}","outputDetails":{"truncated":false}})"},
    {"ExecutionSucceeded", "executionSucceededEventDetails",
     R"({"output":"{}","outputDetails":{"truncated":false}})"},
};

const EventShape kMapEvents[] = {
    {"MapIterationStarted", "mapIterationStartedEventDetails", R"({"name":"M","index":17})"},
    {"PassStateEntered", "stateEnteredEventDetails",
     R"({"name":"P","input":"17","inputDetails":{"truncated":false}})"},
    {"PassStateExited", "stateExitedEventDetails",
     R"({"name":"P","output":"17","outputDetails":{"truncated":false}})"},
    {"MapIterationSucceeded", "mapIterationSucceededEventDetails", R"({"name":"M","index":17})"},
};

void Check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* s = nullptr;
  Check(sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr), db, sql);
  return s;
}

void Text(sqlite3_stmt* s, int i, const std::string& v) {
  sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void Text(sqlite3_stmt* s, int i, const char* v) { sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC); }

void Run(sqlite3* db, sqlite3_stmt* s) {
  Check(sqlite3_step(s), db, sqlite3_sql(s));
  sqlite3_reset(s);
}

struct Db {
  sqlite3* db = nullptr;
  sqlite3_stmt* insert_execution = nullptr;
  sqlite3_stmt* put_frame = nullptr;
  sqlite3_stmt* insert_event = nullptr;
  sqlite3_stmt* update_execution = nullptr;
  sqlite3_stmt* delete_frame = nullptr;
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* commit = nullptr;
  long next_execution = 0;

  explicit Db(const std::string& path) {
    std::remove(path.c_str());
    Check(sqlite3_open(path.c_str(), &db), db, path.c_str());
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA synchronous=NORMAL");
    Exec(db, "PRAGMA foreign_keys=ON");
    Exec(db, kSchema);
    insert_execution = Prepare(
        db,
        "INSERT INTO executions(arn, name, state_machine_arn, state_machine_name, revision_id, "
        "role_arn, input, start_ms, status, version_arn, alias_arn, redrive_count, state, "
        "record_version, output, error, cause, stop_ms, parent_arn, parent_task, "
        "stop_with_parent, not_redrivable, trace_header) "
        "VALUES (?,?,?,'rate','rev-1','arn:aws:iam::123456789012:role/bench','{}',?,?,NULL,NULL,"
        "0,?,1,'{}',NULL,NULL,?,NULL,NULL,0,NULL,NULL)");
    put_frame = Prepare(db,
                        "INSERT OR REPLACE INTO execution_frames(execution_arn, frame_id, body) "
                        "VALUES (?, ?, ?)");
    insert_event = Prepare(db,
                           "INSERT INTO history_events(execution_arn, id, previous_id, ts_ms, "
                           "type, details_key, details) VALUES (?,?,?,?,?,?,?)");
    update_execution = Prepare(
        db,
        "UPDATE executions SET state = ?, record_version = record_version + 1, "
        "status = COALESCE(?, status), output = COALESCE(?, output), error = COALESCE(?, error), "
        "cause = COALESCE(?, cause), stop_ms = COALESCE(?, stop_ms), "
        "not_redrivable = COALESCE(?, not_redrivable) WHERE arn = ? AND record_version = ?");
    delete_frame =
        Prepare(db, "DELETE FROM execution_frames WHERE execution_arn = ? AND frame_id = ?");
    begin = Prepare(db, "BEGIN");
    commit = Prepare(db, "COMMIT");
  }
  ~Db() {
    for (sqlite3_stmt* s : {insert_execution, put_frame, insert_event, update_execution,
                            delete_frame, begin, commit}) {
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
  }

  static std::string Arn(long n) {
    return "arn:aws:states:us-east-1:123456789012:execution:rate:c8-" + std::to_string(n);
  }

  void Event(const std::string& arn, int64_t id, int64_t ts, const EventShape& e) {
    Text(insert_event, 1, arn);
    sqlite3_bind_int64(insert_event, 2, id);
    sqlite3_bind_int64(insert_event, 3, id - 1);
    sqlite3_bind_int64(insert_event, 4, ts);
    Text(insert_event, 5, e.type);
    Text(insert_event, 6, e.key);
    Text(insert_event, 7, e.details);
    Run(db, insert_event);
  }

  // One started execution: 6 rows. `status`: its status after the first step.
  void Start(const char* status) {
    std::string arn = Arn(next_execution++);
    int64_t ts = 1764700800000 + next_execution;
    Text(insert_execution, 1, arn);
    Text(insert_execution, 2, arn.substr(arn.rfind(':') + 1));
    Text(insert_execution, 3, kMachine);
    sqlite3_bind_int64(insert_execution, 4, ts);
    Text(insert_execution, 5, status);
    Text(insert_execution, 6, kState);
    sqlite3_bind_int64(insert_execution, 7, ts);
    Run(db, insert_execution);
    Text(put_frame, 1, arn);
    sqlite3_bind_int64(put_frame, 2, 1);
    Text(put_frame, 3, kFrame);
    Run(db, put_frame);
    for (int i = 0; i < 4; ++i) Event(arn, i + 1, ts, kStartEvents[i]);
  }

  // A `states`-state Pass chain that ended within its start: its row and
  // 2 * states + 2 events.
  void Chain(int states) {
    std::string arn = Arn(next_execution++);
    int64_t ts = 1764700800000 + next_execution;
    Text(insert_execution, 1, arn);
    Text(insert_execution, 2, arn.substr(arn.rfind(':') + 1));
    Text(insert_execution, 3, kMachine);
    sqlite3_bind_int64(insert_execution, 4, ts);
    Text(insert_execution, 5, "SUCCEEDED");
    Text(insert_execution, 6, kState);
    sqlite3_bind_int64(insert_execution, 7, ts);
    Run(db, insert_execution);
    int64_t id = 1;
    Event(arn, id++, ts, kStartEvents[0]);
    for (int i = 0; i < states; ++i) {
      Event(arn, id++, ts, kStartEvents[1]);
      Event(arn, id++, ts, kStartEvents[2]);
    }
    Event(arn, id++, ts, kStartEvents[3]);
  }

  // One inline Map iteration of execution `n` (frame `frame`, first event
  // `event`): its frame written and deleted, 4 events.
  void MapItem(long n, int64_t frame, int64_t event) {
    std::string arn = Arn(n);
    Text(put_frame, 1, arn);
    sqlite3_bind_int64(put_frame, 2, frame);
    Text(put_frame, 3, kMapFrame);
    Run(db, put_frame);
    for (int i = 0; i < 4; ++i) Event(arn, event + i, 1764700800000 + event, kMapEvents[i]);
    Text(delete_frame, 1, arn);
    sqlite3_bind_int64(delete_frame, 2, frame);
    Run(db, delete_frame);
  }

  // One transition of execution `n` (started RUNNING, `version` its row's
  // record_version, `event` its next event id): 4 rows.
  void Transition(long n, int64_t version, int64_t event) {
    std::string arn = Arn(n);
    Text(update_execution, 1, kState);
    for (int i = 2; i <= 7; ++i) sqlite3_bind_null(update_execution, i);
    Text(update_execution, 8, arn);
    sqlite3_bind_int64(update_execution, 9, version);
    Run(db, update_execution);
    if (sqlite3_changes(db) != 1) {
      std::fprintf(stderr, "transition of %s found no row\n", arn.c_str());
      std::exit(1);
    }
    Text(put_frame, 1, arn);
    sqlite3_bind_int64(put_frame, 2, 1);
    Text(put_frame, 3, kFrame);
    Run(db, put_frame);
    Event(arn, event, 1764700800000 + event, kStartEvents[2]);
    Event(arn, event + 1, 1764700800000 + event, kStartEvents[1]);
  }
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  double seconds = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--dir") {
      dir = v;
    } else if (k == "--seconds") {
      seconds = std::atof(v.c_str());
    } else {
      std::fprintf(stderr, "unknown flag %s\n", k.c_str());
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: sfn-limit-sqlite --dir D [--seconds S]\n");
    return 2;
  }
  std::string out = "{\"start\": {";
  double start_rows = 0;
  const std::vector<int> batches = {1, 8, 64, 256};
  for (size_t b = 0; b < batches.size(); ++b) {
    Db db(dir + "/limit-start.db");
    long done = 0;
    auto t0 = Clock::now();
    while (Seconds(t0) < seconds) {
      Run(db.db, db.begin);
      for (int i = 0; i < batches[b]; ++i) db.Start("SUCCEEDED");
      Run(db.db, db.commit);
      done += batches[b];
    }
    double rate = done / Seconds(t0);
    start_rows = std::max(start_rows, rate * 6);
    out += (b ? ", \"" : "\"") + std::to_string(batches[b]) + "\": " + std::to_string(rate);
  }
  out += "}, \"start_rows\": " + std::to_string(start_rows);
  {
    // 1,000 running executions, stepped round-robin in batches of 256 (the
    // driver's kBatch), as the 1,000 x 20 states workload does.
    constexpr long kExecutions = 1000;
    constexpr int kBatch = 256;
    Db db(dir + "/limit-transition.db");
    Run(db.db, db.begin);
    for (long n = 0; n < kExecutions; ++n) db.Start("RUNNING");
    Run(db.db, db.commit);
    std::vector<int64_t> version(kExecutions, 1), event(kExecutions, 5);
    long done = 0;
    auto t0 = Clock::now();
    while (Seconds(t0) < seconds) {
      Run(db.db, db.begin);
      for (int i = 0; i < kBatch; ++i, ++done) {
        long n = done % kExecutions;
        db.Transition(n, version[n]++, event[n]);
        event[n] += 2;
      }
      Run(db.db, db.commit);
    }
    double rate = done / Seconds(t0);
    out += ", \"transition\": " + std::to_string(rate) +
           ", \"transition_rows\": " + std::to_string(rate * 4);
  }
  {
    constexpr int kStates = 20;
    constexpr int kBatch = 64;
    Db db(dir + "/limit-chain.db");
    long done = 0;
    auto t0 = Clock::now();
    while (Seconds(t0) < seconds) {
      Run(db.db, db.begin);
      for (int i = 0; i < kBatch; ++i) db.Chain(kStates);
      Run(db.db, db.commit);
      done += kBatch;
    }
    out += ", \"chain20\": " + std::to_string(done * kStates / Seconds(t0));
  }
  {
    constexpr int kBatch = 1000;
    Db db(dir + "/limit-map.db");
    Run(db.db, db.begin);
    db.Start("RUNNING");
    Run(db.db, db.commit);
    int64_t version = 1, event = 5, frame = 2;
    long done = 0;
    auto t0 = Clock::now();
    while (Seconds(t0) < seconds) {
      Run(db.db, db.begin);
      db.Transition(0, version++, event);  // the row and the Map's frame (2 events)
      event += 2;
      for (int i = 0; i < kBatch; ++i, ++done) {
        db.MapItem(0, frame++, event);
        event += 4;
      }
      Run(db.db, db.commit);
    }
    out += ", \"map_item\": " + std::to_string(done / Seconds(t0));
  }
  for (const char* f :
       {"/limit-start.db", "/limit-transition.db", "/limit-chain.db", "/limit-map.db"}) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((dir + f + suffix).c_str());
  }
  std::printf("%s}\n", out.c_str());
  return 0;
}
