#include "emulator/lambda/stubs.h"

#include <fstream>
#include <sstream>

namespace sfn::lambda {
namespace {

Status Bad(const std::string& where, const std::string& why) {
  return Status(ErrorCode::kInvalidParameterValueException,
                "--functions: " + where + ": " + why);
}

Result<StubBehaviour> ParseBehaviour(const Json& j, const std::string& where) {
  if (!j.is_object()) return Bad(where, "expected an object");
  StubBehaviour b;
  int kinds = 0;
  for (const auto& [key, value] : j.items()) {
    if (key == "Response") {
      b.response = value;
      ++kinds;
    } else if (key == "ResponseTemplate") {
      Result<dataflow::Template> t = dataflow::Template::Compile(value);
      if (!t.ok()) return Bad(where, t.status().message());
      b.response_template = std::move(t).value();
      ++kinds;
    } else if (key == "Error") {
      if (!value.is_string()) return Bad(where, "Error must be a string");
      b.error = value.get<std::string>();
      ++kinds;
    } else if (key == "Cause") {
      if (!value.is_string()) return Bad(where, "Cause must be a string");
      b.cause = value.get<std::string>();
    } else if (key == "Delay") {
      if (!value.is_number_integer() || value.get<int64_t>() < 0) {
        return Bad(where, "Delay must be a non-negative integer (milliseconds)");
      }
      b.delay_ms = value.get<int64_t>();
    } else {
      return Bad(where, "unknown field '" + key + "'");
    }
  }
  if (kinds > 1) return Bad(where, "give only one of Response, ResponseTemplate, Error");
  if (kinds == 0) b.response = Json(nullptr);
  return b;
}

}  // namespace

Result<std::unique_ptr<Stubs>> Stubs::Parse(const Json& file) {
  if (!file.is_object()) return Bad("file", "expected an object of functions");
  auto stubs = std::make_unique<Stubs>();
  for (const auto& [name, versions] : file.items()) {
    if (!versions.is_object() || versions.empty()) {
      return Bad(name, "expected an object of versions");
    }
    for (const auto& [version, spec] : versions.items()) {
      std::string where = name + ":" + version;
      Entry entry;
      if (spec.is_object() && spec.contains("Sequence")) {
        const Json& seq = spec["Sequence"];
        if (!seq.is_array() || seq.empty() || spec.size() != 1) {
          return Bad(where, "Sequence must be a non-empty array and the only field");
        }
        for (size_t i = 0; i < seq.size(); ++i) {
          SFN_ASSIGN_OR_RETURN(StubBehaviour b,
                               ParseBehaviour(seq[i], where + " Sequence[" + std::to_string(i) +
                                                          "]"));
          entry.sequence.push_back(std::move(b));
        }
      } else {
        SFN_ASSIGN_OR_RETURN(StubBehaviour b, ParseBehaviour(spec, where));
        entry.sequence.push_back(std::move(b));
      }
      stubs->functions_[name][version] = std::move(entry);
    }
  }
  return stubs;
}

Result<std::unique_ptr<Stubs>> Stubs::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Bad(path, "cannot read the file");
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> j = ParseJson(text.str(), ErrorCode::kInvalidParameterValueException);
  if (!j.ok()) return Bad(path, j.status().message());
  return Parse(*j);
}

bool Stubs::HasFunction(const std::string& name) const { return functions_.count(name) > 0; }

bool Stubs::HasVersion(const std::string& name, const std::string& version) const {
  auto it = functions_.find(name);
  return it != functions_.end() &&
         (it->second.count(version) > 0 || it->second.count("*") > 0);
}

std::vector<std::string> Stubs::FunctionNames() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : functions_) out.push_back(name);
  return out;
}

StubAnswer Stubs::Answer(const std::string& name, const std::string& version, const Json& event,
                         const Json& context) {
  StubAnswer out;
  out.result.executed_version = version;
  const StubBehaviour* b = nullptr;
  {
    std::lock_guard lock(mu_);
    auto& versions = functions_[name];
    auto it = versions.find(version);
    if (it == versions.end()) it = versions.find("*");
    if (it == versions.end()) {
      out.result.service_error = "ResourceNotFoundException";
      out.result.service_message = "Function not found: " + name + ":" + version;
      return out;
    }
    Entry& e = it->second;
    b = &e.sequence[std::min(e.next, e.sequence.size() - 1)];
    if (e.next < e.sequence.size()) ++e.next;
  }
  out.delay_ms = b->delay_ms;
  if (b->error) {
    out.result.function_error = "Unhandled";
    out.result.payload = DumpJson(Json{{"errorType", *b->error}, {"errorMessage", b->cause}});
  } else if (b->response_template) {
    Outcome<Json> v = b->response_template->Evaluate(dataflow::Scope{event, context});
    if (v.ok()) {
      out.result.payload = DumpJson(v.value());
    } else {
      out.result.function_error = "Unhandled";
      out.result.payload = DumpJson(
          Json{{"errorType", v.failure().error}, {"errorMessage", v.failure().cause}});
    }
  } else {
    out.result.payload = DumpJson(b->response ? *b->response : Json(nullptr));
  }
  return out;
}

}  // namespace sfn::lambda
