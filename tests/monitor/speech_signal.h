// Synthetic "speech" for the drift-feature tests: voiced syllables (a harmonic tone with
// a gliding pitch and harmonics up to ~7.2 kHz falling 6 dB per octave, amplitude
// modulated at 4 syllables per second) in phrases of 1.5 s separated by 0.5 s of silence.
// The envelope is zero at every syllable boundary, so the gaps start and end without a
// click (a step would spread energy over the whole spectrum).
#pragma once

#include <vector>

namespace sori::test {

constexpr int kSpeechRate = 16000;

// `seconds` of it at 16 kHz, peak 0.5.
std::vector<float> SpeechLikeSignal(double seconds);

// Mean of x^2.
double MeanSquare(const std::vector<float>& x);

// x plus white Gaussian noise at `snr_db` below x's mean power (fixed seed).
std::vector<float> WithWhiteNoise(const std::vector<float>& x, double snr_db);

// x * gain, hard-clipped to [-1, 1].
std::vector<float> Clipped(const std::vector<float>& x, float gain);

}  // namespace sori::test
