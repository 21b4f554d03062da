// Use cases on state machines: create, describe, update, delete, list,
// validate, and tags (AWS Step Functions API reference, one section each).
//
// Requests are typed (the api/ module has checked member types and
// presence); results are typed too, with TimePoint dates and optional
// members, and api/ writes them in AWS's wire shapes. Errors are Status codes
// named as AWS names them. Not thread-safe: all calls run on the engine
// thread, which owns the Repository.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "emulator/asl/definition.h"
#include "emulator/asl/parser.h"
#include "emulator/control/context.h"
#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/control/start_targets.h"
#include "emulator/control/version_service.h"
#include "emulator/core/clock.h"
#include "emulator/core/random.h"
#include "emulator/core/time.h"

namespace sfn::control {

struct CreateStateMachineRequest {
  std::string name;
  std::string definition;
  std::string role_arn;
  std::string type = "STANDARD";
  std::optional<Json> logging_configuration;
  std::optional<Json> tracing_configuration;
  std::optional<Json> encryption_configuration;
  Tags tags;
  bool publish = false;
  std::optional<std::string> version_description;
};

struct UpdateStateMachineRequest {
  std::string state_machine_arn;
  std::optional<std::string> definition;
  std::optional<std::string> role_arn;
  std::optional<Json> logging_configuration;
  std::optional<Json> tracing_configuration;
  std::optional<Json> encryption_configuration;
  bool publish = false;
  std::optional<std::string> version_description;
};

struct CreateStateMachineResult {
  std::string state_machine_arn;
  TimePoint creation_date;
  std::optional<std::string> state_machine_version_arn;  // with `publish`
};

struct UpdateStateMachineResult {
  TimePoint update_date;
  std::optional<std::string> revision_id;  // once revised (StateMachineRecord::revised)
  std::optional<std::string> state_machine_version_arn;  // with `publish`
};

// One of ListStateMachines' stateMachines.
struct StateMachineListItem {
  std::string state_machine_arn;
  std::string name;
  std::string type;
  TimePoint creation_date;
};

// ValidateStateMachineDefinition's answer.
struct ValidateDefinitionResult {
  bool ok = true;                            // no ERROR diagnostic (result OK, else FAIL)
  std::vector<asl::Diagnostic> diagnostics;  // at most maxResults of them
  bool truncated = false;                    // some were left out
};

class StateMachineService : public engine::DefinitionSource {
 public:
  // `versions` publishes for Create/Update with `publish` and describes
  // version ARNs; it must outlive this service.
  StateMachineService(Repository& repo, Clock& clock, Random& random, VersionService& versions)
      : repo_(repo), clock_(clock), random_(random), versions_(versions) {}
  // The start cache to tell of changes (control/start_targets.h); none by
  // default. It must outlive this service.
  void SetStartTargets(StartTargets* targets) { start_targets_ = targets; }

  Result<CreateStateMachineResult> Create(const RequestContext& ctx,
                                          const CreateStateMachineRequest& req);
  // A state machine ARN describes its head; a version ARN that version.
  Result<DescribeStateMachineResult> Describe(const std::string& arn);
  // Updates the head; a change of definition, role or configuration makes a
  // new revision.
  Result<UpdateStateMachineResult> Update(const UpdateStateMachineRequest& req);
  Status Delete(const std::string& arn);
  Result<Page<StateMachineListItem>> List(std::optional<int> max_results,
                                          const std::optional<std::string>& token);
  ValidateDefinitionResult Validate(const std::string& definition, const std::string& type,
                                    std::optional<int> max_results);

  Status TagResource(const std::string& arn, const Tags& tags);
  Status UntagResource(const std::string& arn, const std::vector<std::string>& keys);
  Result<Tags> ListTags(const std::string& arn);

  // The compiled definition of a revision, cached; executions share it.
  Result<asl::DefinitionPtr> LoadDefinition(const std::string& revision_id);
  // engine::DefinitionSource: the engine resumes executions with these.
  Result<asl::DefinitionPtr> Load(const std::string& revision_id) override {
    return LoadDefinition(revision_id);
  }
  // The head of an existing state machine, or kStateMachineDoesNotExist.
  Result<StateMachineRecord> Require(const std::string& arn);

 private:
  Status CheckResourceExists(const std::string& arn);
  // Publishes `sm`'s current revision when `publish`: the version's ARN.
  Result<std::optional<std::string>> MaybePublish(bool publish,
                                                  const std::optional<std::string>& description,
                                                  const StateMachineRecord& sm);

  Repository& repo_;
  Clock& clock_;
  Random& random_;
  VersionService& versions_;
  std::map<std::string, asl::DefinitionPtr> definitions_;
  StartTargets* start_targets_ = nullptr;
};

}  // namespace sfn::control
