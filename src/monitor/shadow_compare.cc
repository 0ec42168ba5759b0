#include "monitor/shadow_compare.h"

#include "text/metrics.h"

namespace sori {

// ErrorCounts::rate() already gives 0 for two empty texts and 1 for an empty reference.
double TranscriptDisagreement(const std::string& production, const std::string& candidate) {
  return AlignWords(production, candidate).counts.rate();
}

}  // namespace sori
