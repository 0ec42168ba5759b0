#include "speech_signal.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace sori::test {

std::vector<float> SpeechLikeSignal(double seconds) {
  const auto n = static_cast<size_t>(seconds * kSpeechRate);
  std::vector<float> x(n, 0.0f);
  double phase = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) / kSpeechRate;
    const double f0 = 150.0 + 30.0 * std::sin(2 * M_PI * 0.7 * t);
    phase += 2 * M_PI * f0 / kSpeechRate;
    if (std::fmod(t, 2.0) >= 1.5) continue;  // the pause after each phrase
    const double envelope = std::pow(std::sin(M_PI * 4.0 * t), 2);
    double v = 0.0;
    for (int k = 1; k * f0 < 7200.0; ++k) v += std::sin(k * phase) / k;
    x[i] = static_cast<float>(envelope * v);
  }
  float peak = 0.0f;
  for (float v : x) peak = std::max(peak, std::fabs(v));
  for (float& v : x) v *= 0.5f / peak;
  return x;
}

double MeanSquare(const std::vector<float>& x) {
  double sum = 0.0;
  for (float v : x) sum += static_cast<double>(v) * v;
  return x.empty() ? 0.0 : sum / static_cast<double>(x.size());
}

std::vector<float> WithWhiteNoise(const std::vector<float>& x, double snr_db) {
  std::mt19937 rng(7);
  std::normal_distribution<double> gauss(0.0, std::sqrt(MeanSquare(x) / std::pow(10.0, snr_db / 10.0)));
  std::vector<float> y = x;
  for (float& v : y) v += static_cast<float>(gauss(rng));
  return y;
}

std::vector<float> Clipped(const std::vector<float>& x, float gain) {
  std::vector<float> y = x;
  for (float& v : y) v = std::clamp(v * gain, -1.0f, 1.0f);
  return y;
}

}  // namespace sori::test
