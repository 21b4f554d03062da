// The web console's files, embedded into the binary at build time
// (api/console_embed.cmake generates ConsoleFiles() from api/console/), and
// what the server needs to serve them: lookup by path, content type by
// extension. Immutable static data; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace sfn::api {

struct EmbeddedFile {
  std::string_view path;    // relative to api/console/: "index.html", "vendor/dagre.esm.js"
  std::string_view body;    // the file's bytes
  std::string_view sha256;  // hex digest of `body` (the ETag)
};

// Every embedded file, sorted by path (generated).
std::span<const EmbeddedFile> ConsoleFiles();

// The file at `path` (relative, as above), or null.
const EmbeddedFile* FindConsoleFile(std::string_view path);

// "text/javascript; charset=utf-8" for "app.js", ...; octet-stream when unknown.
std::string_view ContentTypeOf(std::string_view path);

}  // namespace sfn::api
