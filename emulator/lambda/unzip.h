// Unpacks a Lambda deployment package (a zip archive) into a folder with
// libzip (libzip-dev), as Lambda does before it runs a function: files keep
// their Unix modes (an executable `bootstrap` stays executable), directories
// and symbolic links inside the package are recreated.
//
// A package that cannot be unpacked safely is refused with AWS's answer to an
// archive it cannot unzip (CreateFunction / UpdateFunctionCode,
// InvalidParameterValueException "Could not unzip uploaded file. Please check
// your file, then try to upload again."): bytes that are not a zip, corrupt or
// encrypted entries, entries named with an absolute path or a `..` component,
// entries written through a symbolic link, and symbolic links that lead out of
// the folder. A package larger than Lambda's quota once unpacked gets AWS's
// "Unzipped size must be smaller than 262144000 bytes" (Lambda quotas:
// "Deployment package (.zip file archive) size ... 250 MB (unzipped)").
//
// A pure function of its arguments; thread-safe for distinct destinations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>

#include "emulator/core/status.h"

namespace sfn::lambda {

// Lambda's quota for a function's code once unzipped, in bytes.
inline constexpr uint64_t kMaxUnzippedBytes = 262144000;

// Unpacks `zip` into `dest` (created when missing; expected empty). On an
// error `dest` may hold part of the archive: the caller removes it.
// kInvalidParameterValueException for a package Lambda would refuse (above);
// kServiceException when the disk fails.
Status Unzip(std::string_view zip, const std::filesystem::path& dest,
             uint64_t max_unzipped_bytes = kMaxUnzippedBytes);

}  // namespace sfn::lambda
