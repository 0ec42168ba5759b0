// Writes audio fixtures for tests with libsndfile: any container/encoding libsndfile
// can write, filled with a sine (or given samples), plus helpers to corrupt files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sori::test {

struct SineSpec {
  int sample_rate = 16000;
  int channels = 1;
  double seconds = 1.0;
  double frequency = 440.0;
  double amplitude = 0.5;
};

// libsndfile format code, e.g. SF_FORMAT_WAV | SF_FORMAT_PCM_16. Returns false if this
// libsndfile cannot write that format (the caller should skip, saying why).
bool WriteSine(const std::string& path, int sf_format, const SineSpec& spec);

// Writes interleaved float samples with the given format.
void WriteSamples(const std::string& path, int sf_format, int sample_rate, int channels,
                  const std::vector<float>& interleaved);

// The same sine as WriteSine would write, mono, as floats (for comparisons).
std::vector<float> SineSamples(const SineSpec& spec);

// Reads a whole file's bytes / writes bytes.
std::string ReadBytes(const std::string& path);
void WriteBytes(const std::string& path, const std::string& bytes);

// Little-endian integer patching for hand-crafted corrupt headers.
void PutLe32(std::string* bytes, size_t offset, uint32_t value);
void PutLe16(std::string* bytes, size_t offset, uint16_t value);
void PutLe64(std::string* bytes, size_t offset, uint64_t value);

// A canonical 44-byte-header PCM WAV built by hand (so tests control every field).
std::string MakeWavBytes(int sample_rate, int channels, int bits, const std::vector<int16_t>& samples);

// Mono 16-bit RF64 (EBU Tech 3306): a ds64 chunk declaring `declared_data_bytes` and a
// data chunk of size 0xFFFFFFFF ("see ds64") holding `samples`.
std::string MakeRf64Bytes(int sample_rate, const std::vector<int16_t>& samples,
                          uint64_t declared_data_bytes);

// Mono 16-bit little-endian NIST SPHERE: a 1024-byte header declaring
// `declared_sample_count` samples, then `samples`.
std::string MakeNistBytes(int sample_rate, const std::vector<int16_t>& samples,
                          uint64_t declared_sample_count);

}  // namespace sori::test
