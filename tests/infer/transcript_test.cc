#include "infer/transcript.h"

#include <gtest/gtest.h>

#include "infer/transcript_formats.h"
#include "text/jamo_tokenizer.h"

namespace sori {
namespace {

// A hypothesis emitting `ids` at `frames`, each with probability `prob[i]`.
CtcHypothesis Hyp(std::vector<int> ids, std::vector<int> frames, std::vector<float> probs, int num_frames = 100) {
  CtcHypothesis h;
  h.tokens = std::move(ids);
  h.frames = std::move(frames);
  h.probs = std::move(probs);
  h.num_frames = num_frames;
  return h;
}

TEST(TranscriptTest, KoreanJamoWordsAreRecomposedWithTimesAndMinConfidence) {
  const JamoTokenizer tok;
  const std::vector<int> ids = tok.Encode("안녕 하세요");
  ASSERT_EQ(tok.IdToPiece(ids[6]), " ");  // ᄋ ᅡ ᆫ ᄂ ᅧ ᆼ, space, ᄒ ᅡ ...
  std::vector<int> frames;
  std::vector<float> probs;
  for (size_t i = 0; i < ids.size(); ++i) {
    frames.push_back(static_cast<int>(2 * i));
    probs.push_back(i == 2 ? 0.5f : 0.9f);
  }
  const std::vector<Word> words = WordsFromHypothesis(Hyp(ids, frames, probs), tok, 0.04, 1.0);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "안녕");
  EXPECT_EQ(words[1].text, "하세요");
  EXPECT_DOUBLE_EQ(words[0].start, 1.0);
  EXPECT_DOUBLE_EQ(words[0].end, 1.0 + (10 + 1) * 0.04);  // last jamo at frame 10
  EXPECT_DOUBLE_EQ(words[1].start, 1.0 + 14 * 0.04);       // first jamo after the space (token 7)
  EXPECT_FLOAT_EQ(words[0].confidence, 0.5f);
  EXPECT_FLOAT_EQ(words[1].confidence, 0.9f);
}

// SentencePiece-style pieces: "▁" starts a word.
class PieceTokenizer : public Tokenizer {
 public:
  std::string type() const override { return "test"; }
  int vocab_size() const override { return static_cast<int>(pieces_.size()); }
  int unk_id() const override { return 0; }
  std::vector<int> Encode(std::string_view) const override { return {}; }
  std::string Decode(const std::vector<int>& ids) const override {
    std::string s;
    for (int id : ids) s += pieces_[static_cast<size_t>(id)];
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (s.compare(i, 3, "\xE2\x96\x81") == 0) {
        if (!out.empty()) out += ' ';
        i += 3;
      } else {
        out += s[i++];
      }
    }
    return out;
  }
  std::string IdToPiece(int id) const override { return pieces_[static_cast<size_t>(id)]; }
  void Save(const std::string&) const override {}

 private:
  std::vector<std::string> pieces_{"<unk>", "\xE2\x96\x81the", "\xE2\x96\x81" "c", "at", "s", "\xE2\x96\x81"};
};

TEST(TranscriptTest, SentencePieceWordsStartAtTheMarker) {
  const PieceTokenizer tok;
  // "▁the ▁c at s ▁" -> "the", "cats"; a lone trailing marker makes no word.
  const auto words = WordsFromHypothesis(Hyp({1, 2, 3, 4, 5}, {3, 10, 12, 13, 20}, {.9f, .8f, .7f, .95f, .9f}), tok, 0.08);
  ASSERT_EQ(words.size(), 2u);
  EXPECT_EQ(words[0].text, "the");
  EXPECT_EQ(words[1].text, "cats");
  EXPECT_NEAR(words[1].start, 0.8, 1e-9);
  EXPECT_NEAR(words[1].end, 14 * 0.08, 1e-9);
  EXPECT_FLOAT_EQ(words[1].confidence, 0.7f);
}

