#include "serve/exchange.h"

#include <spdlog/spdlog.h>

namespace sori {

Exchange::Exchange(HttpRequest request, std::string remote, Finish finish)
    : request_(std::move(request)), remote_(std::move(remote)), start_(Clock::now()), finish_(std::move(finish)) {
  method_ = std::string(request_.method_string());
  const std::string target(request_.target());
  const size_t q = target.find('?');
  path_ = target.substr(0, q);
  if (q != std::string::npos) query_ = target.substr(q + 1);
  bytes_in_ = request_.body().size();
}

void Exchange::Answer(HttpResponse response) {
  if (answered_.exchange(true)) {
    spdlog::error("{} {} was answered twice; the second answer ({}) was dropped", method_, path_, response.result_int());
    return;
  }
  finish_(*this, std::move(response));
}

}  // namespace sori
