#include "emulator/lambda/unzip.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

constexpr mode_t kDefaultFileMode = 0644;
// A symbolic link's target is a path: longer than PATH_MAX is not one.
constexpr uint64_t kMaxLinkTarget = 4096;

Status Unzippable() {
  return Status(ErrorCode::kInvalidParameterValueException,
                "Could not unzip uploaded file. Please check your file, then try to upload "
                "again.");
}

Status TooLarge(uint64_t max) {
  return Status(ErrorCode::kInvalidParameterValueException,
                "Unzipped size must be smaller than " + std::to_string(max) + " bytes");
}

Status DiskError(const std::string& what, const fs::path& path, int err) {
  return Status(ErrorCode::kServiceException, "unpacking the code: cannot " + what + " " +
                                                  path.string() + ": " + std::strerror(err));
}

struct ArchiveDiscard {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ArchiveDiscard>;

struct EntryClose {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using Entry = std::unique_ptr<zip_file_t, EntryClose>;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// An entry's name as a path below the folder; nullopt when it is absolute or
// has a `..` component. "a//b" and "./a" name "a/b" and "a", as unzip reads
// them; an empty result names the folder itself.
std::optional<fs::path> RelativePath(std::string_view name) {
  if (name.empty() || name.front() == '/') return std::nullopt;
  fs::path out;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = std::min(name.find('/', start), name.size());
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return std::nullopt;
    if (!part.empty() && part != ".") out /= fs::path(std::string(part));
    start = end + 1;
  }
  return out;
}

bool IsWithin(const fs::path& root, const fs::path& path) {
  return std::mismatch(root.begin(), root.end(), path.begin(), path.end()).first == root.end();
}

// Unpacks one archive; one object per call.
class Unpacker {
 public:
  Unpacker(zip_t* archive, fs::path dest, uint64_t max_bytes)
      : archive_(archive), dest_(std::move(dest)), max_bytes_(max_bytes) {}

  Status Run() {
    zip_int64_t count = zip_get_num_entries(archive_, 0);
    if (count < 0) return Unzippable();
    // The sizes the archive declares, checked before anything is written;
    // the bytes actually inflated are counted again below.
    uint64_t declared = 0;
    for (zip_int64_t i = 0; i < count; ++i) {
      zip_stat_t st;
      if (zip_stat_index(archive_, static_cast<zip_uint64_t>(i), 0, &st) != 0) {
        return Unzippable();
      }
      if (!(st.valid & ZIP_STAT_SIZE)) continue;
      if (st.size > max_bytes_ - declared) return TooLarge(max_bytes_);  // no overflow
      declared += st.size;
    }
    for (zip_int64_t i = 0; i < count; ++i) {
      SFN_RETURN_IF_ERROR(Extract(static_cast<zip_uint64_t>(i)));
    }
    return CheckLinks();
  }

