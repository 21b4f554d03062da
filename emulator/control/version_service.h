// Use cases on state machine versions: publish, list, delete, and describe a
// version (AWS API reference: PublishStateMachineVersion,
// ListStateMachineVersions, DeleteStateMachineVersion, DescribeStateMachine
// on a version ARN).
//
// A version is a number that names one immutable definition revision; the
// numbers of a state machine only grow (a deleted number is never reused).
// Results are typed; api/ writes AWS's shapes. Not thread-safe: runs on the
// engine thread, which owns the Repository.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/paging.h"
#include "emulator/control/ports.h"
#include "emulator/control/start_targets.h"
#include "emulator/core/clock.h"
#include "emulator/core/time.h"

namespace sfn::control {

// DescribeStateMachine's answer, for a state machine's head or for a
// version (whose ARN is then `state_machine_arn`).
struct DescribeStateMachineResult {
  std::string state_machine_arn;
  std::string name;
  std::string status = "ACTIVE";  // deletes are immediate: never DELETING
  std::string definition;
  std::string role_arn;
  std::string type;
  TimePoint creation_date;
  Json logging_configuration;  // control/machine_config.h's normal forms
  Json tracing_configuration;
  Json encryption_configuration;
  std::optional<std::string> revision_id;  // once revised (StateMachineRecord::revised)
  std::optional<std::string> description;
  // State name -> the variables it reads; only for a head, and only when
  // some state reads one.
  std::optional<Json> variable_references;
};

struct PublishVersionResult {
  TimePoint creation_date;
  std::string state_machine_version_arn;
};

// One of ListStateMachineVersions' stateMachineVersions.
struct VersionListItem {
  std::string state_machine_version_arn;
  TimePoint creation_date;
};

class VersionService {
 public:
  VersionService(Repository& repo, Clock& clock) : repo_(repo), clock_(clock) {}
  // The start cache to tell of changes (control/start_targets.h); none by
  // default. It must outlive this service.
  void SetStartTargets(StartTargets* targets) { start_targets_ = targets; }

  Result<PublishVersionResult> Publish(const std::string& state_machine_arn,
                                       const std::optional<std::string>& revision_id,
                                       const std::optional<std::string>& description);
  Result<Page<VersionListItem>> List(const std::string& state_machine_arn,
                                     std::optional<int> max_results,
                                     const std::optional<std::string>& token);
  Status Delete(const std::string& version_arn);
  // DescribeStateMachine for a version ARN.
  Result<DescribeStateMachineResult> Describe(const std::string& version_arn);

  // The version of `sm`'s current revision with `description`: the one
  // published before with the same description, else a new one. AWS
  // (PublishStateMachineVersion): "an idempotent API ... Requests with the
  // same parameters return a successful idempotent response"; a new
  // description is a new request (moto's AWS-verified test: an unchanged
  // revision published with another versionDescription is described with
  // it). Used by Publish and by Create/UpdateStateMachine with `publish`.
  Result<VersionRecord> PublishCurrent(const StateMachineRecord& sm,
                                       const std::string& description);

 private:
  Repository& repo_;
  Clock& clock_;
  StartTargets* start_targets_ = nullptr;
};

}  // namespace sfn::control
