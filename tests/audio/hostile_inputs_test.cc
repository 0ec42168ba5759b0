// Inputs from the hostile-input review (issue 17): paths that are not regular files,
// Ogg files cut off before their last page, and RF64/NIST headers declaring more data
// than the file holds. Each is refused as invalid input naming the input; none may hang
// the caller or be called "too large" because of a length nobody stated.
#include <gtest/gtest.h>
#include <sndfile.h>
#include <sys/stat.h>

#include <functional>

#include "audio/reader.h"
#include "support/audio_fixtures.h"
#include "support/error_code.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori {
namespace {

using test::ErrorCodeOf;
using test::TempDir;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(HostileInputTest, FifoIsRefusedWithoutWaitingForAWriter) {
  TempDir dir;
  const std::string fifo = dir.File("a.wav");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::vector<std::function<void()>> readers = {
      [&] { DecodeAudioFile(fifo); },
      [&] { ProbeAudioFile(fifo); },
      [&] { AudioReader::OpenFile(fifo, DecodeOptions{}); },
  };
  for (const auto& read : readers) {
    std::string message;
    EXPECT_EQ(test::ErrorCodeOfFifoRead(fifo, read, &message), ErrorCode::kInvalidInput) << message;
    EXPECT_TRUE(Contains(message, fifo)) << message;
    EXPECT_TRUE(Contains(message, "not a regular file (it is a FIFO")) << message;
  }
}

TEST(HostileInputTest, DevicesAndFoldersAreRefusedAsNotRegularFiles) {
  TempDir dir;
  std::string message;
  EXPECT_EQ(ErrorCodeOf([] { ProbeAudioFile("/dev/zero"); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "'/dev/zero' is not a regular file (it is a character device)")) << message;
  EXPECT_EQ(ErrorCodeOf([&] { DecodeAudioFile(dir.path()); }, &message), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Contains(message, "(it is a directory)")) << message;
}

// libsndfile reports an Ogg file cut before its last page as SF_COUNT_MAX frames
// ("unknown"), which once came out as "audio is 576460752303423.50 s long" (too large).
TEST(HostileInputTest, CutOggAndOpusAreInvalidNotTooLarge) {
  TempDir dir;
  struct Kind {
    const char* file;
    int format;
    int rate;
  };
  int unknown_length = 0;
  for (const Kind& kind : {Kind{"a.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 16000},
                           Kind{"a.opus", SF_FORMAT_OGG | SF_FORMAT_OPUS, 48000}}) {
    test::SineSpec spec;
    spec.sample_rate = kind.rate;
    spec.seconds = 3.0;
    const std::string path = dir.File(kind.file);
    if (!test::WriteSine(path, kind.format, spec)) GTEST_SKIP() << "libsndfile cannot write " << kind.file;
    const std::string whole = test::ReadBytes(path);
    for (double keep : {0.5, 0.7, 0.9}) {
      const std::string cut = whole.substr(0, static_cast<size_t>(whole.size() * keep));
      test::WriteBytes(path, cut);
      const std::string where = std::string(kind.file) + " cut to " + std::to_string(keep);
      std::string message;
      const auto probe = [&] { EXPECT_LE(ProbeAudioFile(path).duration_sec, 3.0) << where; };
      const auto decode = [&] { EXPECT_LE(DecodeAudioFile(path).duration_sec(), 3.0) << where; };
      const auto memory = [&] { EXPECT_LE(DecodeAudioMemory(cut, where).duration_sec(), 3.0) << where; };
      for (const auto& f : {std::function<void()>(probe), std::function<void()>(decode), std::function<void()>(memory)}) {
        try {
          f();  // a cut at a page boundary is a shorter valid file
        } catch (const Error& e) {
          EXPECT_EQ(e.code(), ErrorCode::kInvalidInput) << where << ": " << e.what();
          if (Contains(e.what(), "length cannot be determined")) ++unknown_length;
        }
      }
    }
  }
  EXPECT_GT(unknown_length, 0) << "no cut reached libsndfile's unknown length; the test lost its point";
}

std::vector<int16_t> Ramp(size_t n) {
  std::vector<int16_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int16_t>(i * 7);
  return v;
}

// Decoding `bytes` (as a file named `name` and from memory) fails with kInvalidInput
// whose message contains every needle.
void ExpectRefused(const TempDir& dir, const std::string& name, const std::string& bytes,
                   const std::vector<std::string>& needles) {
  const std::string path = dir.Write(name, bytes);
  for (const auto& f : {std::function<void()>([&] { DecodeAudioFile(path); }),
                        std::function<void()>([&] { ProbeAudioFile(path); }),
                        std::function<void()>([&] { DecodeAudioMemory(bytes, path); })}) {
    std::string message;
    EXPECT_EQ(ErrorCodeOf(f, &message), ErrorCode::kInvalidInput) << message;
    EXPECT_TRUE(Contains(message, path)) << message;
    for (const auto& n : needles) EXPECT_TRUE(Contains(message, n)) << "lacks '" << n << "': " << message;
  }
}

TEST(HostileInputTest, Rf64DeclaringMoreDataThanItHoldsIsTruncated) {
  TempDir dir;
  const std::string honest = test::MakeRf64Bytes(16000, Ramp(1600), 3200);
  EXPECT_EQ(DecodeAudioFile(dir.Write("ok.rf64", honest)).samples.size(), 1600u);
  EXPECT_EQ(ProbeAudioFile(dir.File("ok.rf64")).container, "RF64");
  const uint64_t hundred_hours = 32000ull * 3600 * 100;
  ExpectRefused(dir, "huge.rf64", test::MakeRf64Bytes(16000, Ramp(1600), hundred_hours),
                {"truncated RF64", std::to_string(hundred_hours)});
  ExpectRefused(dir, "short.rf64", test::MakeRf64Bytes(16000, Ramp(1600), 3202), {"truncated RF64", "3202"});
}

TEST(HostileInputTest, NistDeclaringMoreSamplesThanItHoldsIsTruncated) {
  TempDir dir;
  EXPECT_EQ(DecodeAudioFile(dir.Write("ok.sph", test::MakeNistBytes(16000, Ramp(1600), 1600))).samples.size(), 1600u);
  const uint64_t hundred_hours = 16000ull * 3600 * 100;
  ExpectRefused(dir, "huge.sph", test::MakeNistBytes(16000, Ramp(1600), hundred_hours),
                {"truncated NIST SPHERE", std::to_string(hundred_hours)});
  ExpectRefused(dir, "short.sph", test::MakeNistBytes(16000, Ramp(1600), 1601), {"truncated NIST SPHERE", "1601"});
}

}  // namespace
}  // namespace sori
