#include "audio/mel_filterbank.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/error.h"

namespace sori {
namespace {
constexpr double kFSp = 200.0 / 3.0;        // Hz per mel below the break
constexpr double kMinLogHz = 1000.0;         // break frequency
constexpr double kMinLogMel = kMinLogHz / kFSp;  // 15 mels
const double kLogStep = std::log(6.4) / 27.0;
}  // namespace

double HzToMelSlaney(double hz) {
  if (hz >= kMinLogHz) return kMinLogMel + std::log(hz / kMinLogHz) / kLogStep;
  return hz / kFSp;
}

double MelToHzSlaney(double mel) {
  if (mel >= kMinLogMel) return kMinLogHz * std::exp(kLogStep * (mel - kMinLogMel));
  return kFSp * mel;
}

std::vector<float> SlaneyMelFilterbank(int sample_rate, int n_fft, int n_mels, double fmin,
                                       double fmax) {
  if (sample_rate <= 0 || n_fft < 2 || n_mels < 1 || fmin < 0 || fmax <= fmin ||
      fmax > sample_rate / 2.0 + 1e-9) {
    throw Error(ErrorCode::kInvalidInput,
                "mel filterbank: need sample_rate > 0, n_fft >= 2, n_mels >= 1 and "
                "0 <= fmin < fmax <= sample_rate/2 (got sr=" + std::to_string(sample_rate) +
                    ", n_fft=" + std::to_string(n_fft) + ", n_mels=" + std::to_string(n_mels) +
                    ", fmin=" + std::to_string(fmin) + ", fmax=" + std::to_string(fmax) + ")");
  }
  const int n_bins = n_fft / 2 + 1;

  // np.fft.rfftfreq(n_fft, d=1/sr): k * (1 / (n_fft * d)).
  const double d = 1.0 / sample_rate;
  const double bin_hz = 1.0 / (n_fft * d);
  std::vector<double> fft_freqs(static_cast<size_t>(n_bins));
  for (int k = 0; k < n_bins; ++k) fft_freqs[static_cast<size_t>(k)] = k * bin_hz;

  // mel_frequencies(n_mels + 2): np.linspace in mel, then back to Hz.
  const int n_edges = n_mels + 2;
  const double min_mel = HzToMelSlaney(fmin);
  const double max_mel = HzToMelSlaney(fmax);
  const double step = (max_mel - min_mel) / (n_edges - 1);
  std::vector<double> mel_f(static_cast<size_t>(n_edges));
  for (int i = 0; i < n_edges; ++i) {
    const double mel = (i == n_edges - 1) ? max_mel : i * step + min_mel;
    mel_f[static_cast<size_t>(i)] = MelToHzSlaney(mel);
  }

  std::vector<float> weights(static_cast<size_t>(n_mels) * n_bins);
  for (int m = 0; m < n_mels; ++m) {
    const double f0 = mel_f[static_cast<size_t>(m)];
    const double f1 = mel_f[static_cast<size_t>(m + 1)];
    const double f2 = mel_f[static_cast<size_t>(m + 2)];
    const double enorm = 2.0 / (f2 - f0);
    for (int k = 0; k < n_bins; ++k) {
      const double f = fft_freqs[static_cast<size_t>(k)];
      const double lower = -(f0 - f) / (f1 - f0);  // -ramps[m] / fdiff[m]
      const double upper = (f2 - f) / (f2 - f1);   // ramps[m + 2] / fdiff[m + 1]
      const float tri = static_cast<float>(std::max(0.0, std::min(lower, upper)));
      weights[static_cast<size_t>(m) * n_bins + k] =
          static_cast<float>(static_cast<double>(tri) * enorm);
    }
  }
  return weights;
}

}  // namespace sori
