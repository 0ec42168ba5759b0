#include "net/http_client.h"

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "net/ip_address.h"
#include "net/url_parts.h"
#include "util/error.h"

namespace sori {
namespace {

constexpr size_t kMaxResponseBody = 4096;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw Error(ErrorCode::kInternal, "curl_global_init failed");
    }
  });
}

// The response body up to kMaxResponseBody; then the transfer is cut (the status line is
// already in), so that a receiver cannot hold the connection with an endless answer.
struct BodySink {
  std::string body;
  bool capped = false;
};
size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<BodySink*>(user);
  const size_t n = size * count;
  const size_t room = kMaxResponseBody - sink->body.size();
  sink->body.append(data, n < room ? n : room);
  if (n <= room) return n;
  sink->capped = true;
  return 0;
}

void CheckHeaders(const std::vector<std::string>& headers) {
  for (const std::string& h : headers) {
    if (h.find_first_of("\r\n") != std::string::npos || h.find('\0') != std::string::npos) {
      throw Error(ErrorCode::kInvalidInput,
                  "HTTP header '" + EscapeForMessage(h) + "' contains CR, LF or NUL; header values must be one line");
    }
    if (h.find(':') == std::string::npos || h.front() == ':') {
      throw Error(ErrorCode::kInvalidInput, "HTTP header '" + EscapeForMessage(h) + "' is not 'Name: value'");
    }
  }
}

// The target as VetUrl returns it; anything else is a caller's bug, refused before any
// connection is made.
void CheckTarget(const VettedUrl& target, double timeout_seconds) {
  const UrlParts parts = ParseUrl(target.url);
  if (parts.scheme != target.scheme || parts.host != target.host || parts.port != target.port ||
      !ParseIpAddress(target.address)) {
    throw Error(ErrorCode::kInvalidInput, "HttpPost: target for '" + EscapeForMessage(target.url) +
                                              "' was not made by VetUrl (scheme, host, port or address disagree)");
  }
  if (!(timeout_seconds > 0 && timeout_seconds <= 3600)) {
    throw Error(ErrorCode::kInvalidInput, "HttpPost: timeout " + std::to_string(timeout_seconds) +
                                              " s is outside (0, 3600]");
  }
}

struct EasyCleanup {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlHandle = std::unique_ptr<CURL, EasyCleanup>;
using CurlList = std::unique_ptr<curl_slist, SlistFree>;

CurlList Append(CurlList list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (!grown) throw Error(ErrorCode::kInternal, "curl_slist_append: out of memory");
  list.release();
  return CurlList(grown);
}

// Pins the connection to the vetted address: every connection this handle makes goes to
// "address:port" whatever host curl reads in the URL ("::" = any host, any port), so
// neither a second DNS answer (rebinding) nor a URL that curl parses differently from
// CheckUrlSyntax can send it elsewhere.
CurlList PinnedAddress(const VettedUrl& target) {
  const bool v6 = target.address.find(':') != std::string::npos;
  const std::string address = v6 ? "[" + target.address + "]" : target.address;
  return Append(nullptr, "::" + address + ":" + std::to_string(target.port));
}

void SetProtocols(CURL* curl) {
#if LIBCURL_VERSION_NUM >= 0x075500  // 7.85: the _STR options; the bitmask ones are deprecated
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
  curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS, CURLPROTO_HTTP | CURLPROTO_HTTPS);
#endif
}

void SetOptions(CURL* curl, const VettedUrl& target, double timeout_seconds) {
  const long timeout_ms = static_cast<long>(timeout_seconds * 1000) + 1;
  curl_easy_setopt(curl, CURLOPT_URL, target.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");  // ignore http_proxy and friends
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "sori-webhooks");
  SetProtocols(curl);
}

}  // namespace

HttpPostResult HttpPost(const VettedUrl& target, const std::vector<std::string>& headers,
                        const std::string& body, double timeout_seconds) {
  CheckHeaders(headers);
  CheckTarget(target, timeout_seconds);
  GlobalInitOnce();
  CurlHandle curl(curl_easy_init());
  if (!curl) throw Error(ErrorCode::kInternal, "curl_easy_init failed");
  CurlList pin = PinnedAddress(target);
  CurlList header_list;
  for (const std::string& h : headers) header_list = Append(std::move(header_list), h);
  // No "Expect: 100-continue" wait before a large body: a receiver is answered at once.
  header_list = Append(std::move(header_list), "Expect:");

  SetOptions(curl.get(), target, timeout_seconds);
  curl_easy_setopt(curl.get(), CURLOPT_CONNECT_TO, pin.get());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, header_list.get());
  curl_easy_setopt(curl.get(), CURLOPT_POST, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  BodySink sink;
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, WriteBody);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, error);

  const auto start = std::chrono::steady_clock::now();
  const CURLcode rc = curl_easy_perform(curl.get());
  HttpPostResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.body = std::move(sink.body);
  if (rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && sink.capped)) {
    long status = 0;
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
  } else {
    result.error = error[0] ? error : curl_easy_strerror(rc);
  }
  return result;
}

}  // namespace sori
