// gzip as objects in Amazon S3 carry it (an S3 inventory report's data files
// are `.csv.gz`): recognised by its magic bytes and inflated by zlib, every
// member of a multi-member file included. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn::integrations {

// Whether `bytes` starts like a gzip file (RFC 1952: 1f 8b).
bool IsGzip(std::string_view bytes);

// The inflated bytes; an error (kValidationException) says why they cannot be.
Result<std::string> Gunzip(std::string_view bytes);

}  // namespace sfn::integrations
