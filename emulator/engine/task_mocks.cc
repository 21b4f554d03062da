#include "emulator/engine/task_mocks.h"

namespace sfn::engine {

const MockedResponse* StateMock::At(int64_t n) const {
  for (const MockedResponse& r : responses) {
    if (r.first <= n && n <= r.last) return &r;
  }
  return nullptr;
}

const StateMock* MockCase::Find(const std::string& state_name) const {
  auto it = states.find(state_name);
  return it == states.end() ? nullptr : &it->second;
}

Json MockCase::ToJson() const {
  Json states_json = Json::object();
  for (const auto& [name, m] : states) {
    Json responses = Json::array();
    for (const MockedResponse& r : m.responses) {
      Json e = {{"first", r.first}, {"last", r.last}};
      if (r.result) e["return"] = *r.result;
      if (r.error) e["throw"] = Json{{"error", r.error->error}, {"cause", r.error->cause}};
      responses.push_back(std::move(e));
    }
    Json s = {{"response", m.response_name}, {"responses", std::move(responses)}};
    if (!m.defined) s["undefined"] = true;
    states_json[name] = std::move(s);
  }
  Json j = {{"state_machine", state_machine},
            {"test_case", test_case},
            {"states", std::move(states_json)}};
  if (!invocations.empty()) j["invocations"] = invocations;
  return j;
}

MockCase MockCase::FromJson(const Json& j) {
  MockCase c;
  c.state_machine = j.at("state_machine").get<std::string>();
  c.test_case = j.at("test_case").get<std::string>();
  for (auto it = j.at("states").begin(); it != j.at("states").end(); ++it) {
    StateMock m;
    m.response_name = it.value().at("response").get<std::string>();
    m.defined = !it.value().value("undefined", false);
    for (const Json& e : it.value().at("responses")) {
      MockedResponse r;
      r.first = e.at("first").get<int64_t>();
      r.last = e.at("last").get<int64_t>();
      if (e.contains("return")) r.result = e.at("return");
      if (e.contains("throw")) {
        r.error = Failure{e.at("throw").at("error").get<std::string>(),
                          e.at("throw").at("cause").get<std::string>()};
      }
      m.responses.push_back(std::move(r));
    }
    c.states.emplace(it.key(), std::move(m));
  }
  if (j.contains("invocations")) {
    c.invocations = j.at("invocations").get<std::map<std::string, int64_t>>();
  }
  return c;
}

}  // namespace sfn::engine
