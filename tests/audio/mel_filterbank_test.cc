#include "audio/mel_filterbank.h"

#include <gtest/gtest.h>

#include "util/error.h"

namespace sori {
namespace {

TEST(MelFilterbankTest, SlaneyScaleAnchorPoints) {
  EXPECT_NEAR(HzToMelSlaney(0.0), 0.0, 1e-12);
  EXPECT_NEAR(HzToMelSlaney(200.0), 3.0, 1e-12);    // linear part: 200/3 Hz per mel
  EXPECT_NEAR(HzToMelSlaney(1000.0), 15.0, 1e-12);  // the break
  EXPECT_NEAR(HzToMelSlaney(6400.0), 42.0, 1e-9);   // 27 mels per factor 6.4
  for (double hz : {50.0, 999.0, 1000.0, 3000.0, 7999.0}) {
    EXPECT_NEAR(MelToHzSlaney(HzToMelSlaney(hz)), hz, 1e-9);
  }
}

TEST(MelFilterbankTest, MatchesLibrosaDocumentedValues) {
  // librosa.filters.mel docs: sr=22050, n_fft=2048 -> weights[0, 1] = 0.016;
  // with fmax=8000 -> 0.02 (printed rounded; these are the float32 values).
  const int bins = 2048 / 2 + 1;
  const auto a = SlaneyMelFilterbank(22050, 2048, 128, 0.0, 11025.0);
  EXPECT_NEAR(a[1], 0.016183, 2e-6);
  const auto b = SlaneyMelFilterbank(22050, 2048, 128, 0.0, 8000.0);
  EXPECT_NEAR(b[1], 0.019692, 2e-6);
  EXPECT_EQ(a.size(), static_cast<size_t>(128 * bins));
}

TEST(MelFilterbankTest, NeMoBankShapeAreasAndPeaks) {
  const int n_mels = 80, bins = 257;
  const auto fb = SlaneyMelFilterbank(16000, 512, n_mels, 0.0, 8000.0);
  ASSERT_EQ(fb.size(), static_cast<size_t>(n_mels * bins));
  int last_peak = -1;
  for (int m = 0; m < n_mels; ++m) {
    double area = 0;
    int peak = 0;
    for (int k = 0; k < bins; ++k) {
      const float w = fb[static_cast<size_t>(m * bins + k)];
      ASSERT_GE(w, 0.0f);
      area += w * 31.25;  // Slaney normalization: unit area in Hz
      if (w > fb[static_cast<size_t>(m * bins + peak)]) peak = k;
    }
    EXPECT_GE(peak, last_peak) << "filter " << m;
    last_peak = peak;
    if (m >= n_mels / 2) {
      EXPECT_NEAR(area, 1.0, 0.02) << "filter " << m;
    }
    EXPECT_NEAR(area, 1.0, 0.12) << "filter " << m;
  }
}

TEST(MelFilterbankTest, RejectsBadArguments) {
  EXPECT_THROW(SlaneyMelFilterbank(16000, 512, 0, 0, 8000), Error);
  EXPECT_THROW(SlaneyMelFilterbank(16000, 512, 80, 0, 9000), Error);
  EXPECT_THROW(SlaneyMelFilterbank(16000, 512, 80, 4000, 3000), Error);
  EXPECT_THROW(SlaneyMelFilterbank(0, 512, 80, 0, 8000), Error);
}

}  // namespace
}  // namespace sori