TEST(TranscriptTest, AppendShiftsWordsAndWeighsConfidenceByFrames) {
  Transcript whole;
  Transcript a;
  a.text = "one two";
  a.words = {{"one", 0.1, 0.3, 0.9f}, {"two", 0.5, 0.7, 0.8f}};
  a.confidence = 0.9f;
  a.audio_seconds = 20;
  a.hypothesis.num_frames = 300;
  Transcript b;
  b.text = "three";
  b.words = {{"three", 0.2, 0.6, 0.7f}};
  b.confidence = 0.6f;
  b.audio_seconds = 10;
  b.hypothesis.num_frames = 100;
  Transcript silent;
  silent.audio_seconds = 5;
  silent.confidence = 1.0f;
  silent.hypothesis.num_frames = 50;
  AppendTranscript(&whole, a, 0.0);
  AppendTranscript(&whole, silent, 20.0);
  AppendTranscript(&whole, b, 25.0);
  EXPECT_EQ(whole.text, "one two three");
  ASSERT_EQ(whole.words.size(), 3u);
  EXPECT_DOUBLE_EQ(whole.words[2].start, 25.2);
  EXPECT_DOUBLE_EQ(whole.words[2].end, 25.6);
  EXPECT_DOUBLE_EQ(whole.audio_seconds, 35.0);
  EXPECT_NEAR(whole.confidence, (0.9 * 300 + 1.0 * 50 + 0.6 * 100) / 450, 1e-6);
}

Transcript ThreeWords() {
  Transcript t;
  t.text = "hello big world";
  t.audio_seconds = 12;
  t.confidence = 0.8f;
  t.words = {{"hello", 0.5, 1.0, 0.9f}, {"big", 1.1, 1.4, 0.7f}, {"world", 3.0, 3.6, 0.8f}};
  return t;
}

TEST(TranscriptFormatsTest, SegmentsBreakOnPausesLengthAndDuration) {
  const Transcript t = ThreeWords();
  auto segs = GroupSegments(t);  // the 1.6 s pause before "world" splits
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0].text, "hello big");
  EXPECT_DOUBLE_EQ(segs[0].start, 0.5);
  EXPECT_DOUBLE_EQ(segs[0].end, 1.4);
  EXPECT_FLOAT_EQ(segs[0].confidence, 0.8f);
  EXPECT_EQ(segs[1].first_word, 2u);
  EXPECT_EQ(segs[1].end_word, 3u);
  SegmentRules narrow;
  narrow.max_chars = 8;  // "hello big" is 9
  narrow.max_gap_seconds = 10;
  segs = GroupSegments(t, narrow);
  ASSERT_EQ(segs.size(), 3u);
  SegmentRules wide;
  wide.max_gap_seconds = 10;
  EXPECT_EQ(GroupSegments(t, wide).size(), 1u);
  EXPECT_TRUE(GroupSegments(Transcript{}).empty());
}

TEST(TranscriptFormatsTest, SubtitlesAndJson) {
  const Transcript t = ThreeWords();
  EXPECT_EQ(TranscriptToSrt(t),
            "1\n00:00:00,500 --> 00:00:01,400\nhello big\n\n"
            "2\n00:00:03,000 --> 00:00:03,600\nworld\n\n");
  EXPECT_EQ(TranscriptToVtt(t),
            "WEBVTT\n\n00:00:00.500 --> 00:00:01.400\nhello big\n\n"
            "00:00:03.000 --> 00:00:03.600\nworld\n\n");
  EXPECT_EQ(FormatTimestamp(3723.4567, ','), "01:02:03,457");
  EXPECT_EQ(FormatTimestamp(-1, '.'), "00:00:00.000");
  const auto j = TranscriptToJson(t);
  EXPECT_EQ(j["text"], "hello big world");
  EXPECT_EQ(j["words"].size(), 3u);
  EXPECT_EQ(j["words"][1]["word"], "big");
  EXPECT_DOUBLE_EQ(j["words"][1]["start"].get<double>(), 1.1);
  EXPECT_DOUBLE_EQ(j["duration"].get<double>(), 12.0);
}

}  // namespace
}  // namespace sori
