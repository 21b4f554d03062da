#include "emulator/integrations/local_object_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "emulator/core/hash.h"

namespace sfn::integrations {
namespace {

namespace fs = std::filesystem;

// S3's error codes and messages.
Failure NoSuchBucket(const std::string& bucket) {
  return Failure{"NoSuchBucket", "The specified bucket does not exist: " + bucket};
}
Failure NoSuchKey(const std::string& key) {
  return Failure{"NoSuchKey", "The specified key does not exist: " + key};
}
Failure InvalidKey(const std::string& key) {
  return Failure{"InvalidArgument", "The key '" + key + "' leaves its bucket's folder."};
}

bool SafeName(const std::string& name) {
  if (name.empty() || name.front() == '/') return false;
  fs::path p(name);
  return std::none_of(p.begin(), p.end(), [](const fs::path& part) { return part == ".."; });
}

bool ReadFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = std::move(s).str();
  return true;
}

}  // namespace

void LocalObjectStore::Get(std::string bucket, std::string key,
                           std::function<void(Outcome<std::string>)> done) {
  pool_.Post(
      [root = root_, bucket = std::move(bucket), key = std::move(key), done = std::move(done)]() {
        if (!SafeName(bucket)) return done(NoSuchBucket(bucket));
        if (!SafeName(key)) return done(InvalidKey(key));
        std::error_code ec;
        if (!fs::is_directory(root / bucket, ec)) return done(NoSuchBucket(bucket));
        std::string body;
        if (!fs::is_regular_file(root / bucket / key, ec) || !ReadFile(root / bucket / key, body)) {
          return done(NoSuchKey(key));
        }
        done(std::move(body));
      });
}

void LocalObjectStore::List(std::string bucket, std::string prefix,
                            std::function<void(Outcome<Json>)> done) {
  pool_.Post([root = root_, bucket = std::move(bucket), prefix = std::move(prefix),
              done = std::move(done)]() {
    if (!SafeName(bucket)) return done(NoSuchBucket(bucket));
    fs::path dir = root / bucket;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return done(NoSuchBucket(bucket));
    std::vector<std::pair<std::string, fs::path>> files;
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      std::string key = fs::relative(it->path(), dir, ec).generic_string();
      if (key.rfind(prefix, 0) == 0) files.emplace_back(std::move(key), it->path());
    }
    std::sort(files.begin(), files.end());
    Json items = Json::array();
    for (const auto& [key, path] : files) {
      std::string body;
      if (!ReadFile(path, body)) continue;
      struct stat st {};
      int64_t modified = ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_mtime) : 0;
      items.push_back(Json{{"Etag", "\"" + DigestHex(HashAlgorithm::kMd5, body) + "\""},
                           {"Key", key},
                           {"LastModified", modified},
                           {"Size", static_cast<int64_t>(body.size())},
                           {"StorageClass", "STANDARD"}});
    }
    done(std::move(items));
  });
}

void LocalObjectStore::Put(std::string bucket, std::string key, std::string body,
                           std::function<void(Outcome<Json>)> done) {
  pool_.Post([root = root_, bucket = std::move(bucket), key = std::move(key),
              body = std::move(body), done = std::move(done)]() {
    if (!SafeName(bucket)) return done(NoSuchBucket(bucket));
    if (!SafeName(key)) return done(InvalidKey(key));
    std::error_code ec;
    if (!fs::is_directory(root / bucket, ec)) return done(NoSuchBucket(bucket));
    fs::path path = root / bucket / key;
    fs::create_directories(path.parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << body;
    out.close();
    if (!out) {
      return done(Failure{"InternalError", "Cannot write " + path.string() + "."});
    }
    done(Json());
  });
}

}  // namespace sfn::integrations
