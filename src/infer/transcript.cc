#include "infer/transcript.h"

#include <algorithm>

#include "text/tokenizer.h"

namespace sori {
namespace {

constexpr char kSentencePieceSpace[] = "\xE2\x96\x81";  // U+2581

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::vector<Word> WordsFromHypothesis(const CtcHypothesis& hypothesis, const Tokenizer& tokenizer,
                                      double frame_seconds, double offset_seconds) {
  std::vector<Word> words;
  std::vector<int> ids;
  int first_frame = 0, last_frame = 0;
  float confidence = 1.0f;
  const auto flush = [&] {
    if (ids.empty()) return;
    Word w;
    w.text = tokenizer.Decode(ids);
    w.start = offset_seconds + first_frame * frame_seconds;
    w.end = offset_seconds + (last_frame + 1) * frame_seconds;
    w.confidence = confidence;
    if (!w.text.empty()) words.push_back(std::move(w));
    ids.clear();
  };
  for (size_t i = 0; i < hypothesis.tokens.size(); ++i) {
    const int id = hypothesis.tokens[i];
    const std::string piece = tokenizer.IdToPiece(id);
    if (piece == " ") {
      flush();
      continue;
    }
    if (StartsWith(piece, kSentencePieceSpace)) flush();
    const int frame = i < hypothesis.frames.size() ? hypothesis.frames[i] : 0;
    const float prob = i < hypothesis.probs.size() ? hypothesis.probs[i] : 1.0f;
    if (ids.empty()) {
      first_frame = frame;
      confidence = prob;
    }
    ids.push_back(id);
    last_frame = frame;
    confidence = std::min(confidence, prob);
  }
  flush();
  return words;
}

void AppendTranscript(Transcript* whole, const Transcript& part, double offset_seconds) {
  if (!part.text.empty()) whole->text += (whole->text.empty() ? "" : " ") + part.text;
  for (Word w : part.words) {
    w.start += offset_seconds;
    w.end += offset_seconds;
    whole->words.push_back(std::move(w));
  }
  const int frames = whole->hypothesis.num_frames + part.hypothesis.num_frames;
  if (frames > 0) {
    whole->confidence = (whole->confidence * static_cast<float>(whole->hypothesis.num_frames) +
                         part.confidence * static_cast<float>(part.hypothesis.num_frames)) /
                        static_cast<float>(frames);
  }
  whole->hypothesis.num_frames = frames;
  whole->audio_seconds += part.audio_seconds;
}

}  // namespace sori
