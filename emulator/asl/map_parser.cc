// Parsing of the Map state's own fields (Amazon States Language, "Map
// state"; "Map state input and output fields"): the processor, the items and
// how they are selected, batched and read, concurrency and tolerance.
#include <string>
#include <utility>

#include "emulator/asl/parse_context.h"
#include "emulator/core/names.h"

namespace sfn::asl::internal {
namespace {

// A value that a JSONata state may give as an expression; literal otherwise.
// Its type is checked when the Map runs (as AWS reports it then).
Field LiteralOrExpression(const Json& value, const char* field, QueryLanguage language,
                          const std::string& location, ParseContext& ctx) {
  if (language == QueryLanguage::kJsonata && IsJsonataExpression(value)) {
    if (auto f = CompileJsonataField(value, field, location, ctx)) return *f;
  }
  return LiteralField(field, value);
}

void ParseProcessor(const Json& object, State& state, const std::string& location,
                    ParseContext& ctx) {
  const char* processor_field = object.contains("Iterator") ? "Iterator" : "ItemProcessor";
  if (!object.contains(processor_field)) {
    ctx.Error("These fields are required: [ItemProcessor]", location);
    return;
  }
  const Json& processor = object.at(processor_field);
  std::string loc = Child(location, processor_field);
  state.item_processor = ParseBody(processor, loc, /*item_processor=*/true, ctx);
  if (!processor.is_object() || !processor.contains("ProcessorConfig")) return;
  const Json& config = processor.at("ProcessorConfig");
  std::string config_loc = Child(loc, "ProcessorConfig");
  if (!config.is_object()) {
    ctx.Error("Expected value of type: Object", config_loc);
    return;
  }
  CheckFields(config, FieldOwner::kProcessorConfig, state.query_language, config_loc, ctx);
  if (config.contains("Mode")) {
    const Json& mode = config.at("Mode");
    if (mode != "INLINE" && mode != "DISTRIBUTED") {
      ctx.Error("Mode must be one of [INLINE, DISTRIBUTED]", Child(config_loc, "Mode"));
    } else {
      state.processor_mode = mode.get<std::string>();
    }
  }
}

// ItemBatcher: each limit literal, as its `...Path`, or (JSONata) an expression.
void ParseItemBatcher(const Json& value, State& state, const std::string& location,
                      ParseContext& ctx) {
  // Not an object: no batching, as it has always been read here.
  if (!value.is_object()) return;
  ItemBatcher batcher;
  const QueryLanguage language = state.query_language;
  auto limit = [&](const char* field, std::optional<Field>& out) {
    std::string path_field = std::string(field) + "Path";
    if (value.contains(field)) {
      out = LiteralOrExpression(value.at(field), field, language, Child(location, field), ctx);
    } else if (language == QueryLanguage::kJsonPath && value.contains(path_field)) {
      out = CompilePathField(value.at(path_field), path_field, Child(location, path_field), ctx);
    }
  };
  limit("MaxItemsPerBatch", batcher.max_items_per_batch);
  limit("MaxInputBytesPerBatch", batcher.max_input_bytes_per_batch);
  if (value.contains("BatchInput")) {
    const Json& input = value.at("BatchInput");
    batcher.batch_input =
        language == QueryLanguage::kJsonata
            ? CompileJsonataField(input, "BatchInput", Child(location, "BatchInput"), ctx)
            : LiteralField("BatchInput", input);
  }
  state.item_batcher = std::move(batcher);
}

// ItemReader: the read's resource, its arguments, ReaderConfig.
void ParseItemReader(const Json& value, State& state, const std::string& location,
                     ParseContext& ctx) {
  ItemReader reader;
  if (value.is_object()) {
    const QueryLanguage language = state.query_language;
    if (value.contains("Resource") && value.at("Resource").is_string()) {
      reader.resource = value.at("Resource").get<std::string>();
    }
    const char* args = language == QueryLanguage::kJsonata ? "Arguments" : "Parameters";
    if (value.contains(args)) {
      reader.arguments =
          CompileValueField(value.at(args), args, language, Child(location, args), ctx);
    }
    if (value.contains("ReaderConfig") && value.at("ReaderConfig").is_object()) {
      const Json& config = value.at("ReaderConfig");
      std::string config_loc = Child(location, "ReaderConfig");
      reader.reader_config = config;
      if (config.contains("MaxItems")) {
        reader.max_items = LiteralOrExpression(config.at("MaxItems"), "MaxItems", language,
                                               Child(config_loc, "MaxItems"), ctx);
      } else if (language == QueryLanguage::kJsonPath && config.contains("MaxItemsPath")) {
        reader.max_items = CompilePathField(config.at("MaxItemsPath"), "MaxItemsPath",
                                            Child(config_loc, "MaxItemsPath"), ctx);
      }
    }
  }
  state.item_reader = std::move(reader);
}

// ResultWriter: the write's resource, its arguments, WriterConfig.
void ParseResultWriter(const Json& value, State& state, const std::string& location,
                       ParseContext& ctx) {
  ResultWriter writer;
  if (value.is_object()) {
    const QueryLanguage language = state.query_language;
    if (value.contains("Resource") && value.at("Resource").is_string()) {
      writer.resource = value.at("Resource").get<std::string>();
    }
    const char* args = language == QueryLanguage::kJsonata ? "Arguments" : "Parameters";
    if (value.contains(args)) {
      writer.arguments =
          CompileValueField(value.at(args), args, language, Child(location, args), ctx);
    }
    if (value.contains("WriterConfig") && value.at("WriterConfig").is_object()) {
      writer.writer_config = value.at("WriterConfig");
    }
  }
  state.result_writer = std::move(writer);
}

}  // namespace

void ParseMap(const Json& object, State& state, const std::string& location, ParseContext& ctx) {
  const bool jsonata = state.query_language == QueryLanguage::kJsonata;
  if (object.contains("ItemProcessor") && object.contains("Iterator")) {
    ctx.Error("Fields 'ItemProcessor' and 'Iterator' are mutually exclusive", location);
    return;
  }
  ParseProcessor(object, state, location, ctx);
  if (jsonata) {
    if (object.contains("Items")) {
      state.items = CompileJsonataField(object.at("Items"), "Items", Child(location, "Items"), ctx);
    }
    if (object.contains("ItemSelector")) {
      state.item_selector = CompileJsonataField(object.at("ItemSelector"), "ItemSelector",
                                                Child(location, "ItemSelector"), ctx);
    }
  } else {
    ParsePathInto(object, "ItemsPath", state.items, location, ctx);
    if (object.contains("ItemSelector") && object.contains("Parameters")) {
      ctx.Error("Fields 'ItemSelector' and 'Parameters' are mutually exclusive", location);
    } else {
      for (const char* field : {"ItemSelector", "Parameters"}) {
        if (object.contains(field)) {
          state.item_selector =
              CompileTemplateField(object.at(field), field, Child(location, field), ctx);
        }
      }
    }
    ParsePathInto(object, "MaxConcurrencyPath", state.max_concurrency, location, ctx);
    ParsePathInto(object, "ToleratedFailurePercentagePath", state.tolerated_failure_percentage,
                  location, ctx);
    ParsePathInto(object, "ToleratedFailureCountPath", state.tolerated_failure_count, location,
                  ctx);
  }
  // A literal and its `...Path` together: the path decides (as it always has
  // here), so the literal only fills an empty slot.
  auto keep = [](std::optional<Field>& slot, std::optional<Field> literal) {
    if (!slot) slot = std::move(literal);
  };
  if (object.contains("ToleratedFailureCount")) {
    keep(state.tolerated_failure_count,
         IntegerOrExpression(object, "ToleratedFailureCount", 0, state, location, ctx));
  }
  if (object.contains("ToleratedFailurePercentage")) {
    const Json& v = object.at("ToleratedFailurePercentage");
    std::string loc = Child(location, "ToleratedFailurePercentage");
    if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 100) {
      keep(state.tolerated_failure_percentage, LiteralField("ToleratedFailurePercentage", v));
    } else if (jsonata && IsJsonataExpression(v)) {
      state.tolerated_failure_percentage =
          CompileJsonataField(v, "ToleratedFailurePercentage", loc, ctx);
    } else {
      ctx.Error("ToleratedFailurePercentage must be a number between 0 and 100", loc);
    }
  }
  if (object.contains("ItemReader")) {
    ParseItemReader(object.at("ItemReader"), state, Child(location, "ItemReader"), ctx);
  }
  if (object.contains("ResultWriter")) {
    ParseResultWriter(object.at("ResultWriter"), state, Child(location, "ResultWriter"), ctx);
  }
  if (object.contains("ItemBatcher")) {
    ParseItemBatcher(object.at("ItemBatcher"), state, Child(location, "ItemBatcher"), ctx);
  }
  if (object.contains("MaxConcurrency")) {
    keep(state.max_concurrency,
         IntegerOrExpression(object, "MaxConcurrency", 0, state, location, ctx));
  }
  if (object.contains("Label") && object.at("Label").is_string()) {
    state.label = object.at("Label").get<std::string>();
    // Developer guide, Map state "Label": at most 40 characters, unique
    // within the definition, none of the characters core/names.h lists.
    std::string loc = Child(location, "Label");
    if (!CheckName(NameKind::kMapRunLabel, *state.label).ok()) {
      ctx.Error("The label '" + *state.label +
                    "' must be 1 to 40 characters long and must not contain whitespace, "
                    "brackets, wildcards, special characters or control characters",
                loc, kInvalidLabelName);
    } else if (!ctx.map_labels.insert(*state.label).second) {
      ctx.Error("The label '" + *state.label + "' is used by more than one Map state", loc,
                kDuplicateLabelName);
    }
  }
}

}  // namespace sfn::asl::internal
