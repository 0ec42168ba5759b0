#include "support/audio_fixtures.h"

#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sori::test {

std::vector<float> SineSamples(const SineSpec& spec) {
  const size_t n = static_cast<size_t>(std::llround(spec.seconds * spec.sample_rate));
  std::vector<float> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<float>(spec.amplitude *
                                std::sin(2.0 * M_PI * spec.frequency * static_cast<double>(i) /
                                         spec.sample_rate));
  }
  return out;
}

void WriteSamples(const std::string& path, int sf_format, int sample_rate, int channels,
                  const std::vector<float>& interleaved) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = channels;
  info.format = sf_format;
  SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
  if (!f) throw std::runtime_error("cannot write " + path + ": " + sf_strerror(nullptr));
  const sf_count_t frames = static_cast<sf_count_t>(interleaved.size() / static_cast<size_t>(channels));
  const sf_count_t written = sf_writef_float(f, interleaved.data(), frames);
  sf_close(f);
  if (written != frames) throw std::runtime_error("short write to " + path);
}

bool WriteSine(const std::string& path, int sf_format, const SineSpec& spec) {
  SF_INFO check{};
  check.samplerate = spec.sample_rate;
  check.channels = spec.channels;
  check.format = sf_format;
  if (!sf_format_check(&check)) return false;
  const std::vector<float> mono = SineSamples(spec);
  std::vector<float> inter(mono.size() * static_cast<size_t>(spec.channels));
  for (size_t i = 0; i < mono.size(); ++i) {
    for (int c = 0; c < spec.channels; ++c) inter[i * static_cast<size_t>(spec.channels) + static_cast<size_t>(c)] = mono[i];
  }
  WriteSamples(path, sf_format, spec.sample_rate, spec.channels, inter);
  return true;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out) throw std::runtime_error("cannot write " + path);
}

void PutLe32(std::string* b, size_t o, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[o + static_cast<size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

void PutLe16(std::string* b, size_t o, uint16_t v) {
  (*b)[o] = static_cast<char>(v & 0xFF);
  (*b)[o + 1] = static_cast<char>((v >> 8) & 0xFF);
}

void PutLe64(std::string* b, size_t o, uint64_t v) {
  PutLe32(b, o, static_cast<uint32_t>(v));
  PutLe32(b, o + 4, static_cast<uint32_t>(v >> 32));
}

namespace {

void AppendLe16Samples(std::string* b, const std::vector<int16_t>& samples) {
  for (int16_t s : samples) {
    b->push_back(static_cast<char>(s & 0xFF));
    b->push_back(static_cast<char>((s >> 8) & 0xFF));
  }
}

}  // namespace

std::string MakeWavBytes(int sample_rate, int channels, int bits,
                         const std::vector<int16_t>& samples) {
  const uint32_t data_bytes = static_cast<uint32_t>(samples.size() * 2);
  std::string b(44, '\0');
  b.replace(0, 4, "RIFF");
  PutLe32(&b, 4, 36 + data_bytes);
  b.replace(8, 4, "WAVE");
  b.replace(12, 4, "fmt ");
  PutLe32(&b, 16, 16);
  PutLe16(&b, 20, 1);  // PCM
  PutLe16(&b, 22, static_cast<uint16_t>(channels));
  PutLe32(&b, 24, static_cast<uint32_t>(sample_rate));
  PutLe32(&b, 28, static_cast<uint32_t>(sample_rate * channels * bits / 8));
  PutLe16(&b, 32, static_cast<uint16_t>(channels * bits / 8));
  PutLe16(&b, 34, static_cast<uint16_t>(bits));
  b.replace(36, 4, "data");
  PutLe32(&b, 40, data_bytes);
  AppendLe16Samples(&b, samples);
  return b;
}

std::string MakeRf64Bytes(int sample_rate, const std::vector<int16_t>& samples,
                          uint64_t declared_data_bytes) {
  std::string b = MakeWavBytes(sample_rate, 1, 16, {});
  b.replace(0, 4, "RF64");
  PutLe32(&b, 4, 0xFFFFFFFFu);
  PutLe32(&b, 40, 0xFFFFFFFFu);
  std::string ds64(36, '\0');  // id, size, RIFF size, data size, sample count, table length
  ds64.replace(0, 4, "ds64");
  PutLe32(&ds64, 4, 28);
  PutLe64(&ds64, 8, 4 + 36 + 24 + 8 + declared_data_bytes);  // file size - 8
  PutLe64(&ds64, 16, declared_data_bytes);
  PutLe64(&ds64, 24, declared_data_bytes / 2);
  b.insert(12, ds64);
  AppendLe16Samples(&b, samples);
  return b;
}

std::string MakeNistBytes(int sample_rate, const std::vector<int16_t>& samples,
                          uint64_t declared_sample_count) {
  std::string b = "NIST_1A\n   1024\nsample_count -i " + std::to_string(declared_sample_count) +
                  "\nsample_rate -i " + std::to_string(sample_rate) +
                  "\nchannel_count -i 1\nsample_n_bytes -i 2\nsample_byte_format -s2 01\n"
                  "sample_coding -s3 pcm\nend_head\n";
  b.resize(1024, ' ');
  AppendLe16Samples(&b, samples);
  return b;
}

}  // namespace sori::test
