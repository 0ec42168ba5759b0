#include "tiny_package.h"

#include <cmath>
#include <random>

#include "model/package.h"
#include "text/char_tokenizer.h"

namespace sori::test {

void WriteTinyPackage(const std::string& dir) { WriteTinyPackage(dir, TinyPackageOptions{}); }

void WriteTinyPackage(const std::string& dir, const TinyPackageOptions& options) {
  torch::manual_seed(11);
  const CharTokenizer tok = CharTokenizer::FromVocabulary({"<unk>", " ", "a", "b", "c", "d", "e"});
  ModelConfig c;
  c.tokenizer.type = "char";
  c.encoder.n_layers = 2;
  c.encoder.d_model = 64;
  c.encoder.subsampling_factor = 4;
  c.encoder.subsampling_conv_channels = 32;
  c.encoder.conv_kernel_size = 5;
  c.vocab_size = tok.vocab_size();
  CtcModel model(c.encoder, c.decoder_config());
  // Random weights emit mostly blanks; a bias on the letters and the space makes the
  // transcripts long enough to test words on.
  torch::NoGradGuard g;
  for (auto& p : model->named_parameters()) {
    if (p.key().find("decoder") != std::string::npos && p.key().find("bias") != std::string::npos) {
      p.value().copy_(torch::tensor({0.0f, 1.5f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, options.blank_bias}));
    }
  }
  SaveModelPackage(dir, c, model, tok, options.metrics, nlohmann::json::object());
}

std::vector<float> TestSignal(double seconds, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0.0f, 1.0f);
  std::vector<float> x(static_cast<size_t>(seconds * 16000));
  for (size_t i = 0; i < x.size(); ++i) {
    const double t = static_cast<double>(i) / 16000;
    const bool pause = std::fmod(t, 3.0) > 2.4;
    x[i] = pause ? 0.001f * n(rng) : static_cast<float>(0.3 * std::sin(2 * M_PI * (200 + 50 * std::sin(t)) * t)) + 0.05f * n(rng);
  }
  return x;
}

}  // namespace sori::test
