// The manifests a distributed Map's ItemReader can start from (Step
// Functions developer guide, "ItemReader (Map)"): a manifest names the data
// objects to read, and says how to parse them.
//
//  - An Amazon S3 inventory report (ReaderConfig `"InputType": "MANIFEST"`,
//    or `"ManifestType": "S3_INVENTORY"` without InputType): its
//    manifest.json lists `files[].key` in `destinationBucket`, CSV (gzip'd)
//    without a header row, the columns named by `fileSchema`; each row is an
//    item {"Bucket", "Key", "Size", "LastModifiedDate", ...}, all strings.
//  - An Athena UNLOAD manifest (`"ManifestType": "ATHENA_DATA"` with
//    InputType CSV or JSONL): a text file with one `s3://bucket/key` a line;
//    each data object is parsed per the rest of ReaderConfig.
//
// Failures are States.ItemReaderFailed. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "emulator/core/failure.h"
#include "emulator/integrations/item_formats.h"

namespace sfn::integrations {

struct ObjectRef {
  std::string bucket;
  std::string key;
};

struct ManifestPlan {
  std::vector<ObjectRef> files;  // in the manifest's order
  ReaderConfig data;             // how to parse each of them (MaxItems: the whole read's)
};

// What the manifest object's text (already inflated) names, for `config`
// (its manifest_type set).
Outcome<ManifestPlan> ParseManifest(std::string_view body, const ReaderConfig& config);

}  // namespace sfn::integrations
