// Where a distributed Map's ItemReader reads and its ResultWriter writes
// (Step Functions developer guide, "ItemReader (Map)", "ResultWriter
// (Map)"): Amazon S3 through an endpoint, or a local folder (--s3-dir DIR,
// one sub-folder per bucket) for users with no S3 emulator.
//
// Calls never block their caller (the engine thread dispatches them) and
// report exactly once through `done`, on a worker thread, so the caller may
// parse what was read there. A failure carries the cause to report; the
// caller names the error (States.ItemReaderFailed, States.ResultWriterFailed).
// Implementations are thread-safe.
#pragma once

#include <functional>
#include <string>

#include "emulator/core/failure.h"
#include "emulator/core/json.h"

namespace sfn::integrations {

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;
  // The object's bytes (GetObject).
  virtual void Get(std::string bucket, std::string key,
                   std::function<void(Outcome<std::string>)> done) = 0;
  // Every object under `prefix`, in key order, as AWS's listObjectsV2 reader
  // gives them: [{"Etag": "\"<md5>\"", "Key", "LastModified": <epoch s>,
  // "Size", "StorageClass": "STANDARD"}].
  virtual void List(std::string bucket, std::string prefix,
                    std::function<void(Outcome<Json>)> done) = 0;
  // Writes the object (PutObject); the answer is null.
  virtual void Put(std::string bucket, std::string key, std::string body,
                   std::function<void(Outcome<Json>)> done) = 0;
};

}  // namespace sfn::integrations
