// A small random-weight model package and a speech-like test signal, for the infer tests
// (no trained model or shared data needed: they test plumbing, not accuracy).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "infer/recognizer.h"
#include "support/temp_dir.h"

namespace sori::test {

// Writes the package into `dir` (char vocabulary "<unk>", " ", a-e; 4x subsampling; the
// CTC head biased towards letters and spaces so transcripts have words).
void WriteTinyPackage(const std::string& dir);

// Variants, for tests that need versions that differ (canary, shadow).
struct TinyPackageOptions {
  float blank_bias = 0.0f;          // the CTC head's blank bias; large: a model that hears nothing
  nlohmann::json metrics = nlohmann::json::object();  // model.json metrics (a new hash, e.g. test/cer)
};
void WriteTinyPackage(const std::string& dir, const TinyPackageOptions& options);

// Tone bursts with noise, a 0.6 s pause every 3 s, at 16 kHz.
std::vector<float> TestSignal(double seconds, unsigned seed);

// A test suite sharing one tiny package and its Recognizer (built once per suite).
class TinyModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    WriteTinyPackage(dir_->File("pkg"));
    recognizer_ = std::make_unique<Recognizer>(dir_->File("pkg"));
  }
  static void TearDownTestSuite() {
    recognizer_.reset();
    dir_.reset();
  }
  static inline std::unique_ptr<TempDir> dir_;
  static inline std::unique_ptr<Recognizer> recognizer_;
};

}  // namespace sori::test
