// What the Recognizer returns: text, confidence, and word timings.
//
// Confidence (0..1) is documented so clients can threshold on it:
//   - a token's confidence is the probability the model gave it at the frame where it was
//     emitted (NeMo's "max_prob" measure);
//   - a word's confidence is the smallest of its tokens' (one doubtful letter makes a
//     doubtful word; NeMo's "min" aggregation);
//   - the utterance's confidence is the mean over all audio frames of the most probable
//     class's probability, blanks included, so it also covers what was decoded as silence.
// Word times are in seconds from the start of the input: a word starts at the frame of
// its first token and ends one frame after the frame of its last token (a frame is
// subsampling_factor x window_stride, e.g. 40 ms at 4x and 10 ms).
#pragma once

#include <string>
#include <vector>

#include "infer/ctc_decode.h"

namespace sori {

struct Word {
  std::string text;
  double start = 0.0;  // seconds
  double end = 0.0;    // seconds
  float confidence = 0.0f;
};

struct Transcript {
  std::string text;
  std::vector<Word> words;
  float confidence = 1.0f;
  double audio_seconds = 0.0;
  CtcHypothesis hypothesis;  // tokens and frames relative to this transcript's own audio
};

class Tokenizer;

// Groups a hypothesis's tokens into words: a token whose piece is a space separates
// words, and a SentencePiece piece starting with U+2581 starts one. Each word's text is
// the tokenizer's decoding of its tokens (so Korean jamo come out as syllables).
// Times are offset by `offset_seconds`.
std::vector<Word> WordsFromHypothesis(const CtcHypothesis& hypothesis, const Tokenizer& tokenizer,
                                      double frame_seconds, double offset_seconds = 0.0);

// Appends `part`, which starts `offset_seconds` into the whole input, to `whole`: text
// joined with a space, words shifted, confidence averaged weighted by frames, audio
// seconds added. Of the hypothesis only the frame count is kept (its tokens' frames are
// relative to each part).
void AppendTranscript(Transcript* whole, const Transcript& part, double offset_seconds);

}  // namespace sori
