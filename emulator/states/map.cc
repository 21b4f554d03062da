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

// A non-negative integer from a Map field: its literal, or what its path or
// expression yields (numbers in strings accepted); nullopt (with `*value`
// set to what was read, if anything) when it is not one.
std::optional<int64_t> NonNegativeInteger(const Json* value) {
  std::optional<double> n = value ? AsNumber(*value) : std::nullopt;
  if (!n || *n < 0 || std::floor(*n) != *n) return std::nullopt;
  return static_cast<int64_t>(*n);
}

// MaxConcurrency(Path) and ItemBatcher's limits: "The <Field>Path field
// refers to value "x" which is not a valid integer: <path>".
Outcome<int64_t> IntegerSetting(const StateContext& ctx, const dataflow::Field& field,
                                const Json& input) {
  Outcome<dataflow::Value> v = EvaluateField(ctx, field, MakeScope(ctx, input));
  if (!v.ok()) return v.failure();
  const Json* value = v.value() ? &*v.value() : nullptr;
  if (field.IsJsonata()) {
    std::optional<int64_t> n =
        value && value->is_number() ? NonNegativeInteger(value) : std::nullopt;
    if (!n) return JsonataTypeFailure(ctx, field, "integer", value ? *value : Json());
    return *n;
  }
  if (field.IsLiteral()) {
    if (value && value->is_number_integer() && value->get<int64_t>() >= 0) {
      return value->get<int64_t>();
    }
    return Runtime(ctx, "The " + field.name() + " field must be a non-negative integer.");
  }
  if (std::optional<int64_t> n = NonNegativeInteger(value)) return *n;
  return Runtime(ctx, "The " + field.name() + " field refers to value \"" +
                          (value ? ValueText(*value) : std::string("null")) +
                          "\" which is not a valid integer: " + field.text());
}

}  // namespace

// The ItemReader's call: its arguments and ReaderConfig, MaxItems resolved
// (the reader checks its value, as AWS reports it after MapRunStarted).
Outcome<ForkCall> PlanRead(const StateContext& ctx, const asl::ItemReader& reader,
                           const Json& effective_input) {
  Json arguments = Json::object();
  if (reader.arguments) {
    Outcome<dataflow::Value> v =
        EvaluateField(ctx, *reader.arguments, MakeScope(ctx, effective_input));
    if (!v.ok()) return v.failure();
    if (v.value()) arguments = std::move(*std::move(v).value());
  }
  Json config = reader.reader_config;
  config.erase("MaxItemsPath");
  if (reader.max_items) {
    Outcome<dataflow::Value> v =
        EvaluateField(ctx, *reader.max_items, MakeScope(ctx, effective_input));
    if (!v.ok()) return v.failure();
    const Json* value = v.value() ? &*v.value() : nullptr;
    std::optional<double> n = value ? AsNumber(*value) : std::nullopt;
    if (!n || std::floor(*n) != *n) {
      return InState(ctx, {"States.ItemReaderFailed",
                           "The " + reader.max_items->name() + " field refers to value '" +
                               (value ? ValueText(*value) : std::string("null")) +
                               "' which is not a valid integer: " + reader.max_items->text()});
    }
    config["MaxItems"] = static_cast<int64_t>(*n);
  }
  return ForkCall{reader.resource,
                  Json{{"Arguments", std::move(arguments)}, {"ReaderConfig", std::move(config)}}};
}

Outcome<MapPlan> PlanMap(const StateContext& ctx, const Json& raw_input) {
  const asl::State& s = ctx.state;
  MapPlan plan;
  plan.distributed = s.processor_mode && *s.processor_mode == "DISTRIBUTED";
  Outcome<Json> effective = PrepareInput(ctx, raw_input);
  if (!effective.ok()) return effective.failure();
  plan.effective_input = std::move(effective).value();

  if (ctx.item_reader_data) {
    // TestState's stateConfiguration.mapItemReaderData: the items read.
    plan.items = *ctx.item_reader_data;
  } else if (s.item_reader) {
    Outcome<ForkCall> read = PlanRead(ctx, *s.item_reader, plan.effective_input);
    if (!read.ok()) return read.failure();
    plan.read = std::move(read).value();
    plan.items = Json::array();
  } else if (s.items) {
    Outcome<dataflow::Value> items =
        EvaluateField(ctx, *s.items, MakeScope(ctx, plan.effective_input));
    if (!items.ok()) return items.failure();
    if (s.items->IsJsonata() && items.value() && !items.value()->is_array()) {
      return JsonataTypeFailure(ctx, *s.items, "array", *items.value());
    }
    if (!items.value()) {
      const dataflow::Reference* ref = s.items->reference();
      std::string text = s.items->text();
      bool variable = ref == nullptr || ref->root() == dataflow::Reference::Root::kVariable;
      return Runtime(ctx, "Invalid path '" + text + "' : No results for path: " +
                              (variable ? text : ref->path().Normalized()));
    }
    plan.items = std::move(*std::move(items).value());
  } else {
    plan.items = plan.effective_input;
  }
  if (!plan.items.is_array()) {
    Failure bad = Runtime(ctx, "Map state input must be an array but was: " + DumpJson(plan.items));
    if (IsJsonata(ctx)) {
      // AWS records a JSONata Map's input that is not an array as an
      // evaluation failure without a location.
      bad.error = errors::kQueryEvaluationError;
      bad.evaluation = "";
    } else if (s.items && s.items->kind() == dataflow::ExpressionKind::kPath) {
      // AWS's text for an ItemsPath (recorded by TestState), the context
      // object's paths written from its own root.
      std::string path = s.items->text();
      if (path.rfind("$$", 0) == 0) path.erase(0, 1);
      return Runtime(ctx, "Reference path \"" + path + "\" must point to array.");
    }
    return bad;
  }

  if (s.max_concurrency) {
    Outcome<int64_t> n = IntegerSetting(ctx, *s.max_concurrency, plan.effective_input);
    if (!n.ok()) return n.failure();
    plan.max_concurrency = n.value();
  }
  return plan;
}

