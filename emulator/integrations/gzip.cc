#include "emulator/integrations/gzip.h"

#include <zlib.h>

#include <array>

namespace sfn::integrations {

bool IsGzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

Result<std::string> Gunzip(std::string_view bytes) {
  z_stream z{};
  // 16 + MAX_WBITS: a gzip wrapper, not zlib's.
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
    return Status(ErrorCode::kValidationException, "zlib could not start");
  }
  std::string out;
  std::array<char, 64 * 1024> buffer{};
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  int rc = Z_OK;
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - z.avail_out);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) break;
      // Another member follows (gzip files may be concatenated).
      if (inflateReset(&z) != Z_OK) break;
      continue;
    }
    if (rc != Z_OK) break;
    if (z.avail_in == 0 && z.avail_out != 0) {
      rc = Z_DATA_ERROR;  // ended inside a member
      break;
    }
  }
  std::string why = z.msg != nullptr ? z.msg : "the data ends too early";
  inflateEnd(&z);
  if (rc != Z_STREAM_END) {
    return Status(ErrorCode::kValidationException, "The gzip data could not be inflated: " + why);
  }
  return out;
}

}  // namespace sfn::integrations
