// The access log: one JSON line per answered request on stdout (the server's own log goes
// to stderr), written whole under a lock so lines from several threads never interleave.
#pragma once

#include <cstdint>
#include <string>

namespace sori {

struct AccessRecord {
  std::string remote, method, path;  // method and path "" when the request line was not read
  unsigned status = 0;
  double seconds = 0;                // from the request's arrival to its answer
  uint64_t bytes_in = 0, bytes_out = 0;
  bool recognition = false;          // a transcription route: audio_seconds, model_version
  double audio_seconds = 0;
  std::string model_version;
  bool refused_by_http = false;      // answered by the HTTP layer, not a route
  std::string key_name;              // the API key's name (never the key); "" without one
};

void WriteAccessLog(const AccessRecord& record);

}  // namespace sori
