// Decoding every supported container/encoding, down-mixing, resampling, raw PCM and
// segments. Fixtures are written by libsndfile at test time.
#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <fstream>
#include <numeric>

#include "audio/reader.h"
#include "support/audio_fixtures.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

using test::SineSpec;
using test::TempDir;

// Normalized cross-correlation at lag 0 over the common length.
double Correlation(const std::vector<float>& a, const std::vector<float>& b, size_t skip = 0) {
  const size_t n = std::min(a.size(), b.size());
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = skip; i < n; ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  return ab / std::sqrt(aa * bb + 1e-30);
}

// Best correlation over small lags (lossy codecs add a decoder delay).
double BestCorrelation(const std::vector<float>& ref, const std::vector<float>& got, int max_lag) {
  double best = -1;
  for (int lag = 0; lag <= max_lag; ++lag) {
    std::vector<float> shifted(got.begin() + std::min<size_t>(static_cast<size_t>(lag), got.size()), got.end());
    best = std::max(best, Correlation(ref, shifted, 200));
  }
  return best;
}

struct FormatCase {
  const char* name;
  const char* extension;
  int format;
  const char* container;
  const char* encoding;
  double max_abs_error;  // vs. the float sine; < 0: lossy, compare by correlation
};

class DecodeFormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(DecodeFormatTest, DecodesSineAt16kHz) {
  const FormatCase& c = GetParam();
  TempDir dir;
  const std::string path = dir.File(std::string("sine.") + c.extension);
  SineSpec spec;
  spec.sample_rate = c.format == (SF_FORMAT_OGG | SF_FORMAT_OPUS) ? 48000 : 16000;
  if (!test::WriteSine(path, c.format, spec)) {
    GTEST_SKIP() << "this libsndfile cannot write " << c.name;
  }
  const AudioInfo info = ProbeAudioFile(path);
  EXPECT_EQ(info.container, c.container);
  EXPECT_EQ(info.encoding, c.encoding);
  EXPECT_EQ(info.channels, 1);
  EXPECT_NEAR(info.duration_sec, 1.0, 0.1);

