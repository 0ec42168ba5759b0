// One HTTP POST through libcurl, for webhook deliveries: to an address vetted by
// net/url_policy.h and nowhere else.
#pragma once

#include <string>
#include <vector>

#include "net/url_policy.h"

namespace sori {

struct HttpPostResult {
  int status = 0;      // 0 when no HTTP answer (connect/timeout/TLS error)
  std::string error;   // curl's message when status == 0, else ""
  std::string body;    // the first 4 KiB of the response body
  double seconds = 0;  // wall time of the attempt
};

// POSTs `body` to target (connecting to target.address only, via CURLOPT_RESOLVE / connect
// pinning), never following redirects (a 3xx is returned as is), http/https only
// (CURLOPT_PROTOCOLS_STR or PROTOCOLS), total time bounded by timeout_seconds, response
// body capped. Headers are "Name: value" strings; any header containing CR or LF is
// refused with Error(kInvalidInput). Never throws for network errors.
// The pin is CURLOPT_CONNECT_TO for any host and port, which also covers literal-IP URLs.
// Proxies from the environment (http_proxy, ...) are not used: the connection must go
// to the vetted address. Throws Error(kInvalidInput) for a target that VetUrl could not
// have returned (bad URL, no address) or a timeout outside (0, 3600] seconds.
HttpPostResult HttpPost(const VettedUrl& target, const std::vector<std::string>& headers,
                        const std::string& body, double timeout_seconds);
// (curl_global_init once, thread-safe; each call its own easy handle; NOSIGNAL set.)

}  // namespace sori
