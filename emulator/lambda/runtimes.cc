#include "emulator/lambda/runtimes.h"

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <list>
#include <map>
#include <mutex>
#include <vector>

#include "emulator/core/base64.h"
#include "emulator/core/json.h"
#include "emulator/lambda/bootstrap_scripts.h"
#include "emulator/lambda/encoding.h"
#include "emulator/lambda/process.h"

namespace sfn::lambda {
namespace {

using Clock = std::chrono::steady_clock;

enum class Kind { kPython, kNode, kProvided, kUnknown };

Kind KindOf(const std::string& runtime) {
  if (runtime.rfind("python3", 0) == 0) return Kind::kPython;
  if (runtime.rfind("nodejs", 0) == 0) return Kind::kNode;
  if (runtime.rfind("provided", 0) == 0) return Kind::kProvided;
  return Kind::kUnknown;
}

std::string WorkerKey(const FunctionVersion& fn) {
  return fn.function_name + "|" + fn.version + "|" + fn.revision_id + "|" + fn.code_dir;
}

std::vector<std::string> EnvironmentOf(const InvocationRequest& r) {
  const FunctionVersion& fn = r.fn;
  std::vector<std::string> env;
  for (const char* name : {"PATH", "HOME", "LANG", "PYENV_ROOT", "PYENV_VERSION"}) {
    if (const char* v = std::getenv(name)) env.push_back(std::string(name) + "=" + v);
  }
  // The reserved variables of the Lambda execution environment.
  env.push_back("AWS_LAMBDA_FUNCTION_NAME=" + fn.function_name);
  env.push_back("AWS_LAMBDA_FUNCTION_VERSION=" + fn.version);
  env.push_back("AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + std::to_string(fn.memory_size));
  env.push_back("AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + fn.function_name);
  env.push_back("AWS_REGION=" + r.region);
  env.push_back("AWS_DEFAULT_REGION=" + r.region);
  env.push_back("AWS_EXECUTION_ENV=AWS_Lambda_" + fn.runtime);
  env.push_back("LAMBDA_TASK_ROOT=" + fn.code_dir);
  env.push_back("_HANDLER=" + fn.handler);
  env.push_back("TZ=:UTC");
  env.push_back("PYTHONDONTWRITEBYTECODE=1");
  if (fn.environment.is_object()) {
    for (const auto& [k, v] : fn.environment.items()) {
      env.push_back(k + "=" + (v.is_string() ? v.get<std::string>() : v.dump()));
    }
  }
  return env;
}

// As Go's os.ProcessState prints it, which is what AWS's message quotes
// ("Runtime exited with error: signal: killed").
std::string SignalText(int sig) {
  switch (sig) {
    case SIGKILL: return "signal: killed";
    case SIGSEGV: return "signal: segmentation fault";
    case SIGABRT: return "signal: aborted";
    case SIGTERM: return "signal: terminated";
    default: return "signal: " + std::to_string(sig);
  }
}

// Keeps the last bytes of a function's output (ChildProcess collects at
// most twice as much while it streams).
void CapLog(std::string& log) {
  if (log.size() > ChildProcess::kMaxLogBytes) {
    log.erase(0, log.size() - ChildProcess::kMaxLogBytes);
  }
}

// The longest answer line the warm bootstraps may write: a response at the
// limit, JSON-escaped (at worst six bytes per byte), and the envelope. The
// bootstraps refuse larger responses themselves; this is the backstop.
constexpr size_t kMaxAnswerLine = 6 * kMaxResponseBytes + 4096;

std::string ErrorJson(const std::string& type, const std::string& message) {
  return DumpJson(Json{{"errorType", type}, {"errorMessage", message}});
}

// What a call cut short by Shutdown answers (nobody waits for it any more:
// the engine and the server have stopped first).
engine::InvocationResult ShuttingDown() {
  engine::InvocationResult out;
  out.service_error = "ServiceException";
  out.service_message = "The emulator is shutting down; the invocation did not finish.";
  return out;
}

}  // namespace

struct Runtimes::State {
  State() : cancel_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  ~State() {
    if (cancel_fd >= 0) ::close(cancel_fd);
  }

  struct Idle {
    std::string key;
    std::unique_ptr<ChildProcess> process;
  };

  RuntimeOptions options;
  std::mutex mu;
  std::condition_variable slot_free;
  // Warm processes, least recently used first.
  std::list<Idle> idle;
  size_t busy = 0;  // processes (or slots for one) held by running invocations
  std::atomic<bool> stopping{false};
  // Readable once Shutdown ran: every ChildProcess call polls it, so a
  // handler blocked forever releases its worker at once.
  const int cancel_fd;

  size_t Max() const { return std::max<size_t>(options.max_processes, 1); }

  // Takes a slot for one invocation's process (waiting while every slot is
  // busy) and, when one is warm for `key`, that process. Processes of an
  // older revision of the same version ($LATEST after an update) will never
  // be used again: they end here. False when shutting down.
  bool Acquire(const std::string& key, std::unique_ptr<ChildProcess>& out) {
    std::list<Idle> ended;  // destroyed (killed) outside the lock
    std::unique_lock lock(mu);
    slot_free.wait(lock, [&] { return stopping || busy < Max(); });
    if (stopping) return false;
    ++busy;
    std::string prefix = key.substr(0, key.find('|', key.find('|') + 1) + 1);
    for (auto it = idle.begin(); it != idle.end();) {
      if (it->key != key && it->key.rfind(prefix, 0) == 0) {
        ended.splice(ended.end(), idle, it++);
      } else {
        ++it;
      }
    }
    for (auto it = idle.rbegin(); it != idle.rend(); ++it) {
      if (it->key == key) {
        out = std::move(it->process);
        idle.erase(std::next(it).base());
        return true;
      }
    }
    // A new process will be started: end the least recently used warm
    // ones until it fits.
    while (!idle.empty() && busy + idle.size() > Max()) {
      ended.splice(ended.end(), idle, idle.begin());
    }
    return true;
  }

  // Gives the slot back, and the process, which stays warm when there is room.
  void Release(const std::string& key, std::unique_ptr<ChildProcess> p) {
    {
      std::lock_guard lock(mu);
      --busy;
      size_t same = 0;
      for (const Idle& i : idle) same += i.key == key ? 1 : 0;
      if (p && !stopping && same < options.max_idle_per_version &&
          busy + idle.size() < Max()) {
        idle.push_back(Idle{key, std::move(p)});
      }
    }
    slot_free.notify_one();
    // `p`, when not kept, dies here (outside the lock): killed and reaped.
  }
};

Runtimes::Runtimes(RuntimeOptions options, WorkerPool& pool)
    : state_(std::make_shared<State>()), pool_(pool) {
  state_->options = std::move(options);
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(state_->options.bootstrap_dir, ec);
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "bootstrap.py", std::ios::trunc)
      << kPythonBootstrap;
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "bootstrap.js", std::ios::trunc)
      << kNodeBootstrap;
  std::ofstream(fs::path(state_->options.bootstrap_dir) / "loader.mjs", std::ios::trunc)
      << kNodeLoader;
}

Runtimes::~Runtimes() { Shutdown(); }

void Runtimes::Shutdown() {
  std::list<State::Idle> idle;
  {
    std::lock_guard lock(state_->mu);
    if (state_->stopping.exchange(true)) return;
    idle.swap(state_->idle);
  }
  state_->slot_free.notify_all();
  uint64_t one = 1;
  if (state_->cancel_fd >= 0 && ::write(state_->cancel_fd, &one, sizeof one) < 0) {
    spdlog::warn("cannot cancel the running Lambda handlers");
  }
  // `idle` goes here: each ChildProcess kills its process group.
}

void Runtimes::Evict(const std::string& function_name) {
  std::list<State::Idle> ended;
  std::lock_guard lock(state_->mu);
  std::string prefix = function_name + "|";
  for (auto it = state_->idle.begin(); it != state_->idle.end();) {
    if (it->key.rfind(prefix, 0) == 0) {
      ended.splice(ended.end(), state_->idle, it++);
    } else {
      ++it;
    }
  }
}

size_t Runtimes::IdleCount() {
  std::lock_guard lock(state_->mu);
  return state_->idle.size();
}

size_t Runtimes::ProcessCount() {
  std::lock_guard lock(state_->mu);
  return state_->idle.size() + state_->busy;
}

bool Runtimes::Supported(const std::string& runtime) { return KindOf(runtime) != Kind::kUnknown; }

namespace {

engine::InvocationResult RunWarm(Runtimes::State& st, const InvocationRequest& r,
                                 std::string& log) {
  engine::InvocationResult out;
  out.executed_version = r.fn.version;
  const FunctionVersion& fn = r.fn;
  Kind kind = KindOf(fn.runtime);
  std::string key = WorkerKey(fn);
  std::unique_ptr<ChildProcess> proc;
  if (!st.Acquire(key, proc)) return ShuttingDown();
  // The slot goes back on every way out, with the process when it is reusable.
  struct Slot {
    Runtimes::State& st;
    const std::string& key;
    std::unique_ptr<ChildProcess>& proc;
    bool keep = false;
    ~Slot() { st.Release(key, keep ? std::move(proc) : nullptr); }
  } slot{st, key, proc};
  if (!proc) {
    SpawnSpec spec;
    namespace fs = std::filesystem;
    fs::path dir(st.options.bootstrap_dir);
    if (kind == Kind::kPython) {
      spec.argv = {ResolvePython(st.options.python), (dir / "bootstrap.py").string(), fn.handler,
                   fn.code_dir};
    } else {
      spec.argv = {st.options.node, (dir / "bootstrap.js").string(), fn.handler, fn.code_dir,
                   (dir / "loader.mjs").string()};
    }
    spec.env = EnvironmentOf(r);
    spec.cwd = fn.code_dir;
    spec.result_pipe = true;
    spec.cancel_fd = st.cancel_fd;
    auto spawned = ChildProcess::Spawn(spec);
    if (!spawned.ok()) {
      out.service_error = "ServiceException";
      out.service_message = spawned.status().message();
      return out;
    }
    proc = std::move(spawned).value();
  }
  auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  Json ctx = {{"request_id", r.request_id},
              {"function_name", fn.function_name},
              {"function_version", fn.version},
              {"invoked_function_arn", r.invoked_arn},
              {"memory_limit_in_mb", fn.memory_size},
              {"deadline_ms", now_ms + int64_t{fn.timeout} * 1000},
              {"log_group", "/aws/lambda/" + fn.function_name},
              {"log_stream", "local/" + fn.version}};
  std::string line = "{\"ctx\":" + DumpJson(ctx) + ",\"event\":" + r.payload + "}\n";
  Deadline deadline = Clock::now() + std::chrono::seconds(fn.timeout);
  std::string answer;
  ChildProcess::Outcome got = ChildProcess::Outcome::kEof;
  if (proc->WriteAll(line, deadline)) {
    got = proc->ReadLine(deadline, answer, log, kMaxAnswerLine);
  }
  if (got == ChildProcess::Outcome::kTooLarge) {
    // Still writing more than any response may be: ended, not waited for.
    proc->DrainOutput(log);
    proc->Kill();
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
    return out;
  }
  if (got == ChildProcess::Outcome::kCancelled || st.stopping) {
    proc->Kill();
    return ShuttingDown();
  }
  if (got == ChildProcess::Outcome::kTimeout) {
    proc->DrainOutput(log);
    proc->Kill();
    out.function_error = "Unhandled";
    out.payload = TimeoutPayload(r.request_id, fn.timeout);
    return out;
  }
  if (got == ChildProcess::Outcome::kEof) {
    proc->DrainOutput(log);
    int status = proc->Kill();
    out.function_error = "Unhandled";
    out.payload = ErrorJson("Runtime.ExitError",
                            "RequestId: " + r.request_id +
                                " Error: Runtime exited with error: " +
                                (status < 0 ? SignalText(-status)
                                            : "exit status " + std::to_string(status)));
    return out;
  }
  proc->DrainOutput(log);
  // The protocol line itself ({"ok": ..., "payload": "<text>"}) is shallow:
  // a deep response stays inside its string here.
  Result<Json> parsed = ParseJson(answer);
  if (!parsed.ok() || !parsed->is_object() || !parsed->contains("payload") ||
      !(*parsed)["payload"].is_string() || !parsed->contains("ok") ||
      !(*parsed)["ok"].is_boolean()) {
    proc->Kill();
    out.function_error = "Unhandled";
    out.payload = ErrorJson("Runtime.InvalidResponse", "the runtime answered: " + answer);
    return out;
  }
  out.payload = (*parsed)["payload"].get<std::string>();
  if (!(*parsed)["ok"].get<bool>()) out.function_error = "Unhandled";
  if (out.payload.size() > kMaxResponseBytes) {
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
  }
  slot.keep = true;
  return out;
}

engine::InvocationResult RunProvided(Runtimes::State& st, const InvocationRequest& r,
                                     std::string& log) {
  engine::InvocationResult out;
  out.executed_version = r.fn.version;
  std::unique_ptr<ChildProcess> unused;  // one process per call: never warm
  std::string key = WorkerKey(r.fn);
  if (!st.Acquire(key, unused)) return ShuttingDown();
  struct Slot {
    Runtimes::State& st;
    const std::string& key;
    ~Slot() { st.Release(key, nullptr); }
  } slot{st, key};
  SpawnSpec spec;
  spec.argv = {(std::filesystem::path(r.fn.code_dir) / "bootstrap").string()};
  spec.env = EnvironmentOf(r);
  spec.env.push_back("AWS_LAMBDA_REQUEST_ID=" + r.request_id);
  spec.env.push_back("AWS_LAMBDA_INVOKED_FUNCTION_ARN=" + r.invoked_arn);
  spec.cwd = r.fn.code_dir;
  spec.merge_stderr = false;
  spec.cancel_fd = st.cancel_fd;
  auto spawned = ChildProcess::Spawn(spec);
  if (!spawned.ok()) {
    out.service_error = "ServiceException";
    out.service_message = spawned.status().message();
    return out;
  }
  ChildProcess& proc = **spawned;
  Deadline deadline = Clock::now() + std::chrono::seconds(r.fn.timeout);
  std::string response;
  ChildProcess::Outcome got = ChildProcess::Outcome::kTimeout;
  // A bootstrap may exit without reading its input (EPIPE): that is its
  // exit status to report, not a timeout.
  bool wrote = proc.WriteAll(r.payload, deadline);
  proc.CloseStdin();
  if (wrote || Clock::now() < deadline) {
    got = proc.ReadToEnd(deadline, response, log, kMaxResponseBytes);
  }
  if (got == ChildProcess::Outcome::kTooLarge) {
    proc.DrainOutput(log);
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = ResponseTooLargePayload();
    return out;
  }
  if (got == ChildProcess::Outcome::kCancelled || st.stopping) {
    proc.Kill();
    return ShuttingDown();
  }
  if (got == ChildProcess::Outcome::kTimeout) {
    proc.Kill();
    out.function_error = "Unhandled";
    out.payload = TimeoutPayload(r.request_id, r.fn.timeout);
    return out;
  }
  int status = proc.Wait();
  if (status != 0) {
    out.function_error = "Unhandled";
    out.payload = ErrorJson("Runtime.ExitError",
                            "RequestId: " + r.request_id +
                                " Error: Runtime exited with error: " +
                                (status == 127 ? std::string("bootstrap not found or not executable")
                                 : status < 0  ? SignalText(-status)
                                               : "exit status " + std::to_string(status)));
    return out;
  }
  out.payload = response;
  return out;
}

}  // namespace

namespace {
std::string FindInterpreter(const std::string& python);
}  // namespace

void Runtimes::Invoke(InvocationRequest request,
                      std::function<void(engine::InvocationResult)> done) {
  std::shared_ptr<State> st = state_;
  if (st->stopping) {
    done(ShuttingDown());
    return;
  }
  pool_.Post([st, request = std::move(request), done = std::move(done)] {
    if (st->stopping) {  // queued when Shutdown came: the pool drains fast
      done(ShuttingDown());
      return;
    }
    auto t0 = Clock::now();
    std::string log;
    engine::InvocationResult result;
    Kind kind = KindOf(request.fn.runtime);
    if (kind == Kind::kProvided) {
      result = RunProvided(*st, request, log);
    } else if (kind == Kind::kUnknown) {
      result.service_error = "InvalidRuntimeException";
      result.service_message = "The runtime parameter of " + request.fn.runtime +
                               " is not supported by this emulator.";
    } else {
      result = RunWarm(*st, request, log);
    }
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    CapLog(log);
    if (!log.empty()) {
      spdlog::debug("lambda {}:{} {} log: {}", request.fn.function_name, request.fn.version,
                    request.request_id, log);
    }
    if (request.tail_log) {
      result.log_result = TailLog(request.request_id, request.fn.version, log, ms,
                                  request.fn.memory_size);
    }
    done(std::move(result));
  });
}

std::string ResolvePython(const std::string& python) {
  // Resolved once per name, on first use (not at start-up: a pyenv shim
  // costs a few hundred milliseconds).
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  std::lock_guard lock(mu);
  auto it = cache.find(python);
  if (it != cache.end()) return it->second;
  std::string resolved = FindInterpreter(python);
  cache[python] = resolved;
  return resolved;
}

namespace {

std::string FindInterpreter(const std::string& python) {
  SpawnSpec spec;
  spec.argv = {python, "-c", "import sys; print(sys.executable)"};
  for (const char* name : {"PATH", "HOME", "PYENV_ROOT", "PYENV_VERSION"}) {
    if (const char* v = std::getenv(name)) spec.env.push_back(std::string(name) + "=" + v);
  }
  auto child = ChildProcess::Spawn(spec);
  if (!child.ok()) return python;
  (*child)->CloseStdin();
  std::string out, log;
  (*child)->ReadToEnd(Clock::now() + std::chrono::seconds(10), out, log);
  if ((*child)->Wait() != 0) return python;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out.empty() ? python : out;
}

}  // namespace

std::string TailLog(const std::string& request_id, const std::string& version,
                    const std::string& output, double duration_ms, int memory_mb) {
  char report[256];
  std::snprintf(report, sizeof report,
                "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\tMemory Size: "
                "%d MB\tMax Memory Used: %d MB\t\n",
                request_id.c_str(), duration_ms, static_cast<int>(duration_ms) + 1, memory_mb,
                memory_mb);
  std::string text = "START RequestId: " + request_id + " Version: " + version + "\n" + output;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "END RequestId: " + request_id + "\n" + report;
  if (text.size() > 4096) text = text.substr(text.size() - 4096);
  return Base64Encode(text);
}

std::string ResponseTooLargePayload() {
  // AWS's payload, members in its order.
  return DumpJson(Json{{"errorMessage", "Response payload size exceeded maximum allowed payload "
                                        "size (" +
                                            std::to_string(kMaxResponseBytes) + " bytes)."},
                       {"errorType", "Function.ResponseSizeTooLarge"}});
}

std::string TimeoutPayload(const std::string& request_id, int timeout_s) {
  char msg[64];
  std::snprintf(msg, sizeof msg, "%.2f", static_cast<double>(timeout_s));
  return ErrorJson("Sandbox.Timedout",
                   "RequestId: " + request_id + " Error: Task timed out after " + msg +
                       " seconds");
}

}  // namespace sfn::lambda
