// Korean transcript normalizer following the KsponSpeech (AI Hub 한국어 음성)
// transcription conventions: ETRI's rules as used by kospeech/openspeech, ESPnet,
// Lhotse and SpeechBrain, made robust to the malformed lines those tools mishandle.
// Used for training targets and for scoring, so reference and hypothesis must go
// through the same options.
//
// Rules, applied in this order (examples use the default options):
//   (a) Unicode clean-up. Full-width ASCII forms U+FF01..U+FF5E become ASCII ("ＡＢ１" ->
//       "ab1"); Unicode spaces (NBSP, U+3000 ideographic space, ...) become spaces;
//       zero-width characters (U+200B..U+200D, U+2060, U+FEFF) are deleted; conjoining
//       jamo are composed (ComposeHangul), so NFD input gives the same output as NFC.
//   (b) Dual transcriptions "(spelling)/(pronunciation)" keep one side, per `dual`
//       (left = spelling, right = pronunciation): "(70%)/(칠 십 퍼센트) 확률" ->
//       "칠 십 퍼센트 확률" (kPronunciation) or "70% 확률" (kSpelling). Spaces around the
//       "/" are tolerated ("(A) / (B)"), and "+" / "*" marks right after "(B)" are
//       dropped with it. A side may not contain parentheses. Parentheses that are not part
//       of a dual are removed by (e) with their content kept: "(뭐) 그래" -> "뭐 그래";
//       the rest of the line is never lost (kospeech's toggle logic can delete it).
//   (c) Noise tags b/ (breath), l/ (laughter), o/ (overlapping speech), n/ (noise) and
//       u/ (unintelligible) are deleted where they stand as a token: at the start or
//       after white space or "(", and followed by the end, white space, ". , ? ! ) + *".
//       "b/ 아/ 소리야 n/" -> "아 소리야"; "an/" is a filler word "an", not a tag.
//       Tags are lower case in KsponSpeech; "B/" is not a tag.
//   (d) Disfluency marks "*" (noisy/unclear word), "+" (repeated or broken word) and
//       filler "/" are deleted and the word carrying them is kept: "음/ 학교+ 학교에" ->
//       "음 학교 학교에". A mark directly followed by another letter or digit is a
//       notation error ("w1+w2"); it becomes a space so the words stay apart: "w1 w2".
//   (e) Symbols "- @ $ ^ & [ ] = : ; # ~ \" ( )" are deleted ("AT&T" -> "att",
//       "[팔 육]" -> "팔 육"). "%" is kept: the spelling side of "(70%)/(칠 십 퍼센트)" is
//       "70%". Everything else (Hangul, Latin, digits, other symbols) is kept as is.
//   (f) If remove_punctuation: ". , ? !" are deleted ("되잖아." -> "되잖아"), except a
//       "." between two digits, which is a decimal point ("3.5%" stays "3.5%").
//   (g) If lowercase_latin: A..Z become a..z ("KBS" -> "kbs").
//   (h) White space is folded to single spaces and trimmed.
// A line of only tags and marks ("b/ n/ l/") normalizes to "".
//
// Throws Error(kInvalidInput) naming the byte offset if `text` is not valid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace sori {

struct KoreanNormalizerOptions {
  // Which side of (spelling)/(pronunciation) to keep. kospeech/openspeech default to the
  // pronunciation; ESPnet, Lhotse/icefall and SpeechBrain use the spelling. Their
  // published CERs are therefore not comparable.
  enum class Dual { kPronunciation, kSpelling };
  Dual dual = Dual::kPronunciation;
  bool remove_punctuation = true;  // rule (f)
  bool lowercase_latin = true;     // rule (g)
};

std::string NormalizeKorean(std::string_view text, const KoreanNormalizerOptions& options = {});

}  // namespace sori
