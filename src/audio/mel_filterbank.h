// Mel filterbank identical to librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax,
// htk=False, norm="slaney"), which is what NVIDIA NeMo's FilterbankFeatures uses:
//   - Slaney mel scale: linear below 1 kHz (200/3 Hz per mel), logarithmic above
//     (27 mels per factor 6.4);
//   - n_mels + 2 band edges evenly spaced in mel between fmin and fmax;
//   - triangles evaluated at the real-FFT bin frequencies k * sr / n_fft, computed
//     in double precision and stored as float32;
//   - Slaney area normalization: each triangle scaled by 2 / (upper - lower edge in Hz),
//     applied to the float32 weights in double and rounded to float32 again, exactly
//     as numpy does for librosa's in-place `weights *= enorm`.
// Pure C++ (no libtorch), so it is cheap to test against hand-computed values.
#pragma once

#include <vector>

namespace sori {

double HzToMelSlaney(double hz);
double MelToHzSlaney(double mel);

// Row-major [n_mels][n_fft / 2 + 1] weights. Throws Error(kInvalidInput) on bad args.
std::vector<float> SlaneyMelFilterbank(int sample_rate, int n_fft, int n_mels, double fmin,
                                       double fmax);

}  // namespace sori
