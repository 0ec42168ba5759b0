#include "data/import/import_fixtures.h"

#include <sndfile.h>

#include <vector>

#include "data/manifest.h"
#include "support/audio_fixtures.h"

namespace sori::test {

ImportOptions QuietOptions() {
  ImportOptions o;
  o.show_progress = false;
  o.threads = 2;
  return o;
}

std::string WritePcm(const TempDir& dir, const std::string& name, int64_t samples, int extra_bytes) {
  std::string bytes;
  bytes.reserve(static_cast<size_t>(samples * 2 + extra_bytes));
  for (int64_t i = 0; i < samples; ++i) {
    const int16_t v = static_cast<int16_t>((i % 64) * 200 - 6400);
    bytes.push_back(static_cast<char>(v & 0xff));
    bytes.push_back(static_cast<char>((v >> 8) & 0xff));
  }
  bytes.append(static_cast<size_t>(extra_bytes), '\x01');
  return dir.Write(name, bytes);
}

std::string WriteWav(const TempDir& dir, const std::string& name, int64_t frames, int rate) {
  std::vector<int16_t> samples(static_cast<size_t>(frames));
  for (size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<int16_t>((i % 50) * 300);
  return dir.Write(name, MakeWavBytes(rate, 1, 16, samples));
}

std::string WriteFlac(const TempDir& dir, const std::string& name, int64_t frames) {
  dir.Write(name, "");  // creates the parent folders
  std::vector<float> samples(static_cast<size_t>(frames));
  for (size_t i = 0; i < samples.size(); ++i) samples[i] = static_cast<float>((i % 40) * 0.01);
  WriteSamples(dir.File(name), SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 16000, 1, samples);
  return dir.File(name);
}

std::string ReasonFor(const ImportResult& result, const std::string& item) {
  std::string reasons;
  for (const ImportProblem& p : result.skipped) {
    if (p.item != item) continue;
    if (!reasons.empty()) reasons += " | ";
    reasons += p.reason;
  }
  return reasons;
}

const ManifestEntry* EntryWithId(const ImportResult& result, const std::string& id) {
  for (const ManifestEntry& e : result.entries) {
    if (e.extra.contains("id") && e.extra["id"] == id) return &e;
  }
  return nullptr;
}

std::string Describe(const ImportResult& result) {
  std::string out = "entries:\n";
  for (const ManifestEntry& e : result.entries) out += "  " + ManifestEntryToJson(e) + "\n";
  out += "skipped:\n";
  for (const ImportProblem& p : result.skipped) out += "  " + p.item + ": " + p.reason + "\n";
  return out;
}

}  // namespace sori::test
