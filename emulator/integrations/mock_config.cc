#include "emulator/integrations/mock_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace sfn::integrations {
namespace {

// `parent` extended by member `key`: $.A.B, or $.A['x-y'] when `key` is not
// an identifier.
std::string Member(const std::string& parent, const std::string& key) {
  bool identifier =
      !key.empty() && (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '_');
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') identifier = false;
  }
  if (identifier) return parent + "." + key;
  std::string quoted;
  for (char c : key) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return parent + "['" + quoted + "']";
}

Status Problem(const std::string& path, const std::string& what) {
  return Status(ErrorCode::kValidationException, path + ": " + what);
}

Status ExpectObject(const Json& j, const std::string& path) {
  if (!j.is_object())
    return Problem(path, "expected an object, got " + std::string(JsonTypeName(j)));
  return Status::Ok();
}

// "3" or "1-2": a non-negative integer or an inclusive range of them.
bool ParseRange(const std::string& key, int64_t* first, int64_t* last) {
  auto number = [](std::string_view s, int64_t* out) {
    if (s.empty() || s.size() > 18) return false;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return std::from_chars(s.data(), s.data() + s.size(), *out).ec == std::errc();
  };
  size_t dash = key.find('-');
  if (dash == std::string::npos) {
    if (!number(key, first)) return false;
    *last = *first;
    return true;
  }
  return number(std::string_view(key).substr(0, dash), first) &&
         number(std::string_view(key).substr(dash + 1), last) && *first <= *last;
}

Status CheckResponse(const Json& entry, const std::string& path) {
  SFN_RETURN_IF_ERROR(ExpectObject(entry, path));
  bool has_return = entry.contains("Return");
  bool has_throw = entry.contains("Throw");
  for (auto it = entry.begin(); it != entry.end(); ++it) {
    if (it.key() != "Return" && it.key() != "Throw") {
      return Problem(Member(path, it.key()), "unknown field (expected Return or Throw)");
    }
  }
  if (has_return == has_throw) {
    return Problem(path, has_return ? "has both Return and Throw; expected exactly one"
                                    : "expected a Return or a Throw");
  }
  if (has_throw) {
    std::string tpath = Member(path, "Throw");
    const Json& t = entry.at("Throw");
    SFN_RETURN_IF_ERROR(ExpectObject(t, tpath));
    for (const char* field : {"Error", "Cause"}) {
      if (!t.contains(field)) return Problem(tpath, std::string("missing ") + field);
      if (!t.at(field).is_string()) {
        return Problem(Member(tpath, field),
                       "expected a string, got " + std::string(JsonTypeName(t.at(field))));
      }
    }
    for (auto it = t.begin(); it != t.end(); ++it) {
      if (it.key() != "Error" && it.key() != "Cause") {
        return Problem(Member(tpath, it.key()), "unknown field (expected Error and Cause)");
      }
    }
  }
  return Status::Ok();
}

Status CheckMockedResponses(const Json& all) {
  const std::string root = "$.MockedResponses";
  SFN_RETURN_IF_ERROR(ExpectObject(all, root));
  for (auto r = all.begin(); r != all.end(); ++r) {
    std::string rpath = Member(root, r.key());
    SFN_RETURN_IF_ERROR(ExpectObject(r.value(), rpath));
    std::vector<std::tuple<int64_t, int64_t, std::string>> ranges;
    for (auto e = r.value().begin(); e != r.value().end(); ++e) {
      std::string epath = Member(rpath, e.key());
      int64_t first = 0, last = 0;
      if (!ParseRange(e.key(), &first, &last)) {
        return Problem(epath,
                       "not an invocation number or range (expected \"0\", \"1\", ... or an "
                       "inclusive range such as \"1-2\")");
      }
      for (const auto& [f, l, key] : ranges) {
        if (first <= l && f <= last) {
          return Problem(epath, "invocations " + e.key() + " overlap '" + key + "'");
        }
      }
      ranges.emplace_back(first, last, e.key());
      SFN_RETURN_IF_ERROR(CheckResponse(e.value(), epath));
    }
  }
  return Status::Ok();
}

