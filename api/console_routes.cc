#include "api/console_routes.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>

#include "api/console_assets.h"
#include "api/error_table.h"
#include "emulator/core/json.h"
#include "emulator/core/time.h"

namespace sfn::api {
namespace {

constexpr std::string_view kConsolePrefix = "/_emulator/console";
constexpr int kDefaultWaitSeconds = 25;
constexpr size_t kMaxInvocations = 200;

// Nothing from outside the origin: scripts, styles, images, fetches and
// frames all come from this server, and no inline script or style runs.
constexpr char kContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

HttpResponse WithSecurityHeaders(HttpResponse r) {
  r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  r.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  return r;
}

HttpResponse JsonAnswer(const Json& body) {
  HttpResponse r;
  r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  r.body = DumpJson(body);
  return WithSecurityHeaders(std::move(r));
}

HttpResponse Error(int status, ErrorCode code, std::string message) {
  HttpResponse r = JsonErrorResponse(Status(code, std::move(message)));
  r.status = status;
  return r;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The decoded value of query parameter `name` in `target`, if present.
std::optional<std::string> QueryValue(std::string_view target, std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    size_t eq = part.find('=');
    if (PercentDecode(part.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(part.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

// An integer query parameter: nullopt when absent, an error when malformed.
Result<std::optional<int64_t>> IntParam(std::string_view target, std::string_view name) {
  std::optional<std::string> text = QueryValue(target, name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Status(ErrorCode::kValidationException,
                  "Query parameter '" + std::string(name) + "' must be an integer");
  }
  return std::optional<int64_t>(value);
}

Json ChangesJson(const control::ExecutionFeed::Page& page) {
  Json changes = Json::array();
  for (const control::ExecutionChange& c : page.changes) {
    changes.push_back({{"executionArn", c.execution_arn},
                       {"status", c.status},
                       {"lastEventId", c.last_event_id}});
  }
  return {{"cursor", page.cursor}, {"reset", page.reset}, {"changes", std::move(changes)}};
}

Json InvocationJson(const lambda::InvocationEntry& e) {
  Json j = {{"sequence", e.sequence},
            {"functionName", e.function_name},
            {"version", e.version},
            {"invokedArn", e.invoked_arn},
            {"requestId", e.request_id},
            {"source", e.source},
            {"start", FormatIso8601(e.start)},
            {"durationMs", std::round(e.duration_ms * 100) / 100},
            {"status", e.status},
            {"log", e.log}};
  if (!e.error_type.empty()) j["errorType"] = e.error_type;
  if (!e.error_message.empty()) j["errorMessage"] = e.error_message;
  return j;
}

}  // namespace

ConsoleRoutes::ConsoleRoutes(boost::asio::io_context& engine_io, control::ExecutionFeed& feed,
                             const lambda::InvocationLog* invocations)
    : engine_io_(engine_io), feed_(feed), invocations_(invocations) {}

ConsoleRoutes::~ConsoleRoutes() = default;

bool ConsoleRoutes::Handle(const HttpRequest& request, ResponseCallback& done) {
  std::string_view target = request.target;
  std::string_view path = target.substr(0, target.find('?'));
  bool read = request.method == "GET" || request.method == "HEAD";
  if (path.starts_with("/_emulator/") && !read && !request.Header("x-sfn-emulator")) {
    done(Error(403, ErrorCode::kMissingAuthenticationToken,
               request.method + " " + std::string(path) + " needs the header " +
                   kEmulatorWriteHeader + " (a cross-site form cannot send it)"));
    return true;
  }
  if (!read) return false;
  if (path == "/" || path == kConsolePrefix || path == "/_emulator/console/") {
    ServeFile(request, "index.html", done);
    return true;
  }
  if (path.starts_with("/_emulator/console/")) {
    ServeFile(request, path.substr(kConsolePrefix.size() + 1), done);
    return true;
  }
  if (path == "/_emulator/changes") {
    Result<std::optional<int64_t>> after = IntParam(target, "after");
    Result<std::optional<int64_t>> wait = IntParam(target, "wait");
    if (!after.ok() || !wait.ok()) {
      done(Error(400, ErrorCode::kValidationException,
                 (after.ok() ? wait : after).status().message()));
      return true;
    }
    int64_t wait_s = std::clamp<int64_t>(wait->value_or(kDefaultWaitSeconds), 0, kMaxWaitSeconds);
    boost::asio::post(engine_io_, [this, after = *after, wait_s, done = std::move(done)]() mutable {
      // Without a cursor: where the feed is now, to poll from.
      StartPoll(after.value_or(feed_.cursor()), after ? static_cast<int>(wait_s) : 0,
                std::move(done));
    });
    return true;
  }
  if (path == "/_emulator/lambda/invocations") {
    ServeInvocations(request, done);
    return true;
  }
  return false;
}

void ConsoleRoutes::ServeFile(const HttpRequest& request, std::string_view path,
                              ResponseCallback& done) {
  const EmbeddedFile* file = FindConsoleFile(path);
  if (!file) {
    done(Error(404, ErrorCode::kResourceNotFoundException,
               "The console has no file '" + std::string(path) + "'"));
    return;
  }
  HttpResponse r;
  std::string etag = "\"" + std::string(file->sha256.substr(0, 32)) + "\"";
  r.headers = {{"Content-Type", std::string(ContentTypeOf(file->path))},
               {"Cache-Control", "no-cache"},
               {"ETag", etag}};
  const std::string* if_none_match = request.Header("if-none-match");
  if (if_none_match && *if_none_match == etag) {
    r.status = 304;
  } else if (request.method != "HEAD") {
    r.body = std::string(file->body);
  }
  done(WithSecurityHeaders(std::move(r)));
}

void ConsoleRoutes::StartPoll(int64_t after, int wait_seconds, ResponseCallback done) {
  control::ExecutionFeed::Page page = feed_.Since(after);
  if (!page.changes.empty() || page.reset || wait_seconds <= 0) {
    done(JsonAnswer(ChangesJson(page)));
    return;
  }
  uint64_t id = next_poll_++;
  auto [it, inserted] =
      polls_.emplace(id, std::make_unique<Poll>(engine_io_, std::move(done), after));
  Poll& poll = *it->second;
  // Answered after the engine-loop turn that recorded the change, so that
  // the answer carries every change of that turn.
  poll.waiter =
      feed_.Wait([this, id] { boost::asio::post(engine_io_, [this, id] { FinishPoll(id); }); });
  poll.timer.expires_after(std::chrono::seconds(wait_seconds));
  poll.timer.async_wait([this, id](const boost::system::error_code& ec) {
    if (!ec) FinishPoll(id);
  });
}

void ConsoleRoutes::FinishPoll(uint64_t id) {
  auto it = polls_.find(id);
  if (it == polls_.end()) return;  // answered already
  std::unique_ptr<Poll> poll = std::move(it->second);
  polls_.erase(it);
  feed_.Cancel(poll->waiter);
  poll->timer.cancel();
  poll->done(JsonAnswer(ChangesJson(feed_.Since(poll->after))));
}

void ConsoleRoutes::ServeInvocations(const HttpRequest& request, ResponseCallback& done) {
  Result<std::optional<int64_t>> limit = IntParam(request.target, "limit");
  if (!limit.ok()) {
    done(Error(400, ErrorCode::kValidationException, limit.status().message()));
    return;
  }
  size_t n = static_cast<size_t>(
      std::clamp<int64_t>(limit->value_or(kMaxInvocations), 1, kMaxInvocations));
  std::optional<std::string> function = QueryValue(request.target, "functionName");
  if (function && function->empty()) function.reset();
  Json list = Json::array();
  if (invocations_) {
    for (const lambda::InvocationEntry& e : invocations_->Recent(function, n)) {
      list.push_back(InvocationJson(e));
    }
  }
  done(JsonAnswer({{"invocations", std::move(list)}}));
}

}  // namespace sfn::api
