// Who may talk to the emulator (issue 14: "The browser is not a way in",
// "Signatures, optionally"). Checked on every request before any route, in
// this order:
//
//  1. Host (DNS rebinding): a request whose Host header names something other
//     than an IP address, `localhost` (or `*.localhost`), a name without a
//     dot (a container or compose service name such as `sfn`), the bind
//     address or a configured --allowed-host is refused (403). A web page on
//     evil.example that rebinds its name to 127.0.0.1 still sends
//     `Host: evil.example`. No Host header (HTTP/1.0, the image's health
//     check) passes: browsers always send one.
//  2. Origin (cross-site requests): a request other than GET/HEAD/OPTIONS
//     carrying an Origin header other than the console's own
//     (`http://<its Host>`) is refused (403). Browsers send Origin on every
//     cross-site POST; the CLI and the SDKs send none.
//  3. Lambda writes: a POST to the Lambda API needs a JSON content type or a
//     SigV4-signed request, neither of which a cross-site form or a "simple"
//     fetch can send (so a page cannot create or invoke a function with a
//     `text/plain` POST even where no Origin is sent).
//  4. Signatures (--verify-signatures, off by default like Step Functions
//     Local): every request except reading /_emulator/ (health, console
//     files, the live channel) and the console's page must carry a valid
//     AWS Signature Version 4 made with one of the configured credentials:
//     MissingAuthenticationTokenException without one,
//     UnrecognizedClientException for an unknown access key,
//     InvalidSignatureException for a wrong signature or a date more than
//     15 minutes from now (AWS's words in each).
//
// Immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/http_types.h"
#include "emulator/core/sigv4.h"
#include "emulator/core/time.h"

namespace sfn::api {

struct GuardOptions {
  std::string bind_host = "127.0.0.1";     // --host
  std::vector<std::string> allowed_hosts;  // --allowed-host; "*" allows any Host
  bool verify_signatures = false;          // --verify-signatures
  std::vector<sigv4::Credentials> credentials;
};

class RequestGuard {
 public:
  explicit RequestGuard(GuardOptions options);

  // nullopt when `request` may proceed; else the answer refusing it, in the
  // error shape of the API it addressed. `now` is real time (signatures are
  // made with the client's wall clock, whatever the emulator's clock mode).
  std::optional<HttpResponse> Check(const HttpRequest& request, TimePoint now) const;

  // Whether `host` (a Host header's value, port included or not) passes rule 1.
  bool HostAllowed(const std::string& host) const;

 private:
  std::optional<HttpResponse> CheckSignature(const HttpRequest& request, TimePoint now) const;

  GuardOptions options_;
};

// Whether `host` (an IP address or a name) is a loopback address or name.
bool IsLoopbackHost(const std::string& host);

}  // namespace sfn::api
