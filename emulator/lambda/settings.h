// The configuration members of a Lambda function that a caller sets and the
// emulator keeps without acting on them (API reference, CreateFunction and
// UpdateFunctionConfiguration; FunctionConfiguration for what comes back):
// Architectures, EphemeralStorage, TracingConfig, LoggingConfig,
// DeadLetterConfig, KMSKeyArn, VpcConfig, Layers, FileSystemConfigs and
// SnapStart. They live in FunctionVersion::settings as the request gave them
// (each member given replaces the stored one; a published version keeps its
// copy), and every answer shows them with AWS's defaults for the ones never
// set: Architectures ["x86_64"], EphemeralStorage {"Size": 512}, TracingConfig
// {"Mode": "PassThrough"}, SnapStart {"ApplyOn": "None", "OptimizationStatus":
// "Off"}, LoggingConfig {"LogFormat": "Text", "LogGroup": "/aws/lambda/<name>"},
// plus RuntimeVersionConfig, which AWS returns for every managed runtime. The
// api/ module has checked the members' types, enums and ranges. Pure
// functions; thread-safe.
#pragma once

#include <string_view>

#include "emulator/core/json.h"
#include "emulator/lambda/model.h"

namespace sfn::lambda {

// The members `settings` may hold, as the request names them.
inline constexpr std::string_view kSettingMembers[] = {
    "Architectures", "EphemeralStorage", "TracingConfig", "LoggingConfig",     "DeadLetterConfig",
    "KMSKeyArn",     "VpcConfig",        "Layers",        "FileSystemConfigs", "SnapStart"};

// `current` with the members of `given` replacing it.
Json MergeSettings(const Json& current, const Json& given);

// Writes the FunctionConfiguration members of `v`'s settings into `config`
// (defaults for those never set; `region` for RuntimeVersionConfig's ARN).
void WriteSettings(const FunctionVersion& v, std::string_view region, Json& config);

}  // namespace sfn::lambda
