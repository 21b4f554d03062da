// An ObjectStore over a local folder (--s3-dir DIR): bucket B is the folder
// DIR/B, object K the file DIR/B/K (a key's slashes are sub-folders). A
// bucket must exist as a folder; writing creates the folders a key needs.
// Keys that would leave the bucket's folder ("..", absolute) are refused.
// File I/O runs on the WorkerPool, never on the caller's thread. ETags are
// the MD5 of the content, as S3 gives them for single-part uploads.
// Thread-safe.
#pragma once

#include <filesystem>

#include "emulator/core/worker_pool.h"
#include "emulator/integrations/object_store.h"

namespace sfn::integrations {

class LocalObjectStore : public ObjectStore {
 public:
  LocalObjectStore(std::filesystem::path root, WorkerPool& pool)
      : root_(std::move(root)), pool_(pool) {}

  void Get(std::string bucket, std::string key,
           std::function<void(Outcome<std::string>)> done) override;
  void List(std::string bucket, std::string prefix,
            std::function<void(Outcome<Json>)> done) override;
  void Put(std::string bucket, std::string key, std::string body,
           std::function<void(Outcome<Json>)> done) override;

 private:
  std::filesystem::path root_;
  WorkerPool& pool_;
};

}  // namespace sfn::integrations
