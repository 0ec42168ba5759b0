// The Recognizer on a small random-weight model (so the test needs no trained model and
// no shared data): what is checked is the plumbing — batching, long-audio segmentation
// and stitching, words against text — not accuracy, which the eval tests measure.
#include "infer/recognizer.h"

#include <gtest/gtest.h>

#include <sstream>

#include "support/temp_dir.h"
#include "tiny_package.h"
#include "util/error.h"

namespace sori {
namespace {

class RecognizerTest : public test::TinyModelTest {
 protected:
  static std::vector<float> Signal(double seconds, unsigned seed) { return test::TestSignal(seconds, seed); }

  static std::string Squeeze(const std::string& s) {  // words joined by single spaces
    std::istringstream in(s);
    std::string w, out;
    while (in >> w) out += (out.empty() ? "" : " ") + w;
    return out;
  }

  static std::string JoinWords(const Transcript& t) {
    std::string out;
    for (const Word& w : t.words) out += (out.empty() ? "" : " ") + w.text;
    return out;
  }

};

TEST_F(RecognizerTest, BatchedEqualsOneByOneAndWordsMatchText) {
  const std::vector<std::vector<float>> clips{Signal(2.0, 1), Signal(5.5, 2), Signal(0.7, 3)};
  const auto batched = recognizer_->Transcribe(clips);
  ASSERT_EQ(batched.size(), 3u);
  for (size_t i = 0; i < clips.size(); ++i) {
    const Transcript one = recognizer_->Transcribe({clips[i]}).at(0);
    EXPECT_EQ(one.text, batched[i].text) << i;
    EXPECT_NEAR(one.confidence, batched[i].confidence, 1e-4);
    EXPECT_EQ(Squeeze(batched[i].text), JoinWords(batched[i])) << i;
    EXPECT_NEAR(batched[i].audio_seconds, static_cast<double>(clips[i].size()) / 16000, 1e-9);
    EXPECT_GT(batched[i].confidence, 0.0f);
    EXPECT_LE(batched[i].confidence, 1.0f);
    for (const Word& w : batched[i].words) {
      EXPECT_LT(w.start, w.end);
      EXPECT_LE(w.end, batched[i].audio_seconds + recognizer_->frame_seconds());
      EXPECT_GT(w.confidence, 0.0f);
    }
  }
  EXPECT_FALSE(batched[1].words.empty());  // the decoder bias above makes words
  EXPECT_DOUBLE_EQ(recognizer_->frame_seconds(), 0.04);
}

TEST_F(RecognizerTest, LongAudioIsTheStitchOfItsSegments) {
  const std::vector<float> x = Signal(47.0, 4);
  RecognizerOptions o;
  o.segments = {8.0, 4.0, 0.05};
  o.max_batch_segments = 3;
  const Transcript whole = recognizer_->TranscribeLong(x, o);
  // The same by hand: segment, transcribe each alone, shift.
  const auto segs = SegmentAudio(x, 16000, o.segments);
  ASSERT_GE(segs.size(), 6u);
  Transcript expected;
  for (const AudioSegment& s : segs) {
    AppendTranscript(&expected, recognizer_->Transcribe({s.samples}).at(0), static_cast<double>(s.start_sample) / 16000);
  }
  EXPECT_EQ(whole.text, expected.text);
  ASSERT_EQ(whole.words.size(), expected.words.size());
  for (size_t i = 0; i < whole.words.size(); ++i) {
    EXPECT_EQ(whole.words[i].text, expected.words[i].text);
    EXPECT_NEAR(whole.words[i].start, expected.words[i].start, 1e-9);
    if (i > 0) {
      EXPECT_GE(whole.words[i].start, whole.words[i - 1].start);
    }
  }
  EXPECT_NEAR(whole.audio_seconds, 47.0, 1e-6);
  EXPECT_NEAR(whole.confidence, expected.confidence, 1e-4);
  EXPECT_GT(whole.words.back().start, 40.0);  // times run to the end of the input
  // Audio that fits one segment is transcribed whole.
  const std::vector<float> short_clip = Signal(6.0, 5);
  EXPECT_EQ(recognizer_->TranscribeLong(short_clip, o).text, recognizer_->Transcribe({short_clip}).at(0).text);
  EXPECT_TRUE(recognizer_->TranscribeLong(std::vector<float>{}, o).text.empty());
  // Shorter than one encoder frame: empty, without running the model; the others in the
  // batch are unaffected.
  const auto mixed = recognizer_->Transcribe({std::vector<float>(100, 0.1f), short_clip, {}});
  EXPECT_TRUE(mixed[0].text.empty());
  EXPECT_EQ(mixed[1].text, recognizer_->Transcribe({short_clip}).at(0).text);
  EXPECT_TRUE(mixed[2].text.empty());
  EXPECT_DOUBLE_EQ(mixed[2].audio_seconds, 0.0);
}

TEST_F(RecognizerTest, BeamSearchRunsAndBadOptionsAreRefused) {
  RecognizerOptions o;
  o.beam = 8;
  const Transcript b = recognizer_->Transcribe({Signal(3.0, 6)}, o).at(0);
  EXPECT_EQ(Squeeze(b.text), JoinWords(b));
  o.beam = -1;
  EXPECT_THROW(recognizer_->Transcribe({Signal(1.0, 7)}, o), Error);
  o.beam = 8;
  o.lm_weight = -0.5f;
  EXPECT_THROW(recognizer_->Transcribe({Signal(1.0, 7)}, o), Error);
  o.lm_weight.reset();
  o.beam = 1;
  o.max_batch_segments = 0;
  EXPECT_THROW(recognizer_->TranscribeLong(Signal(1.0, 7), o), Error);
}

}  // namespace
}  // namespace sori
