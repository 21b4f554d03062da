#include "emulator/asl/field_table.h"

namespace sfn::asl {
namespace {

constexpr uint8_t kJsonPath = LanguageBit(QueryLanguage::kJsonPath);
constexpr uint8_t kJsonata = LanguageBit(QueryLanguage::kJsonata);
constexpr uint8_t kBoth = kJsonPath | kJsonata;

constexpr uint16_t kPass = StateTypeBit(StateType::kPass);
constexpr uint16_t kWait = StateTypeBit(StateType::kWait);
constexpr uint16_t kChoice = StateTypeBit(StateType::kChoice);
constexpr uint16_t kSucceed = StateTypeBit(StateType::kSucceed);
constexpr uint16_t kFail = StateTypeBit(StateType::kFail);
constexpr uint16_t kTask = StateTypeBit(StateType::kTask);
constexpr uint16_t kParallel = StateTypeBit(StateType::kParallel);
constexpr uint16_t kMap = StateTypeBit(StateType::kMap);

constexpr uint16_t kAll = kPass | kWait | kChoice | kSucceed | kFail | kTask | kParallel | kMap;
constexpr uint16_t kAllButFail = kAll & ~kFail;
// States with a transition of their own (Next or End).
constexpr uint16_t kTransitions = kPass | kWait | kTask | kParallel | kMap;
// States that produce a result (ResultPath, ResultSelector).
constexpr uint16_t kWorkers = kTask | kParallel | kMap;
constexpr uint16_t kAssigners = kAllButFail & ~kSucceed;

constexpr FieldOwner kState = FieldOwner::kState;

constexpr FieldRule kRules[] = {
    // Common state fields.
    {"Type", kState, kBoth, kAll},
    {"Comment", kState, kBoth, kAll},
    {"QueryLanguage", kState, kBoth, kAll},
    {"Next", kState, kBoth, kTransitions},
    {"End", kState, kBoth, kTransitions},
    // Input and output: JSONPath's paths and templates, JSONata's Arguments/Output.
    {"InputPath", kState, kJsonPath, kAllButFail},
    {"Parameters", kState, kJsonPath, kPass | kWorkers},  // Map: the legacy ItemSelector
    {"Result", kState, kJsonPath, kPass},
    {"ResultSelector", kState, kJsonPath, kWorkers},
    {"ResultPath", kState, kJsonPath, kPass | kWorkers},
    {"OutputPath", kState, kJsonPath, kAllButFail},
    {"Arguments", kState, kJsonata, kTask | kParallel},
    {"Output", kState, kJsonata, kAllButFail},
    {"Assign", kState, kBoth, kAssigners},
    // Wait.
    {"Seconds", kState, kBoth, kWait},
    {"Timestamp", kState, kBoth, kWait},
    {"SecondsPath", kState, kJsonPath, kWait},
    {"TimestampPath", kState, kJsonPath, kWait},
    // Choice.
    {"Choices", kState, kBoth, kChoice},
    {"Default", kState, kBoth, kChoice},
    // Fail.
    {"Error", kState, kBoth, kFail},
    {"ErrorPath", kState, kJsonPath, kFail},
    {"Cause", kState, kBoth, kFail},
    {"CausePath", kState, kJsonPath, kFail},
    // Task.
    {"Resource", kState, kBoth, kTask},
    {"TimeoutSeconds", kState, kBoth, kTask},
    {"TimeoutSecondsPath", kState, kJsonPath, kTask},
    {"HeartbeatSeconds", kState, kBoth, kTask},
    {"HeartbeatSecondsPath", kState, kJsonPath, kTask},
    {"Credentials", kState, kBoth, kTask},
    // Parallel.
    {"Branches", kState, kBoth, kParallel},
    // Map.
    {"ItemProcessor", kState, kBoth, kMap},
    {"Iterator", kState, kBoth, kMap},
    {"Items", kState, kJsonata, kMap},
    {"ItemsPath", kState, kJsonPath, kMap},
    {"ItemSelector", kState, kBoth, kMap},
    {"ItemReader", kState, kBoth, kMap},
    {"ItemBatcher", kState, kBoth, kMap},
    {"ResultWriter", kState, kBoth, kMap},
    {"MaxConcurrency", kState, kBoth, kMap},
    {"MaxConcurrencyPath", kState, kJsonPath, kMap},
    {"ToleratedFailurePercentage", kState, kBoth, kMap},
    {"ToleratedFailurePercentagePath", kState, kJsonPath, kMap},
    {"ToleratedFailureCount", kState, kBoth, kMap},
    {"ToleratedFailureCountPath", kState, kJsonPath, kMap},
    {"Label", kState, kBoth, kMap},
    // Error handling (Task, Parallel, Map).
    {"Retry", kState, kBoth, kWorkers},
    {"Catch", kState, kBoth, kWorkers},

    // The definition itself (its QueryLanguage is read after this check).
    {"StartAt", FieldOwner::kTopLevel, kBoth, 0},
    {"States", FieldOwner::kTopLevel, kBoth, 0},
    {"Comment", FieldOwner::kTopLevel, kBoth, 0},
    {"Version", FieldOwner::kTopLevel, kBoth, 0},
    {"TimeoutSeconds", FieldOwner::kTopLevel, kBoth, 0},
    {"QueryLanguage", FieldOwner::kTopLevel, kBoth, 0},
    // A Parallel branch; a Map's ItemProcessor (or Iterator).
    {"StartAt", FieldOwner::kBody, kBoth, 0},
    {"States", FieldOwner::kBody, kBoth, 0},
    {"Comment", FieldOwner::kBody, kBoth, 0},
    {"StartAt", FieldOwner::kProcessor, kBoth, 0},
    {"States", FieldOwner::kProcessor, kBoth, 0},
    {"Comment", FieldOwner::kProcessor, kBoth, 0},
    {"ProcessorConfig", FieldOwner::kProcessor, kBoth, 0},
    {"Mode", FieldOwner::kProcessorConfig, kBoth, 0},
    {"ExecutionType", FieldOwner::kProcessorConfig, kBoth, 0},
    // Retry and Catch entries.
    {"ErrorEquals", FieldOwner::kRetrier, kBoth, 0},
    {"IntervalSeconds", FieldOwner::kRetrier, kBoth, 0},
    {"MaxAttempts", FieldOwner::kRetrier, kBoth, 0},
    {"BackoffRate", FieldOwner::kRetrier, kBoth, 0},
    {"MaxDelaySeconds", FieldOwner::kRetrier, kBoth, 0},
    {"JitterStrategy", FieldOwner::kRetrier, kBoth, 0},
    {"Comment", FieldOwner::kRetrier, kBoth, 0},
    {"ErrorEquals", FieldOwner::kCatcher, kBoth, 0},
    {"Next", FieldOwner::kCatcher, kBoth, 0},
    {"ResultPath", FieldOwner::kCatcher, kJsonPath, 0},
    {"Output", FieldOwner::kCatcher, kJsonata, 0},
    {"Assign", FieldOwner::kCatcher, kBoth, 0},
    {"Comment", FieldOwner::kCatcher, kBoth, 0},
    // Task Credentials.
    {"RoleArn", FieldOwner::kCredentials, kBoth, 0},
    {"RoleArn.$", FieldOwner::kCredentials, kJsonPath, 0},
    // A JSONata Choice rule (JSONPath rules are operators: choice_parser.cc).
    {"Condition", FieldOwner::kJsonataChoiceRule, kJsonata, 0},
    {"Next", FieldOwner::kJsonataChoiceRule, kJsonata, 0},
    {"Assign", FieldOwner::kJsonataChoiceRule, kJsonata, 0},
    {"Output", FieldOwner::kJsonataChoiceRule, kJsonata, 0},
    {"Comment", FieldOwner::kJsonataChoiceRule, kJsonata, 0},
};

bool Applies(const FieldRule& rule, FieldOwner owner, StateType type, QueryLanguage language) {
  if (rule.owner != owner || (rule.languages & LanguageBit(language)) == 0) return false;
  return owner != FieldOwner::kState || (rule.state_types & StateTypeBit(type)) != 0;
}

}  // namespace

std::span<const FieldRule> FieldRules() { return kRules; }

bool FieldAllowed(FieldOwner owner, StateType type, QueryLanguage language, std::string_view name) {
  for (const FieldRule& rule : kRules) {
    if (rule.name == name && Applies(rule, owner, type, language)) return true;
  }
  return false;
}

std::vector<std::string_view> AllowedFields(FieldOwner owner, StateType type,
                                            QueryLanguage language) {
  std::vector<std::string_view> out;
  for (const FieldRule& rule : kRules) {
    if (Applies(rule, owner, type, language)) out.push_back(rule.name);
  }
  return out;
}

}  // namespace sfn::asl
