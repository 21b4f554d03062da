// Function code on disk: each zip is kept and unpacked once under
// <root>/<function>/<sha256 hex>/ (root is <data-dir>/lambda, or a temp dir
// with --in-memory), so versions sharing code share a directory and a
// version's directory never changes (versions are immutable). Unpacking
// (emulator/lambda/unzip.h, libzip) keeps the files' Unix modes (an
// executable `bootstrap` stays executable) and refuses entries that would
// land outside the directory.
//
// Save blocks for the unpacking (milliseconds per MB): the LambdaService
// runs it on a worker thread. Thread-safe: concurrent saves, even of the same
// code, work in temporary names and rename into place.
#pragma once

#include <filesystem>
#include <string>

#include "emulator/core/status.h"

namespace sfn::lambda {

struct StoredCode {
  std::string sha256;  // base64, as CodeSha256
  int64_t size = 0;
  std::string dir;  // the unpacked files
};

class CodeStore {
 public:
  // Removes what unfinished saves left under `root` (the emulator was killed
  // while unpacking): one process owns a data directory (store/
  // data_dir_lock.h), so nothing else is writing there.
  explicit CodeStore(std::filesystem::path root);

  // kInvalidParameterValueException for a package Lambda refuses (see
  // Unzip: not a zip, an entry leaving the directory, too large unzipped);
  // kServiceException when the disk fails.
  Result<StoredCode> Save(const std::string& function_name, const std::string& zip);
  // Removes a deleted function's files (best effort).
  void RemoveFunction(const std::string& function_name);
  const std::filesystem::path& root() const { return root_; }

 private:
  void RemoveUnfinished();
  std::filesystem::path root_;
};

}  // namespace sfn::lambda