std::optional<Failure> ResolveTolerance(const StateContext& ctx, MapPlan& plan) {
  const asl::State& s = ctx.state;
  auto read = [&](const dataflow::Field& field) -> Outcome<dataflow::Value> {
    return EvaluateField(ctx, field, MakeScope(ctx, plan.effective_input));
  };
  // A JSONata expression must give a number.
  auto not_number = [&](const dataflow::Field& field,
                        const dataflow::Value& v) -> std::optional<Failure> {
    if (!field.IsJsonata() || (v && v->is_number())) return std::nullopt;
    return JsonataTypeFailure(ctx, field, "number", v ? *v : Json());
  };
  if (s.tolerated_failure_count) {
    Outcome<dataflow::Value> v = read(*s.tolerated_failure_count);
    if (!v.ok()) return v.failure();
    if (auto bad = not_number(*s.tolerated_failure_count, v.value())) return bad;
    std::optional<double> n = v.value() ? AsNumber(*v.value()) : std::nullopt;
    if (!n || std::floor(*n) != *n) {
      return FieldValueFailure(ctx, *s.tolerated_failure_count,
                               "ToleratedFailureCount must be an integer.");
    }
    if (*n < 0) {
      return FieldValueFailure(ctx, *s.tolerated_failure_count,
                               "ToleratedFailureCount cannot be negative.");
    }
    plan.tolerated_count = static_cast<int64_t>(*n);
  }
  if (s.tolerated_failure_percentage) {
    Outcome<dataflow::Value> v = read(*s.tolerated_failure_percentage);
    if (!v.ok()) return v.failure();
    if (auto bad = not_number(*s.tolerated_failure_percentage, v.value())) return bad;
    std::optional<double> n = v.value() ? AsNumber(*v.value()) : std::nullopt;
    if (!n || *n < 0 || *n > 100) {
      return FieldValueFailure(ctx, *s.tolerated_failure_percentage,
                               "ToleratedFailurePercentage must be between 0 and 100.");
    }
    plan.tolerated_percentage = *n;
  }
  return std::nullopt;
}

std::optional<Failure> BatchItems(const StateContext& ctx, MapPlan& plan) {
  if (!ctx.state.item_batcher) return std::nullopt;
  const asl::ItemBatcher& b = *ctx.state.item_batcher;
  // A limit, literal or from a ...Path; 0 means none.
  auto limit = [&](const std::optional<dataflow::Field>& field) -> Outcome<int64_t> {
    if (!field) return int64_t{0};
    return IntegerSetting(ctx, *field, plan.effective_input);
  };
  Outcome<int64_t> max_items = limit(b.max_items_per_batch);
  if (!max_items.ok()) return max_items.failure();
  Outcome<int64_t> max_bytes = limit(b.max_input_bytes_per_batch);
  if (!max_bytes.ok()) return max_bytes.failure();
  Json batch_input = Json::object();
  if (b.batch_input) {
    Outcome<dataflow::Value> v =
        EvaluateField(ctx, *b.batch_input, MakeScope(ctx, plan.effective_input));
    if (!v.ok()) return v.failure();
    if (v.value()) batch_input = std::move(*std::move(v).value());
    if (b.batch_input->IsJsonata() && !batch_input.is_object()) {
      return JsonataTypeFailure(ctx, *b.batch_input, "object", batch_input);
    }
  }

  Json batches = Json::array();
  Json current = Json::array();
  size_t current_bytes = 0;
  // Each batch is {"BatchInput": <BatchInput>, "Items": [...]}, BatchInput
  // under its own key rather than merged (developer guide, "ItemBatcher
  // (Map)": the BatchInput example; AWS's recorded Map outputs).
  auto flush = [&] {
    if (current.empty()) return;
    Json batch = Json::object();
    if (b.batch_input) batch["BatchInput"] = batch_input;
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
  dataflow::EvalScope scope = MakeScope(ctx, effective_input);
  dataflow::EvalScope with_item{effective_input, *context,  scope.variables,
                                scope.random,    scope.now, scope.states_input};
  Outcome<dataflow::Value> selected = EvaluateField(ctx, *ctx.state.item_selector, with_item);
  if (!selected.ok()) return selected.failure();
  if (!selected.value()) return Json();
  return std::move(*std::move(selected).value());
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
