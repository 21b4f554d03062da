#include "emulator/lambda/code_store.h"

#include <unistd.h>

#include <atomic>
#include <fstream>

#include "emulator/core/hash.h"
#include "emulator/lambda/encoding.h"
#include "emulator/lambda/process.h"
#include "emulator/lambda/runtimes.h"

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

constexpr char kUnzip[] = R"py(import os, sys, zipfile
try:
    z = zipfile.ZipFile(sys.argv[1])
    if z.testzip() is not None:
        sys.exit(3)
    for info in z.infolist():
        path = z.extract(info, sys.argv[2])
        mode = (info.external_attr >> 16) & 0o777
        if mode and not info.is_dir():
            os.chmod(path, mode)
except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
    sys.exit(3)
)py";

Status Unzippable() {
  return Status(ErrorCode::kInvalidParameterValueException,
                "Could not unzip uploaded file. Please check your file, then try to upload "
                "again.");
}

}  // namespace

CodeStore::CodeStore(fs::path root, std::string python)
    : root_(std::move(root)), python_(std::move(python)) {}

Result<StoredCode> CodeStore::Save(const std::string& function_name, const std::string& zip) {
  StoredCode code;
  code.sha256 = CodeSha256(zip);
  code.size = static_cast<int64_t>(zip.size());
  if (zip.size() < 4 || zip.compare(0, 2, "PK") != 0) return Unzippable();
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
  {
    std::ofstream out(zip_tmp, std::ios::binary | std::ios::trunc);
    out.write(zip.data(), static_cast<std::streamsize>(zip.size()));
    if (!out) return Status(ErrorCode::kServiceException, "cannot write " + zip_tmp.string());
  }
  SpawnSpec spec;
  spec.argv = {ResolvePython(python_), "-c", kUnzip, zip_tmp.string(), tmp.string()};
  spec.env = {"PATH=/usr/local/bin:/usr/bin:/bin"};
  if (const char* home = std::getenv("HOME")) spec.env.push_back(std::string("HOME=") + home);
  if (const char* path = std::getenv("PATH")) spec.env[0] = std::string("PATH=") + path;
  auto child = ChildProcess::Spawn(spec);
  if (!child.ok()) {
    fs::remove(zip_tmp, ec);
    return child.status();
  }
  (*child)->CloseStdin();
  std::string out, log;
  (*child)->ReadToEnd(std::chrono::steady_clock::now() + std::chrono::seconds(60), out, log);
  int rc = (*child)->Wait();
  if (rc != 0) {
    fs::remove_all(tmp, ec);
    fs::remove(zip_tmp, ec);
    if (rc == 3) return Unzippable();
    return Status(ErrorCode::kServiceException, "unpacking the code failed: " + out + log);
  }
  fs::rename(zip_tmp, zip_path, ec);
  fs::create_directories(tmp, ec);  // an empty zip still gets a directory
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
