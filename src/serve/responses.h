// Building the server's answers: plain text, JSON, and the JSON error body
//   {"error": {"code": "<sori::ErrorCode name>", "message": "...", "type": "<OpenAI type>"}}
// whose `code` is the same word the CLI prints (util/error.h) and whose `type` is what
// OpenAI's clients read.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "serve/http_server.h"
#include "util/error.h"

namespace sori {

HttpResponse TextResponse(unsigned status, std::string body, const std::string& content_type);
// Invalid UTF-8 (from a hostile file name or path) is replaced, never thrown on.
HttpResponse JsonResponse(unsigned status, const nlohmann::ordered_json& body);
// `status` 0: StatusFor(code). A few answers keep a code but need their own status:
// 405 (invalid_input: wrong method) and 431 (too_large: header fields).
HttpResponse ErrorResponse(ErrorCode code, const std::string& message, unsigned status = 0);
HttpResponse ErrorResponse(const Error& error);

}  // namespace sori
