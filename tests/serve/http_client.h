// A blocking HTTP/1.1 client for the server tests (Boost.Beast), one connection per call.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sori::test {

struct HttpResult {
  int status = 0;           // 0: no response (connection failed or reset)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;        // what went wrong when status is 0
  std::string Header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

HttpResult HttpCall(int port, const std::string& method, const std::string& target, const std::string& body = "",
                    const std::string& content_type = "", const std::map<std::string, std::string>& headers = {});

// Sends `bytes` as they are on a new connection (whatever the server does meanwhile),
// then returns everything the server sent until it closed or `timeout_seconds` passed.
// For requests no well-behaved client would make.
std::string RawExchange(int port, const std::string& bytes, double timeout_seconds);

struct MultipartField {
  std::string name;
  std::string value;
  std::string filename;  // non-empty: a file part
};
// Returns {body, content_type}.
std::pair<std::string, std::string> EncodeMultipart(const std::vector<MultipartField>& fields);

}  // namespace sori::test
