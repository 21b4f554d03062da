#include "emulator/lambda/unzip.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

constexpr char kUnzippable[] =
    "Could not unzip uploaded file. Please check your file, then try to upload again.";

// Builds a zip archive in memory with libzip, entry by entry.
class ZipBuilder {
 public:
  ZipBuilder() {
    zip_error_init(&error_);
    source_ = zip_source_buffer_create(nullptr, 0, 0, &error_);
    zip_source_keep(source_);  // read back after zip_close
    archive_ = zip_open_from_source(source_, ZIP_TRUNCATE, &error_);
  }
  ~ZipBuilder() {
    if (archive_ != nullptr) zip_discard(archive_);
    zip_source_free(source_);
    zip_error_fini(&error_);
  }

  // A file; `mode` 0 leaves the entry without Unix attributes (made on DOS).
  ZipBuilder& File(const std::string& name, const std::string& content, uint32_t mode = 0644) {
    zip_int64_t i = Add(name, content);
    if (mode == 0) {
      zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_DOS, 0);
    } else {
      zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX, (S_IFREG | mode) << 16);
    }
    return *this;
  }
  ZipBuilder& Dir(const std::string& name) {
    zip_int64_t i = zip_dir_add(archive_, name.c_str(), ZIP_FL_ENC_UTF_8);
    zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX, (S_IFDIR | 0755u) << 16);
    return *this;
  }
  ZipBuilder& Link(const std::string& name, const std::string& target) {
    zip_int64_t i = Add(name, target);
    zip_file_set_external_attributes(archive_, i, 0, ZIP_OPSYS_UNIX, (S_IFLNK | 0777u) << 16);
    return *this;
  }
  ZipBuilder& Encrypted(const std::string& name, const std::string& content) {
    zip_int64_t i = Add(name, content);
    zip_file_set_encryption(archive_, i, ZIP_EM_AES_256, "secret");
    return *this;
  }

  std::string Bytes() {
    EXPECT_EQ(zip_close(archive_), 0) << zip_strerror(archive_);
    archive_ = nullptr;
    EXPECT_EQ(zip_source_open(source_), 0);
    zip_source_seek(source_, 0, SEEK_END);
    zip_int64_t size = zip_source_tell(source_);
    zip_source_seek(source_, 0, SEEK_SET);
    std::string out(static_cast<size_t>(size), '\0');
    EXPECT_EQ(zip_source_read(source_, out.data(), out.size()), size);
    zip_source_close(source_);
    return out;
  }

 private:
  zip_int64_t Add(const std::string& name, const std::string& content) {
    contents_.push_back(content);
    zip_source_t* data =
        zip_source_buffer(archive_, contents_.back().data(), contents_.back().size(), 0);
    zip_int64_t i = zip_file_add(archive_, name.c_str(), data, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(i, 0) << name << ": " << zip_strerror(archive_);
    return i;
  }

  zip_error_t error_;
  zip_source_t* source_ = nullptr;
  zip_t* archive_ = nullptr;
  std::deque<std::string> contents_{};  // stable addresses: libzip reads them at zip_close
};

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