  const Audio audio = DecodeAudioFile(path);
  EXPECT_EQ(audio.sample_rate, 16000);
  SineSpec ref16 = spec;
  ref16.sample_rate = 16000;
  const std::vector<float> ref = test::SineSamples(ref16);
  if (c.max_abs_error >= 0) {
    ASSERT_EQ(audio.samples.size(), ref.size());
    double worst = 0;
    for (size_t i = 0; i < ref.size(); ++i) worst = std::max(worst, double(std::fabs(audio.samples[i] - ref[i])));
    EXPECT_LT(worst, c.max_abs_error);
  } else {
    EXPECT_NEAR(double(audio.samples.size()), 16000.0, 1700.0);
    EXPECT_GT(BestCorrelation(ref, audio.samples, 1200), 0.95);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, DecodeFormatTest,
    ::testing::Values(
        FormatCase{"wav_u8", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, "WAV", "PCM_U8", 1.0 / 64},
        FormatCase{"wav_s16", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, "WAV", "PCM_16", 1.0 / 16384},
        FormatCase{"wav_s24", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, "WAV", "PCM_24", 1e-6},
        FormatCase{"wav_s32", "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_32, "WAV", "PCM_32", 1e-6},
        FormatCase{"wav_float", "wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, "WAV", "FLOAT", 1e-7},
        FormatCase{"wav_double", "wav", SF_FORMAT_WAV | SF_FORMAT_DOUBLE, "WAV", "DOUBLE", 1e-7},
        FormatCase{"flac_s16", "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, "FLAC", "PCM_16", 1.0 / 16384},
        FormatCase{"flac_s24", "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_24, "FLAC", "PCM_24", 1e-6},
        FormatCase{"ogg_vorbis", "ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, "OGG", "VORBIS", -1},
        FormatCase{"ogg_opus", "opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, "OGG", "OPUS", -1},
        FormatCase{"mp3", "mp3", SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III, "MPEG", "MPEG_LAYER_III", -1}),
    [](const ::testing::TestParamInfo<FormatCase>& p) { return std::string(p.param.name); });

TEST(DecodeTest, ResamplesFsdd8kHzTo16kHz) {
  const std::string path = test::SharedDataDir() + "/fsdd/0_jackson_0.wav";
  if (!std::ifstream(path)) GTEST_SKIP() << "FSDD not found at " << path;
  const AudioInfo info = ProbeAudioFile(path);
  EXPECT_EQ(info.sample_rate, 8000);
  EXPECT_EQ(info.channels, 1);
  EXPECT_EQ(info.container, "WAV");
  EXPECT_NEAR(info.duration_sec, static_cast<double>(info.frames) / 8000.0, 1e-12);

  const Audio audio = DecodeAudioFile(path);
  EXPECT_EQ(audio.sample_rate, 16000);
  EXPECT_EQ(audio.samples.size(), static_cast<size_t>(info.frames) * 2);
  EXPECT_NEAR(audio.duration_sec(), info.duration_sec, 1e-9);
}

TEST(DecodeTest, ResampledSineKeepsItsFrequency) {
  TempDir dir;
  for (int rate : {8000, 22050, 44100, 48000}) {
    SineSpec spec;
    spec.sample_rate = rate;
    spec.frequency = 1000;
    const std::string path = dir.File("s" + std::to_string(rate) + ".wav");
    ASSERT_TRUE(test::WriteSine(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, spec));
    const Audio audio = DecodeAudioFile(path);
    EXPECT_NEAR(double(audio.samples.size()), 16000.0, 1.0) << rate;
    SineSpec ref = spec;
    ref.sample_rate = 16000;
    EXPECT_GT(Correlation(test::SineSamples(ref), audio.samples, 200), 0.999) << rate;
  }
}

TEST(DecodeTest, KeepsSourceRateWhenTargetIsZero) {
  TempDir dir;
  SineSpec spec;
  spec.sample_rate = 22050;
  const std::string path = dir.File("a.wav");
  ASSERT_TRUE(test::WriteSine(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, spec));
  DecodeOptions opts;
  opts.target_sample_rate = 0;
  const Audio audio = DecodeAudioFile(path, opts);
  EXPECT_EQ(audio.sample_rate, 22050);
  EXPECT_EQ(audio.samples.size(), 22050u);
}

TEST(DecodeTest, DownMixesByAveragingChannels) {
  TempDir dir;
  const std::string path = dir.File("stereo.wav");
  // Left 0.5, right -0.25 everywhere: the mono mix is 0.125.
  std::vector<float> inter;
  for (int i = 0; i < 1600; ++i) {
    inter.push_back(0.5f);
    inter.push_back(-0.25f);
  }
  test::WriteSamples(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 2, inter);
  const Audio audio = DecodeAudioFile(path);
  ASSERT_EQ(audio.samples.size(), 1600u);
  for (float v : audio.samples) ASSERT_FLOAT_EQ(v, 0.125f);
}

TEST(DecodeTest, EightChannelsAreAccepted) {
  TempDir dir;
  const std::string path = dir.File("eight.wav");
  std::vector<float> inter(8 * 160, 0.25f);
  test::WriteSamples(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 8, inter);
  const Audio audio = DecodeAudioFile(path);
  ASSERT_EQ(audio.samples.size(), 160u);
  EXPECT_FLOAT_EQ(audio.samples[0], 0.25f);
}

TEST(DecodeTest, IntegerSamplesScaleLikeSoundfile) {
  TempDir dir;
  const std::string path = dir.File("ints.wav");
  test::WriteBytes(path, test::MakeWavBytes(16000, 1, 16, {0, 1, -1, 16384, -32768, 32767}));
  const Audio audio = DecodeAudioFile(path);
  ASSERT_EQ(audio.samples.size(), 6u);
  EXPECT_EQ(audio.samples[1], 1.0f / 32768);
  EXPECT_EQ(audio.samples[2], -1.0f / 32768);
  EXPECT_EQ(audio.samples[3], 0.5f);
  EXPECT_EQ(audio.samples[4], -1.0f);
  EXPECT_EQ(audio.samples[5], 32767.0f / 32768);
}

TEST(DecodeTest, RawPcmFileByExtension) {
  TempDir dir;
  // KsponSpeech layout: s16le, 16 kHz, mono, no header; plus one stray trailing byte,
  // which KsponSpeech's eval files really have and which is dropped.
  std::string bytes;
  for (int16_t s : {int16_t(0), int16_t(16384), int16_t(-16384), int16_t(32767)}) {
    bytes.push_back(static_cast<char>(s & 0xFF));
    bytes.push_back(static_cast<char>((s >> 8) & 0xFF));
  }
  bytes.push_back('\x7f');
  const std::string path = dir.Write("KsponSpeech_000001.pcm", bytes);
  const AudioInfo info = ProbeAudioFile(path);
  EXPECT_EQ(info.container, "RAW");
  EXPECT_EQ(info.sample_rate, 16000);
  EXPECT_EQ(info.frames, 4);
  const Audio audio = DecodeAudioFile(path);
  ASSERT_EQ(audio.samples.size(), 4u);
  EXPECT_EQ(audio.samples[1], 0.5f);
  EXPECT_EQ(audio.samples[2], -0.5f);
}

TEST(DecodeTest, RawPcmWithExplicitParameters) {
  TempDir dir;
  // 8 kHz stereo s16be: frames (L, R) = (1000, 3000) -> mono 2000 / 32768.
  std::string bytes;
  for (int i = 0; i < 800; ++i) {
    for (int16_t s : {int16_t(1000), int16_t(3000)}) {
      bytes.push_back(static_cast<char>((s >> 8) & 0xFF));
      bytes.push_back(static_cast<char>(s & 0xFF));
    }
  }
  const std::string path = dir.Write("audio.raw", bytes);
  DecodeOptions opts;
  opts.raw = RawPcmFormat{8000, 2, RawPcmFormat::Encoding::kS16BE};
  opts.target_sample_rate = 0;
  const Audio audio = DecodeAudioFile(path, opts);
  EXPECT_EQ(audio.sample_rate, 8000);
  ASSERT_EQ(audio.samples.size(), 800u);
  EXPECT_FLOAT_EQ(audio.samples[400], 2000.0f / 32768);
}

TEST(DecodeTest, RawEncodingNamesRoundTrip) {
  for (const char* name : {"s8", "u8", "s16le", "s16be", "s24le", "s32le", "f32le", "f64le"}) {
    EXPECT_EQ(RawPcmFormat::EncodingName(RawPcmFormat::ParseEncoding(name)), name);
  }
  try {
    RawPcmFormat::ParseEncoding("s12le");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("s12le"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("s16le"), std::string::npos);
  }
}

TEST(DecodeTest, SegmentByOffsetAndDuration) {
  TempDir dir;
  const std::string path = dir.File("ramp.wav");
  std::vector<float> ramp(16000);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<float>(i) / 16000.0f;
  test::WriteSamples(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, 16000, 1, ramp);
  DecodeOptions opts;
  opts.offset_sec = 0.5;
  opts.duration_sec = 0.25;
  const Audio audio = DecodeAudioFile(path, opts);
  ASSERT_EQ(audio.samples.size(), 4000u);
  EXPECT_EQ(audio.samples.front(), ramp[8000]);
  EXPECT_EQ(audio.samples.back(), ramp[11999]);
}

TEST(DecodeTest, MemoryAndFileGiveTheSameSamples) {
  TempDir dir;
  SineSpec spec;
  spec.sample_rate = 44100;
  spec.channels = 2;
  const std::string path = dir.File("a.flac");
  ASSERT_TRUE(test::WriteSine(path, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, spec));
  const Audio from_file = DecodeAudioFile(path);
  const Audio from_memory = DecodeAudioMemory(test::ReadBytes(path), "upload.flac");
  EXPECT_EQ(from_file.samples, from_memory.samples);
}

TEST(DecodeTest, StreamingReaderMatchesWholeDecode) {
  TempDir dir;
  SineSpec spec;
  spec.sample_rate = 44100;
  spec.seconds = 3.0;
  const std::string path = dir.File("long.wav");
  ASSERT_TRUE(test::WriteSine(path, SF_FORMAT_WAV | SF_FORMAT_PCM_16, spec));
  auto reader = AudioReader::OpenFile(path, DecodeOptions{});
  std::vector<float> streamed;
  int chunks = 0;
  std::vector<float> chunk;
  while (true) {
    chunk.clear();
    if (!reader->ReadChunk(&chunk)) break;
    streamed.insert(streamed.end(), chunk.begin(), chunk.end());
    ++chunks;
  }
  EXPECT_GT(chunks, 3);
  EXPECT_EQ(streamed, DecodeAudioFile(path).samples);
}

}  // namespace
}  // namespace sori
