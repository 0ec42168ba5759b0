#include "serve/access_log.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "infer/transcript_formats.h"

namespace sori {

void WriteAccessLog(const AccessRecord& r) {
  const double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  nlohmann::ordered_json line{{"time", now},
                              {"remote", r.remote},
                              {"method", r.method.empty() ? "-" : r.method},
                              {"path", r.path.empty() ? "-" : r.path},
                              {"status", r.status},
                              {"duration_ms", std::round(r.seconds * 1e4) / 10},
                              {"bytes_in", r.bytes_in},
                              {"bytes_out", r.bytes_out}};
  if (r.recognition && !r.refused_by_http) {
    line["audio_seconds"] = RoundToMillis(r.audio_seconds);
    line["model_version"] = r.model_version;
  }
  if (!r.key_name.empty()) line["key"] = r.key_name;
  if (r.refused_by_http) line["refused_by"] = "http";
  static std::mutex mu;
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mu);
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

}  // namespace sori
