// Function code on disk: each zip is kept and unpacked once under
// <root>/<function>/<sha256 hex>/ (root is <data-dir>/lambda, or a temp dir
// with --in-memory), so versions sharing code share a directory and a
// version's directory never changes (versions are immutable). Unpacking
// uses the local python3's zipfile (no extra Debian package), keeping the
// files' Unix modes (an executable `bootstrap` stays executable).
//
// Save blocks for the unpacking (tens of milliseconds): the LambdaService
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
  std::string dir;     // the unpacked files
};

class CodeStore {
 public:
  CodeStore(std::filesystem::path root, std::string python);

  // kInvalidParameterValueException for bytes that are not a zip archive
  // (AWS: "Could not unzip uploaded file. Please check your file, then try
  // to upload again."); kServiceException when the disk fails.
  Result<StoredCode> Save(const std::string& function_name, const std::string& zip);
  // Removes a deleted function's files (best effort).
  void RemoveFunction(const std::string& function_name);
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::string python_;
};

}  // namespace sfn::lambda
