#include "serve/responses.h"

#include "serve/error_status.h"

namespace sori {

namespace http = boost::beast::http;

HttpResponse TextResponse(unsigned status, std::string body, const std::string& content_type) {
  HttpResponse r{static_cast<http::status>(status), 11};
  r.set(http::field::server, "sori");
  r.set(http::field::content_type, content_type);
  r.body() = std::move(body);
  return r;
}

HttpResponse JsonResponse(unsigned status, const nlohmann::ordered_json& body) {
  return TextResponse(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                      "application/json");
}

HttpResponse ErrorResponse(ErrorCode code, const std::string& message, unsigned status) {
  if (status == 0) status = StatusFor(code);
  return JsonResponse(status, {{"error", {{"code", ErrorCodeName(code)}, {"message", message}, {"type", OpenAiErrorType(status)}}}});
}

HttpResponse ErrorResponse(const Error& error) { return ErrorResponse(error.code(), error.what()); }

}  // namespace sori
