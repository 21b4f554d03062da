// sfn-jsonata-bench: evaluates JSONata expressions with emulator/jsonata and
// prints the time per evaluation (bench/jsonata runs it beside jsonata-js).
//
//   sfn-jsonata-bench WORKLOADS.json
// WORKLOADS.json: [{"name": ..., "expr": ..., "doc": "file.json"}, ...] with
// doc paths relative to the workload file. Each expression is compiled once
// and evaluated for about BENCH_SECONDS (default 1) seconds. Prints one JSON
// line per workload: {"name", "us_per_eval", "evals", "result_bytes"}.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "emulator/core/json.h"
#include "emulator/core/random.h"
#include "emulator/jsonata/expression.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sfn-jsonata-bench WORKLOADS.json\n";
    return 2;
  }
  std::string path = argv[1];
  std::string dir = path.substr(0, path.find_last_of('/') + 1);
  std::ifstream in(path);
  sfn::Json workloads = sfn::Json::parse(in);
  double seconds = std::getenv("BENCH_SECONDS") ? std::atof(std::getenv("BENCH_SECONDS")) : 1.0;
  sfn::Random random(1);
  for (const auto& w : workloads) {
    std::ifstream doc_in(dir + w["doc"].get<std::string>());
    std::stringstream text;
    text << doc_in.rdbuf();
    sfn::Json doc = sfn::Json::parse(text.str());
    auto compiled = sfn::jsonata::Expression::Compile(w["expr"].get<std::string>());
    if (!compiled.ok()) {
      std::cerr << w["name"] << ": " << compiled.error().message << "\n";
      return 1;
    }
    sfn::jsonata::Environment env;
    env.random = &random;
    env.now = sfn::FromEpochMillis(1700000000000);
    size_t result_bytes = 0;
    int64_t evals = 0;
    auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < seconds || evals < 3) {
      auto r = compiled.value()->Evaluate(&doc, sfn::jsonata::Bindings{}, env);
      if (!r.ok()) {
        std::cerr << w["name"] << ": " << r.error().code << " " << r.error().message << "\n";
        return 1;
      }
      if (evals == 0 && r.value()) result_bytes = r.value()->dump().size();
      ++evals;
      elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    sfn::Json line = {{"name", w["name"]},
                      {"us_per_eval", elapsed * 1e6 / static_cast<double>(evals)},
                      {"evals", evals},
                      {"result_bytes", result_bytes}};
    std::cout << line.dump() << std::endl;
  }
  return 0;
}
