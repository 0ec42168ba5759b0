// Feeds arbitrary text to the Kaldi data-dir and KsponSpeech .trn importers: the input
// is cut at NUL bytes into wav.scp, text, segments, utt2spk and a .trn script, written
// to a scratch folder next to one real WAV file ("a.wav"), and imported. Any outcome
// but an ImportResult or a sori::Error is a bug.
#include <stdlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "audio/audio.h"
#include "audio/writer.h"
#include "data/import/import.h"
#include "util/error.h"

namespace {

const std::string& Scratch() {
  static const std::string dir = [] {
    std::string tmpl = "/tmp/sori-fuzz-import-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    sori::Audio a;
    a.sample_rate = 16000;
    a.samples.assign(8000, 0.1f);
    sori::WriteWav(tmpl + "/a.wav", a);
    std::filesystem::create_directories(tmpl + "/data");
    return tmpl;
  }();
  return dir;
}

void Put(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts(5);
  size_t part = 0;
  for (char c : input) {
    if (c == '\0' && part + 1 < parts.size()) {
      ++part;
    } else {
      parts[part].push_back(c);
    }
  }
  const std::string& dir = Scratch();
  Put(dir + "/data/wav.scp", parts[0]);
  Put(dir + "/data/text", parts[1]);
  Put(dir + "/data/segments", parts[2]);
  Put(dir + "/data/utt2spk", parts[3]);
  Put(dir + "/script.trn", parts[4]);
  sori::ImportOptions options;
  options.show_progress = false;
  options.audio_root = dir;
  for (const auto& [format, source] : {std::pair<const char*, std::string>{"kaldi", dir + "/data"},
                                       std::pair<const char*, std::string>{"kspon", dir + "/script.trn"}}) {
    try {
      (void)sori::ImportCorpus(format, source, options);
    } catch (const sori::Error&) {
    }
  }
  return 0;
}
