#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace sori {

double LearningRateAt(const TrainingSpec& spec, int64_t step, int64_t total_steps) {
  const double peak = spec.learning_rate;
  const double s = static_cast<double>(step + 1);
  const double w = static_cast<double>(spec.warmup_steps);
  if (spec.scheduler == "noam") return peak * std::min(s / w, std::sqrt(w / s));
  if (spec.warmup_steps > 0 && s <= w) return peak * s / w;
  if (spec.scheduler == "constant") return peak;
  const double span = std::max(1.0, static_cast<double>(total_steps) - w);
  const double progress = std::clamp((s - w) / span, 0.0, 1.0);
  return spec.min_lr + (peak - spec.min_lr) * 0.5 * (1.0 + std::cos(M_PI * progress));
}

}  // namespace sori
