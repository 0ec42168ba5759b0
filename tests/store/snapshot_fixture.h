// A dataset snapshot with recognisable fields, for store tests.
#pragma once

#include <string>

#include "store/store.h"

namespace sori::test {

inline DatasetSnapshot Snap(const std::string& name, char fill) {
  DatasetSnapshot s;
  s.name = name;
  s.hash = std::string(64, fill);
  s.manifest_path = "/data/" + name + ".jsonl";
  s.utterances = 10;
  s.hours = 0.5;
  s.audio_bytes = 1234;
  return s;
}

}  // namespace sori::test
