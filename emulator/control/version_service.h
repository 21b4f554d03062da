// Use cases on state machine versions: publish, list, delete, and describe a
// version (AWS API reference: PublishStateMachineVersion,
// ListStateMachineVersions, DeleteStateMachineVersion, DescribeStateMachine
// on a version ARN).
//
// A version is a number that names one immutable definition revision; the
// numbers of a state machine only grow (a deleted number is never reused).
// Responses are AWS response shapes as Json. Not thread-safe: runs on the
// engine thread, which owns the Repository.
#pragma once

#include <optional>
#include <string>

#include "emulator/control/ports.h"
#include "emulator/core/clock.h"

namespace sfn::control {

class VersionService {
 public:
  VersionService(Repository& repo, Clock& clock) : repo_(repo), clock_(clock) {}

  Result<Json> Publish(const std::string& state_machine_arn,
                       const std::optional<std::string>& revision_id,
                       const std::optional<std::string>& description);
  Result<Json> List(const std::string& state_machine_arn, std::optional<int> max_results,
                    const std::optional<std::string>& token);
  Result<Json> Delete(const std::string& version_arn);
  // DescribeStateMachine for a version ARN.
  Result<Json> Describe(const std::string& version_arn);

  // The version of `sm`'s current revision: the existing one (AWS: publishing
  // is idempotent for an unchanged revision) or a new one with `description`.
  // Used by Publish and by Create/UpdateStateMachine with `publish`.
  Result<VersionRecord> PublishCurrent(const StateMachineRecord& sm,
                                       const std::string& description);

 private:
  Repository& repo_;
  Clock& clock_;
};

}  // namespace sfn::control