Status CheckStateMachines(const Json& all) {
  const std::string root = "$.StateMachines";
  SFN_RETURN_IF_ERROR(ExpectObject(all, root));
  for (auto sm = all.begin(); sm != all.end(); ++sm) {
    std::string spath = Member(root, sm.key());
    SFN_RETURN_IF_ERROR(ExpectObject(sm.value(), spath));
    for (auto it = sm.value().begin(); it != sm.value().end(); ++it) {
      if (it.key() != "TestCases") {
        return Problem(Member(spath, it.key()), "unknown field (expected TestCases)");
      }
    }
    if (!sm.value().contains("TestCases")) return Problem(spath, "missing TestCases");
    std::string tpath = Member(spath, "TestCases");
    const Json& cases = sm.value().at("TestCases");
    SFN_RETURN_IF_ERROR(ExpectObject(cases, tpath));
    for (auto tc = cases.begin(); tc != cases.end(); ++tc) {
      std::string cpath = Member(tpath, tc.key());
      SFN_RETURN_IF_ERROR(ExpectObject(tc.value(), cpath));
      for (auto st = tc.value().begin(); st != tc.value().end(); ++st) {
        if (!st.value().is_string()) {
          return Problem(Member(cpath, st.key()),
                         "expected the name of a mocked response (a string), got " +
                             std::string(JsonTypeName(st.value())));
        }
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<MockFileContents> ParseMockConfig(std::string_view text) {
  Result<Json> parsed = ParseJson(text, ErrorCode::kValidationException);
  if (!parsed.ok()) {
    return Problem("$", "not valid JSON: " + parsed.status().message());
  }
  const Json& root = *parsed;
  SFN_RETURN_IF_ERROR(ExpectObject(root, "$"));
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "StateMachines" && it.key() != "MockedResponses") {
      return Problem(Member("$", it.key()),
                     "unknown field (expected StateMachines and MockedResponses)");
    }
  }
  for (const char* field : {"StateMachines", "MockedResponses"}) {
    if (!root.contains(field)) return Problem("$", std::string("missing ") + field);
  }
  SFN_RETURN_IF_ERROR(CheckStateMachines(root.at("StateMachines")));
  SFN_RETURN_IF_ERROR(CheckMockedResponses(root.at("MockedResponses")));
  return MockFileContents{root.at("StateMachines"), root.at("MockedResponses")};
}

Result<engine::MockCase> ResolveMockCase(const MockFileContents& contents,
                                         const std::string& state_machine,
                                         const std::string& test_case) {
  auto sm = contents.state_machines.find(state_machine);
  const Json* cases = nullptr;
  if (sm != contents.state_machines.end()) cases = &sm->at("TestCases");
  if (cases == nullptr || !cases->contains(test_case)) {
    // Step Functions Local's words, then which lookup failed.
    return Status(
        ErrorCode::kValidationException,
        "No mock map found for test " + test_case +
            (cases == nullptr
                 ? ": the mock configuration file has no state machine '" + state_machine + "'"
                 : ": state machine '" + state_machine + "' has no test case '" + test_case +
                       "' in the mock configuration file"));
  }
  engine::MockCase out;
  out.state_machine = state_machine;
  out.test_case = test_case;
  const Json& states = cases->at(test_case);
  for (auto it = states.begin(); it != states.end(); ++it) {
    engine::StateMock m;
    m.response_name = it.value().get<std::string>();
    auto r = contents.mocked_responses.find(m.response_name);
    m.defined = r != contents.mocked_responses.end();
    if (m.defined) {
      for (auto e = r->begin(); e != r->end(); ++e) {
        engine::MockedResponse mr;
        ParseRange(e.key(), &mr.first, &mr.last);  // checked when the file was read
        if (e.value().contains("Return")) {
          mr.result = e.value().at("Return");
        } else {
          const Json& t = e.value().at("Throw");
          mr.error = Failure{t.at("Error").get<std::string>(), t.at("Cause").get<std::string>()};
        }
        m.responses.push_back(std::move(mr));
      }
      std::sort(m.responses.begin(), m.responses.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    out.states.emplace(it.key(), std::move(m));
  }
  return out;
}

Result<std::unique_ptr<MockConfig>> MockConfig::Load(const std::string& path) {
  std::unique_ptr<MockConfig> config(new MockConfig(path));
  std::lock_guard lock(config->mu_);
  config->Refresh();
  if (!config->problem_.ok()) return config->problem_;
  return config;
}

void MockConfig::Refresh() const {
  std::error_code ec;
  auto mtime = std::filesystem::last_write_time(path_, ec);
  uintmax_t size = ec ? 0 : std::filesystem::file_size(path_, ec);
  if (ec) {
    problem_ = Status(ErrorCode::kValidationException,
                      "cannot read the mock configuration file " + path_ + ": " + ec.message());
    return;
  }
  if (read_ && mtime == mtime_ && size == size_) return;  // unchanged
  std::ifstream in(path_, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (!in) {
    problem_ =
        Status(ErrorCode::kValidationException, "cannot read the mock configuration file " + path_);
    return;
  }
  Result<MockFileContents> parsed = ParseMockConfig(buf.str());
  read_ = true;
  mtime_ = mtime;
  size_ = size;
  if (!parsed.ok()) {
    problem_ =
        Status(ErrorCode::kValidationException,
               "malformed mock configuration file " + path_ + ": " + parsed.status().message());
    return;
  }
  contents_ = std::move(parsed).value();
  problem_ = Status::Ok();
}

Result<engine::MockCase> MockConfig::Find(const std::string& state_machine,
                                          const std::string& test_case) const {
  std::lock_guard lock(mu_);
  Refresh();
  if (!problem_.ok()) return problem_;
  return ResolveMockCase(contents_, state_machine, test_case);
}

size_t MockConfig::test_case_count() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const Json& sm : contents_.state_machines) n += sm.at("TestCases").size();
  return n;
}

}  // namespace sfn::integrations
