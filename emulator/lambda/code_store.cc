#include "emulator/lambda/code_store.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <vector>

#include "emulator/core/hash.h"
#include "emulator/lambda/encoding.h"
#include "emulator/lambda/unzip.h"

namespace sfn::lambda {

namespace fs = std::filesystem;

CodeStore::CodeStore(fs::path root) : root_(std::move(root)) { RemoveUnfinished(); }

void CodeStore::RemoveUnfinished() {
  // Saves work under "<hex>.<pid>.<n>.tmp" and "....zip.tmp" and rename into
  // place when done: whatever still has such a name was cut short.
  std::error_code ec;
  for (fs::directory_iterator fn(root_, ec), end; !ec && fn != end; fn.increment(ec)) {
    if (!fn->is_directory(ec)) continue;
    std::vector<fs::path> unfinished;
    for (fs::directory_iterator e(fn->path(), ec); !ec && e != end; e.increment(ec)) {
      if (e->path().filename().string().ends_with(".tmp")) unfinished.push_back(e->path());
    }
    for (const fs::path& p : unfinished) fs::remove_all(p, ec);
    ec.clear();
  }
}

Result<StoredCode> CodeStore::Save(const std::string& function_name, const std::string& zip) {
  StoredCode code;
  code.sha256 = CodeSha256(zip);
  code.size = static_cast<int64_t>(zip.size());
  std::string hex = DigestHex(HashAlgorithm::kSha256, zip);
  fs::path dir = root_ / function_name / hex;
  code.dir = dir.string();
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return code;
  fs::create_directories(root_ / function_name, ec);
  if (ec) return Status(ErrorCode::kServiceException, "cannot create " + dir.string());
  // Saves may run concurrently (on worker threads): each works in its own
  // temporary names and renames into place; the first one to finish wins.
  static std::atomic<uint64_t> counter{0};
  std::string unique = hex + "." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  fs::path zip_path = root_ / function_name / (hex + ".zip");
  fs::path zip_tmp = root_ / function_name / (unique + ".zip.tmp");
  fs::path tmp = root_ / function_name / (unique + ".tmp");
  Status unpacked = Unzip(zip, tmp);
  if (!unpacked.ok()) {
    fs::remove_all(tmp, ec);
    return unpacked;
  }
  {
    std::ofstream out(zip_tmp, std::ios::binary | std::ios::trunc);
    out.write(zip.data(), static_cast<std::streamsize>(zip.size()));
    if (!out) {
      fs::remove_all(tmp, ec);
      fs::remove(zip_tmp, ec);
      return Status(ErrorCode::kServiceException, "cannot write " + zip_tmp.string());
    }
  }
  fs::rename(zip_tmp, zip_path, ec);
  fs::rename(tmp, dir, ec);
  if (ec) {
    fs::remove_all(tmp, ec);
    if (!fs::is_directory(dir, ec)) {
      return Status(ErrorCode::kServiceException, "cannot move the code into " + dir.string());
    }
  }
  return code;
}

void CodeStore::RemoveFunction(const std::string& function_name) {
  std::error_code ec;
  fs::remove_all(root_ / function_name, ec);
}

}  // namespace sfn::lambda
