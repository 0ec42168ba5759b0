// Fake model packages, registration inputs and error checks, for the registry's and
// canaries' tests.
// Packages here are folders of plain files (the store never loads them).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"
#include "util/error.h"

namespace sori::test {

// A fake package: model.json, weights and a tokenizer file under a subfolder.
inline std::string MakePackage(const TempDir& dir, const std::string& name, const std::string& weights) {
  dir.Write(name + "/model.json", R"({"format": "sori-model", "metrics": {"val/cer": 0.2}})");
  dir.Write(name + "/weights.ckpt", weights);
  dir.Write(name + "/tokenizer/vocab.txt", "a\nb\n");
  return dir.File(name);
}

// A version of `model` from `package` with test/cer = test_cer (none if negative).
inline ModelVersionInput Input(const std::string& package, double test_cer, const std::string& model = "ko-tiny") {
  ModelVersionInput in;
  in.name = model;
  in.source = package;
  in.package_dir = package;
  in.config_yaml = "model: {}\n";
  in.metrics = ParseMetricMap(test_cer < 0 ? "{}" : R"({"test/cer": )" + std::to_string(test_cer) + "}", "metrics");
  in.lineage = ParseLineage(R"({"datasets": [{"role": "train", "hash": "abc"}]})", "lineage");
  return in;
}

// Runs f, expecting a sori::Error with `code` whose message contains `part`.
inline void ExpectError(ErrorCode code, const std::string& part, const std::function<void()>& f) {
  try {
    f();
    FAIL() << "no error; expected one containing '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace sori::test