mode_t Perms(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

class UnzipTest : public testing::Test {
 protected:
  UnzipTest()
      : base_(fs::temp_directory_path() / ("sfn-unzip-test-" + std::to_string(::getpid()))),
        dest_(base_ / "a" / "b" / "code") {
    fs::create_directories(base_ / "a" / "b");
  }
  ~UnzipTest() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  fs::path base_;  // base_/a/b/code: two levels to climb before leaving base_
  fs::path dest_;
};

TEST_F(UnzipTest, UnpacksFilesFoldersModesAndLinksInside) {
  std::string zip = ZipBuilder()
                        .File("bootstrap", "#!/bin/sh\necho hi\n", 0755)
                        .File("app.py", "def handler(e, c):\n    return 1\n")
                        .Dir("lib/")
                        .File("lib/deep/util.py", "X = 1\n", 0600)
                        .File("dos.txt", "made on DOS", 0)
                        .Dir("empty/")
                        .Link("lib/app_link.py", "../app.py")
                        .Link("here", ".")
                        .Bytes();
  ASSERT_TRUE(Unzip(zip, dest_).ok());
  EXPECT_EQ(Read(dest_ / "bootstrap"), "#!/bin/sh\necho hi\n");
  EXPECT_EQ(Perms(dest_ / "bootstrap"), 0755u);  // executable stays executable
  EXPECT_EQ(Perms(dest_ / "app.py"), 0644u);
  EXPECT_EQ(Perms(dest_ / "lib" / "deep" / "util.py"), 0600u);
  EXPECT_EQ(Perms(dest_ / "dos.txt"), 0644u);  // no Unix mode: the default
  EXPECT_TRUE(fs::is_directory(dest_ / "empty"));
  EXPECT_TRUE(fs::is_symlink(dest_ / "lib" / "app_link.py"));
  EXPECT_EQ(Read(dest_ / "lib" / "app_link.py"), "def handler(e, c):\n    return 1\n");
  EXPECT_TRUE(fs::is_symlink(dest_ / "here"));
}

TEST_F(UnzipTest, EmptyArchiveMakesAnEmptyFolder) {
  std::string zip = ZipBuilder().Dir("./").Bytes();
  ASSERT_TRUE(Unzip(zip, dest_).ok());
  EXPECT_TRUE(fs::is_directory(dest_));
  EXPECT_TRUE(fs::is_empty(dest_));
}

struct RefusedCase {
  const char* name;
  std::string zip;
};

// Every archive here tries to write base_/escaped (two or more levels up),
// or is not a readable zip; none may leave a file outside dest_.
std::vector<RefusedCase> RefusedCases() {
  // Bytes deflate cannot shrink, so the middle of the archive is file data.
  std::string noise(8192, '\0');
  uint32_t state = 1;
  for (char& c : noise) c = static_cast<char>((state = state * 1103515245u + 12345u) >> 24);
  std::string good = ZipBuilder().File("app.py", noise).Bytes();
  std::string corrupt = good;
  corrupt[corrupt.size() / 2] ^= 0x55;  // a CRC (or inflate) error
  return {
      {"DotDot", ZipBuilder().File("../../../escaped", "x").Bytes()},
      {"DotDotInside", ZipBuilder().File("lib/../../../../escaped", "x").Bytes()},
      {"Absolute", ZipBuilder().File("/tmp/sfn-unzip-test-absolute", "x").Bytes()},
      {"LinkUp", ZipBuilder().Link("out", "../../../escaped").Bytes()},
      {"LinkAbsolute", ZipBuilder().Link("passwd", "/etc/passwd").Bytes()},
      {"LinkThenWriteThroughIt", ZipBuilder().Link("up", "../..").File("up/escaped", "x").Bytes()},
      {"WriteThroughLinkToInside", ZipBuilder().Link("here", ".").File("here/x", "x").Bytes()},
      // "here" is the folder itself, so here/here/.. is its parent: lexically inside, not really.
      {"LinkChainLeaves", ZipBuilder().Link("here", ".").Link("out", "here/here/..").Bytes()},
      {"LinkLoop", ZipBuilder().Link("a", "b").Link("b", "a").Bytes()},
      {"Encrypted", ZipBuilder().Encrypted("app.py", "secret code").Bytes()},
      {"NotAZip", "this is not a zip file"},
      {"Empty", ""},
      {"Truncated", good.substr(0, good.size() / 2)},
      {"Corrupt", corrupt},
  };
}

class UnzipRefusedTest : public UnzipTest, public testing::WithParamInterface<RefusedCase> {};

TEST_P(UnzipRefusedTest, RefusedWithAwsError) {
  Status s = Unzip(GetParam().zip, dest_);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidParameterValueException) << s.ToString();
  EXPECT_EQ(s.message(), kUnzippable);
  EXPECT_FALSE(fs::exists(base_ / "escaped"));
  EXPECT_FALSE(fs::exists(base_ / "a" / "escaped"));
  EXPECT_FALSE(fs::exists("/tmp/sfn-unzip-test-absolute"));
}

INSTANTIATE_TEST_SUITE_P(Archives, UnzipRefusedTest, testing::ValuesIn(RefusedCases()),
                         [](const testing::TestParamInfo<RefusedCase>& info) {
                           return std::string(info.param.name);
                         });

TEST_F(UnzipTest, UnzippedSizeLimit) {
  std::string zip = ZipBuilder()
                        .File("a.bin", std::string(600, 'a'))
                        .File("b.bin", std::string(600, 'b'))
                        .Bytes();
  Status s = Unzip(zip, dest_, 1000);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidParameterValueException);
  EXPECT_EQ(s.message(), "Unzipped size must be smaller than 1000 bytes");
  EXPECT_FALSE(fs::exists(dest_ / "a.bin")) << "checked before anything is written";
  EXPECT_TRUE(Unzip(zip, base_ / "fits", 1200).ok());
  EXPECT_EQ(kMaxUnzippedBytes, 262144000u);
}

}  // namespace
}  // namespace sfn::lambda
