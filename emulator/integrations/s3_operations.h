// The S3 operations `aws-sdk:s3:<action>` runs, over S3's REST-XML protocol
// (botocore's s3 model: each operation's method and URI, and which members go
// to the path, the query, headers or the body), path-style
// (`/<Bucket>/<Key>`), and how each answer becomes the SDK's output (headers
// and XML elements as PascalCase members, numbers and booleans typed, an
// object's Body as text, dates as ISO 8601).
//
// Supported: getObject, headObject, putObject, deleteObject, copyObject,
// listObjectsV2, listBuckets, createBucket, deleteBucket, headBucket. Other
// services of this tree reading or writing S3 objects build their requests
// here too. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"
#include "emulator/engine/http_port.h"
#include "emulator/integrations/aws_client.h"

namespace sfn::integrations {

bool IsS3Operation(std::string_view action);

// The request of `action` (camelCase, as in the resource) with the aws-sdk
// `parameters`; a missing Bucket or Key fails with States.Runtime naming it.
Outcome<AwsRequest> S3Request(std::string_view action, const Json& parameters);

// The output of a 2xx answer to `action`.
Json S3Output(std::string_view action, const engine::HttpAnswer& answer);

// "/<bucket>/<key>" with the key percent-encoded (its slashes kept).
std::string S3ObjectPath(std::string_view bucket, std::string_view key);

}  // namespace sfn::integrations
