#include "api/console_assets.h"

#include <gtest/gtest.h>

#include <string>

namespace sfn::api {
namespace {

TEST(ConsoleAssetsTest, EmbedsTheConsoleSortedWithDigests) {
  std::span<const EmbeddedFile> files = ConsoleFiles();
  ASSERT_FALSE(files.empty());
  for (size_t i = 1; i < files.size(); ++i) EXPECT_LT(files[i - 1].path, files[i].path);
  for (const EmbeddedFile& f : files) EXPECT_EQ(f.sha256.size(), 64u) << f.path;
  const EmbeddedFile* index = FindConsoleFile("index.html");
  ASSERT_NE(index, nullptr);
  EXPECT_NE(index->body.find("<script type=\"module\" src=\"/_emulator/console/app.js\">"),
            std::string::npos);
  ASSERT_NE(FindConsoleFile("vendor/dagre.esm.js"), nullptr);
  ASSERT_NE(FindConsoleFile("vendor/dagre.LICENSE.txt"), nullptr);
  EXPECT_EQ(FindConsoleFile("nope.js"), nullptr);
  EXPECT_EQ(FindConsoleFile("../CMakeLists.txt"), nullptr);
}

TEST(ConsoleAssetsTest, ContentTypesByExtension) {
  EXPECT_EQ(ContentTypeOf("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("lib/api.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeOf("vendor/dagre.LICENSE.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("blob"), "application/octet-stream");
}

}  // namespace
}  // namespace sfn::api
