#include "emulator/states/map.h"

#include <cmath>
#include <string>

#include "emulator/states/pipeline.h"

namespace sfn::states {
namespace {

Failure Runtime(const StateContext& ctx, std::string cause) {
  return InState(ctx, {errors::kRuntime, std::move(cause)});
}

// A number, or a string holding one (values read from variables are often
// strings, which AWS accepts).
std::optional<double> AsNumber(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    try {
      size_t used = 0;
      double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (...) {
    }
  }
  return std::nullopt;
}

std::string ValueText(const Json& v) { return v.is_string() ? v.get<std::string>() : DumpJson(v); }

}  // namespace

Outcome<MapPlan> PlanMap(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  MapPlan plan;
  plan.distributed = s.processor_mode && *s.processor_mode == "DISTRIBUTED";
  if (s.item_reader) {
    return InState(ctx, {"States.ItemReaderFailed",
                         "ItemReader needs Amazon S3, which sfn-emulator does not emulate; "
                         "pass the items in the state input and use ItemsPath instead."});
  }
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return effective.failure();
  plan.effective_input = std::move(effective).value();

  if (HasPathField(ctx, "ItemsPath", s.items_path)) {
    std::optional<Json> items = ReadPathField(ctx, "ItemsPath", s.items_path, plan.effective_input);
    if (!items) {
      std::string text = PathFieldText(ctx, "ItemsPath", s.items_path);
      return Runtime(ctx, "Invalid path '" + text + "' : No results for path: " +
                              (s.items_path ? s.items_path->Normalized() : text));
    }
    plan.items = std::move(*items);
  } else {
    plan.items = plan.effective_input;
  }
  if (!plan.items.is_array()) {
    return Runtime(ctx, "Map state input must be an array but was: " + DumpJson(plan.items));
  }

  if (s.max_concurrency) plan.max_concurrency = *s.max_concurrency;
  if (HasPathField(ctx, "MaxConcurrencyPath", s.max_concurrency_path)) {
    std::string text = PathFieldText(ctx, "MaxConcurrencyPath", s.max_concurrency_path);
    std::optional<Json> v =
        ReadPathField(ctx, "MaxConcurrencyPath", s.max_concurrency_path, plan.effective_input);
    std::optional<double> n = v ? AsNumber(*v) : std::nullopt;
    if (!n || *n < 0 || std::floor(*n) != *n) {
      return Runtime(ctx, "The MaxConcurrencyPath field refers to value \"" +
                              (v ? ValueText(*v) : std::string("null")) +
                              "\" which is not a valid integer: " + text);
    }
    plan.max_concurrency = static_cast<int64_t>(*n);
  }
  return plan;
}

std::optional<Failure> ResolveTolerance(const StateContext& ctx, MapPlan& plan) {
  const asl::State& s = ctx.state;
  plan.tolerated_count = s.tolerated_failure_count;
  plan.tolerated_percentage = s.tolerated_failure_percentage;
  if (HasPathField(ctx, "ToleratedFailureCountPath", s.tolerated_failure_count_path)) {
    std::optional<Json> v = ReadPathField(ctx, "ToleratedFailureCountPath",
                                          s.tolerated_failure_count_path, plan.effective_input);
    std::optional<double> n = v ? AsNumber(*v) : std::nullopt;
    if (!n || std::floor(*n) != *n) {
      return Runtime(ctx, "ToleratedFailureCount must be an integer.");
    }
    if (*n < 0) return Runtime(ctx, "ToleratedFailureCount cannot be negative.");
    plan.tolerated_count = static_cast<int64_t>(*n);
  }
  if (HasPathField(ctx, "ToleratedFailurePercentagePath", s.tolerated_failure_percentage_path)) {
    std::optional<Json> v =
        ReadPathField(ctx, "ToleratedFailurePercentagePath", s.tolerated_failure_percentage_path,
                      plan.effective_input);
    std::optional<double> n = v ? AsNumber(*v) : std::nullopt;
    if (!n || *n < 0 || *n > 100) {
      return Runtime(ctx, "ToleratedFailurePercentage must be between 0 and 100.");
    }
    plan.tolerated_percentage = *n;
  }
  return std::nullopt;
}

std::optional<Failure> BatchItems(const StateContext& ctx, MapPlan& plan) {
  if (!ctx.state.item_batcher || !ctx.state.item_batcher->is_object()) return std::nullopt;
  const Json& b = *ctx.state.item_batcher;
  // A limit, literal or from a ...Path; 0 means none.
  auto limit = [&](const char* field) -> Outcome<int64_t> {
    if (b.contains(field)) {
      const Json& v = b.at(field);
      if (v.is_number_integer() && v.get<int64_t>() >= 0) return v.get<int64_t>();
      return Runtime(ctx, std::string("The ") + field + " field must be a non-negative integer.");
    }
    std::string path_field = std::string(field) + "Path";
    if (!b.contains(path_field) || !b.at(path_field).is_string()) return int64_t{0};
    Result<dataflow::JsonPath> path =
        dataflow::JsonPath::Compile(b.at(path_field).get<std::string>());
    if (!path.ok()) return Runtime(ctx, "Invalid path in " + path_field);
    std::optional<Json> v = path->Evaluate(plan.effective_input);
    std::optional<double> n = v ? AsNumber(*v) : std::nullopt;
    if (!n || *n < 0 || std::floor(*n) != *n) {
      return Runtime(ctx, "The " + path_field + " field refers to value \"" +
                              (v ? ValueText(*v) : std::string("null")) +
                              "\" which is not a valid integer: " + path->text());
    }
    return static_cast<int64_t>(*n);
  };
  Outcome<int64_t> max_items = limit("MaxItemsPerBatch");
  if (!max_items.ok()) return max_items.failure();
  Outcome<int64_t> max_bytes = limit("MaxInputBytesPerBatch");
  if (!max_bytes.ok()) return max_bytes.failure();
  Json batch_input = Json::object();
  if (b.contains("BatchInput")) batch_input = b.at("BatchInput");

  Json batches = Json::array();
  Json current = Json::array();
  size_t current_bytes = 0;
  auto flush = [&] {
    if (current.empty()) return;
    Json batch = batch_input.is_object() ? batch_input : Json::object();
    batch["Items"] = std::move(current);
    batches.push_back(std::move(batch));
    current = Json::array();
    current_bytes = 0;
  };
  for (size_t i = 0; i < plan.items.size(); ++i) {
    Outcome<Json> item = IterationInput(ctx, plan.effective_input, plan.items[i],
                                        static_cast<int64_t>(i), /*batched=*/false);
    if (!item.ok()) return item.failure();
    size_t bytes = DumpJson(item.value()).size();
    bool full =
        (max_items.value() > 0 && static_cast<int64_t>(current.size()) >= max_items.value()) ||
        (max_bytes.value() > 0 && !current.empty() &&
         static_cast<int64_t>(current_bytes + bytes) > max_bytes.value());
    if (full) flush();
    current.push_back(std::move(item).value());
    current_bytes += bytes;
  }
  flush();
  plan.items = std::move(batches);
  plan.batched = true;
  return std::nullopt;
}

Outcome<Json> IterationInput(const StateContext& ctx, const Json& effective_input, const Json& item,
                             int64_t index, bool batched) {
  if (batched || !ctx.state.item_selector) return item;
  // $$.Map.Item: the caller may have set it already (saving a copy of $$).
  Json copy;
  const Json* context = &ctx.context_object;
  if (!context->contains("Map")) {
    copy = ctx.context_object;
    copy["Map"] = Json{{"Item", {{"Index", index}, {"Value", item}}}};
    context = &copy;
  }
  dataflow::Scope scope{effective_input, *context, ctx.variables, ctx.random};
  Outcome<Json> selected = ctx.state.item_selector->Evaluate(scope);
  if (!selected.ok()) return InState(ctx, selected.failure());
  return selected;
}

bool ExceedsTolerance(const std::optional<int64_t>& tolerated_count,
                      const std::optional<double>& tolerated_percentage, int64_t failed,
                      int64_t total) {
  if (failed == 0) return false;
  if (!tolerated_count && !tolerated_percentage) return true;
  // Either threshold exceeded fails the Map ("Setting failure thresholds
  // for Distributed Map states").
  bool over_count = tolerated_count && failed > *tolerated_count;
  bool over_percentage =
      tolerated_percentage && total > 0 &&
      static_cast<double>(failed) * 100.0 / static_cast<double>(total) > *tolerated_percentage;
  return over_count || over_percentage;
}

}  // namespace sfn::states
