#include "emulator/lambda/code_store.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "emulator/lambda/encoding.h"

namespace sfn::lambda {
namespace {

namespace fs = std::filesystem;

// A one-file archive made with libzip.
std::string OneFileZip(const std::string& name, const std::string& content) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* archive = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  zip_file_add(archive, name.c_str(), zip_source_buffer(archive, content.data(), content.size(), 0),
               0);
  zip_close(archive);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  std::string bytes(static_cast<size_t>(zip_source_tell(out)), '\0');
  zip_source_seek(out, 0, SEEK_SET);
  zip_source_read(out, bytes.data(), bytes.size());
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

class CodeStoreTest : public testing::Test {
 protected:
  CodeStoreTest()
      : root_(fs::temp_directory_path() / ("sfn-code-store-test-" + std::to_string(::getpid()))),
        store_(root_) {}
  ~CodeStoreTest() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  fs::path root_;
  CodeStore store_;
};

TEST_F(CodeStoreTest, SavesOnceUnderTheDigest) {
  std::string zip = OneFileZip("app.py", "X = 1\n");
  Result<StoredCode> first = store_.Save("greet", zip);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->sha256, CodeSha256(zip));
  EXPECT_EQ(first->size, static_cast<int64_t>(zip.size()));
  std::ifstream in(fs::path(first->dir) / "app.py");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "X = 1\n");
  Result<StoredCode> again = store_.Save("greet", zip);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->dir, first->dir);
}

TEST_F(CodeStoreTest, RefusedPackageLeavesNothingBehind) {
  Result<StoredCode> bad = store_.Save("greet", OneFileZip("../escaped", "x"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidParameterValueException);
  EXPECT_FALSE(fs::exists(root_ / "escaped"));
  // The function's folder stays (a concurrent save may be using it); nothing in it.
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "greet")) {
    ADD_FAILURE() << "left behind: " << entry.path();
  }
}

TEST(CodeSha256Test, IsTheBase64OfTheRawDigest) {
  EXPECT_EQ(CodeSha256(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(CodeSha256("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

// Issue 14: what a save cut short by a crash left behind is gone at the next
// start; finished code stays.
TEST(CodeStoreRestartTest, UnfinishedSavesAreRemovedAtStart) {
  fs::path root = fs::temp_directory_path() / ("sfn-code-unfinished-" + std::to_string(::getpid()));
  fs::remove_all(root);
  std::string code_dir;
  {
    CodeStore store(root);
    auto saved = store.Save("fn", OneFileZip("app.py", "x = 1\n"));
    ASSERT_TRUE(saved.ok()) << saved.status().ToString();
    code_dir = saved->dir;
  }
  fs::create_directories(root / "fn" / "abc.123.0.tmp" / "sub");
  std::ofstream(root / "fn" / "abc.123.1.zip.tmp") << "partial";
  CodeStore again(root);
  EXPECT_FALSE(fs::exists(root / "fn" / "abc.123.0.tmp"));
  EXPECT_FALSE(fs::exists(root / "fn" / "abc.123.1.zip.tmp"));
  EXPECT_TRUE(fs::exists(fs::path(code_dir) / "app.py"));
  fs::remove_all(root);
}

}  // namespace
}  // namespace sfn::lambda
