// Label-free comparison of two versions on the same audio (shadow traffic): production
// answers the client, the candidate's transcript is only compared with it.
#pragma once

#include <string>

namespace sori {

// Word error rate of `candidate` against `production` as the reference, words split at
// white space only (no case folding or punctuation removal: any change counts); 0 when
// both are empty, 1 when production is empty and the candidate is not. Can exceed 1
// through insertions. Uses the text layer's alignment (text/metrics.h); Error(kInvalidInput)
// on invalid UTF-8.
double TranscriptDisagreement(const std::string& production, const std::string& candidate);

}  // namespace sori