 private:
  Status Extract(zip_uint64_t index) {
    const char* name = zip_get_name(archive_, index, 0);
    if (name == nullptr) return Unzippable();
    std::optional<fs::path> rel = RelativePath(name);
    if (!rel) return Unzippable();
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive_, index, 0, &opsys, &attributes) != 0) {
      return Unzippable();
    }
    // Unix modes live in the upper 16 bits of the external attributes when
    // the archive was made on Unix (APPNOTE.TXT 4.4.15); others get defaults.
    mode_t mode = opsys == ZIP_OPSYS_UNIX ? static_cast<mode_t>(attributes >> 16) : 0;
    bool is_dir = std::string_view(name).ends_with('/') || S_ISDIR(mode);
    if (rel->empty()) {
      if (is_dir) return Status::Ok();  // "./": the folder itself
      return Unzippable();
    }
    fs::path path = dest_ / *rel;
    SFN_RETURN_IF_ERROR(MakeParents(*rel));
    if (is_dir) return MakeDirectory(path);
    if (S_ISLNK(mode)) return MakeLink(index, path);
    return WriteFile(index, path, mode & 0777);
  }

  // Creates the directories leading to `rel`; refuses to pass through a
  // symbolic link (a link to "." or "..", then "link/../x", would escape).
  Status MakeParents(const fs::path& rel) {
    fs::path at = dest_;
    fs::path parent = rel.parent_path();
    for (const fs::path& part : parent) {
      at /= part;
      SFN_RETURN_IF_ERROR(MakeDirectory(at));
    }
    return Status::Ok();
  }

  Status MakeDirectory(const fs::path& path) {
    std::error_code ec;
    fs::file_status status = fs::symlink_status(path, ec);
    if (fs::is_directory(status)) return Status::Ok();
    if (fs::exists(status)) return Unzippable();  // a file or link where a folder goes
    if (!fs::create_directory(path, ec) && ec) return DiskError("create", path, ec.value());
    return Status::Ok();
  }

  Status WriteFile(zip_uint64_t index, const fs::path& path, mode_t mode) {
    Entry entry(zip_fopen_index(archive_, index, 0));
    if (!entry) return Unzippable();  // encrypted, or a compression libzip lacks
    Fd out;
    out.fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out.fd < 0) {
      if (errno == ELOOP || errno == EISDIR) return Unzippable();  // a link or folder is there
      return DiskError("create", path, errno);
    }
    char buffer[64 * 1024];
    for (;;) {
      zip_int64_t n = zip_fread(entry.get(), buffer, sizeof buffer);
      if (n < 0) return Unzippable();  // inflate or CRC error
      if (n == 0) break;
      written_ += static_cast<uint64_t>(n);
      if (written_ > max_bytes_) return TooLarge(max_bytes_);
      for (zip_int64_t done = 0; done < n;) {
        ssize_t w = ::write(out.fd, buffer + done, static_cast<size_t>(n - done));
        if (w < 0) {
          if (errno == EINTR) continue;
          return DiskError("write", path, errno);
        }
        done += w;
      }
    }
    // The archive's mode exactly (not masked by the umask), as unzip does.
    if (::fchmod(out.fd, mode != 0 ? mode : kDefaultFileMode) != 0) {
      return DiskError("chmod", path, errno);
    }
    int fd = out.fd;
    out.fd = -1;
    if (::close(fd) != 0) return DiskError("write", path, errno);
    return Status::Ok();
  }

  // A symbolic link's target is the entry's content. Absolute targets are
  // refused here; relative ones once every entry is in place (CheckLinks),
  // since a target may name an entry that comes later or another link.
  Status MakeLink(zip_uint64_t index, const fs::path& path) {
    Entry entry(zip_fopen_index(archive_, index, 0));
    if (!entry) return Unzippable();
    std::string target;
    char buffer[1024];
    for (;;) {
      zip_int64_t n = zip_fread(entry.get(), buffer, sizeof buffer);
      if (n < 0) return Unzippable();
      if (n == 0) break;
      target.append(buffer, static_cast<size_t>(n));
      if (target.size() > kMaxLinkTarget) return Unzippable();
    }
    written_ += target.size();
    if (written_ > max_bytes_) return TooLarge(max_bytes_);
    if (target.empty() || target.front() == '/' || target.find('\0') != std::string::npos) {
      return Unzippable();
    }
    std::error_code ec;
    fs::create_symlink(target, path, ec);
    if (ec == std::errc::file_exists) return Unzippable();
    if (ec) return DiskError("link", path, ec.value());
    links_.push_back(path);
    return Status::Ok();
  }

  // Every link, followed to the end through links made before or after it,
  // must stay inside the folder; a loop is refused as well.
  Status CheckLinks() {
    if (links_.empty()) return Status::Ok();
    std::error_code ec;
    fs::path root = fs::canonical(dest_, ec);
    if (ec) return DiskError("resolve", dest_, ec.value());
    for (const fs::path& link : links_) {
      fs::path target = fs::read_symlink(link, ec);
      if (ec) return DiskError("read", link, ec.value());
      fs::path parent = fs::canonical(link.parent_path(), ec);
      if (ec) return DiskError("resolve", link.parent_path(), ec.value());
      fs::path resolved = fs::weakly_canonical(parent / target, ec);
      if (ec || !IsWithin(root, resolved)) return Unzippable();
    }
    return Status::Ok();
  }

  zip_t* archive_;
  fs::path dest_;
  uint64_t max_bytes_;
  uint64_t written_ = 0;
  std::vector<fs::path> links_;
};

}  // namespace

Status Unzip(std::string_view zip, const fs::path& dest, uint64_t max_unzipped_bytes) {
  // libzip opens zero bytes as an empty archive; Lambda wants a zip.
  if (zip.empty()) return Unzippable();
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Status(ErrorCode::kServiceException, "unpacking the code: out of memory");
  }
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);  // not taken over by a failed open
    return Unzippable();
  }
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (ec) return DiskError("create", dest, ec.value());
  return Unpacker(archive.get(), dest, max_unzipped_bytes).Run();
}

}  // namespace sfn::lambda
